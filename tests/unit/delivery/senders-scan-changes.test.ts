// scan_added in every channel: the counts by severity, the first new, reactivated and closed
// findings with their links (escaped per format), and for webhooks the statistics and finding ids.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackSender } from '@/lib/delivery/senders/slack';
import { createTeamsSender } from '@/lib/delivery/senders/msteams';
import { createWebhookSender, generateWebhookSecret } from '@/lib/delivery/senders/webhooks';
import { renderEventEmail } from '@/lib/delivery/templates/render';
import type { DeliveryEvent } from '@/lib/delivery/types';
import type { ScanChanges } from '@/lib/scans/changes';
import { message, sampleEvent } from '../../support/delivery-messages';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack';
import { startFakeTeams, type FakeTeams } from '../../fakes/teams';
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from '../../fakes/webhook-receiver';

const none = { count: 0, bySeverity: {}, first: [], ids: [] };
const changes: ScanChanges = {
  created: {
    count: 7,
    bySeverity: { Critical: 1, High: 6 },
    ids: [11, 12, 13, 14, 15, 16, 17],
    first: [
      {
        id: 11,
        title: 'SQL <injection> | *bold*',
        severity: 'Critical',
        location: 'src/db.js:42',
        url: 'https://tocsin.example/findings/11',
      },
      { id: 12, title: 'XSS', severity: 'High', location: null, url: 'https://tocsin.example/findings/12' },
    ],
  },
  reactivated: none,
  closed: {
    count: 1,
    bySeverity: { Low: 1 },
    ids: [9],
    first: [{ id: 9, title: 'Old', severity: 'Low', location: 'https://a.test/', url: 'https://tocsin.example/findings/9' }],
  },
  untouched: { count: 40, bySeverity: { Medium: 40 }, first: [], ids: [] },
};
const zeroCounts = {
  active: 0,
  verified: 0,
  duplicate: 0,
  false_p: 0,
  out_of_scope: 0,
  is_mitigated: 0,
  risk_accepted: 0,
  total: 0,
};
const stats = Object.fromEntries(['info', 'low', 'medium', 'high', 'critical', 'total'].map((k) => [k, zeroCounts]));
const statistics = {
  after: stats,
  before: stats,
  delta: { created: stats, closed: stats, reactivated: stats, untouched: stats },
};

function scanEvent(): DeliveryEvent {
  return sampleEvent({
    type: 'scan_added',
    title: 'Scan imported into CodeQL',
    description: 'plain text summary',
    url: 'https://tocsin.example/tests/5',
    scan: { statistics: statistics as never, changes },
  });
}

describe('scan_added on Slack', () => {
  let slack: FakeSlack;
  beforeEach(async () => {
    slack = await startFakeSlack({ token: 'xoxb-1', channels: ['C1'] });
  });
  afterEach(() => slack.close());

  it('a section with the counts, then the linked first findings, mrkdwn-escaped', async () => {
    const sender = createSlackSender({ botToken: 'xoxb-1', apiUrl: slack.apiUrl, timeoutMs: 2000 });
    expect(await sender.send(message('slack', { kind: 'channel', channel: 'C1' }, scanEvent()))).toMatchObject({
      ok: true,
    });
    const texts = (slack.posts[0]!.args.blocks as { type: string; text?: { text: string } }[])
      .filter((b) => b.type === 'section' && b.text)
      .map((b) => b.text!.text);
    expect(texts[0]).toBe('New: 7 (1 Critical, 6 High) · Reactivated: 0 · Closed: 1 (1 Low) · Untouched: 40 (40 Medium)');
    expect(texts[1]).toBe(
      [
        '*New*',
        '• <https://tocsin.example/findings/11|Critical: SQL &lt;injection&gt; ¦ *bold* — src/db.js:42>',
        '• <https://tocsin.example/findings/12|High: XSS>',
        '• and 5 more',
      ].join('\n'),
    );
    expect(texts[2]).toBe('*Closed*\n• <https://tocsin.example/findings/9|Low: Old — https://a.test/>');
    expect(JSON.stringify(slack.posts[0])).not.toContain('plain text summary');
  });
});

describe('scan_added on Teams', () => {
  let teams: FakeTeams;
  beforeEach(async () => {
    teams = await startFakeTeams({ sig: 's' });
  });
  afterEach(() => teams.close());

  it('TextBlocks with the counts and markdown links, user text escaped', async () => {
    const sender = createTeamsSender({ allowPrivate: true, timeoutMs: 2000 });
    expect(await sender.send(message('msteams', { url: teams.webhookUrl }, scanEvent()))).toEqual({ ok: true });
    const texts = (teams.cards[0]!.body as { text?: string }[]).map((b) => b.text);
    expect(texts).toContain('New: 7 \\(1 Critical, 6 High\\) · Reactivated: 0 · Closed: 1 \\(1 Low\\) · Untouched: 40 \\(40 Medium\\)');
    expect(texts).toContain(
      '- [Critical: SQL \\<injection\\> \\| \\*bold\\* — src/db\\.js:42](https://tocsin.example/findings/11)\n' +
        '- [High: XSS](https://tocsin.example/findings/12)\n- and 5 more',
    );
  });
});

describe('scan_added by webhook', () => {
  let receiver: FakeWebhookReceiver;
  const secret = generateWebhookSecret();
  beforeEach(async () => {
    receiver = await startFakeWebhookReceiver({ secret });
  });
  afterEach(() => receiver.close());

  it("carries DefectDojo's statistics and the ids of the created, reactivated and closed findings", async () => {
    const sender = createWebhookSender({ allowPrivate: true, timeoutMs: 2000 });
    expect(await sender.send(message('webhooks', { url: receiver.url, secret }, scanEvent()))).toEqual({ ok: true });
    expect(receiver.valid[0]!.payload).toMatchObject({
      event: 'scan_added',
      statistics,
      finding_ids: { created: [11, 12, 13, 14, 15, 16, 17], reactivated: [], closed: [9] },
    });
  });

  it('other events carry neither', async () => {
    const sender = createWebhookSender({ allowPrivate: true, timeoutMs: 2000 });
    await sender.send(message('webhooks', { url: receiver.url, secret }, sampleEvent()));
    expect(Object.keys(receiver.valid[0]!.payload as object)).not.toContain('statistics');
  });
});

describe('scan_added by email', () => {
  it('lists the first findings as links; HTML in titles stays text', async () => {
    const email = await renderEventEmail(scanEvent(), 'https://tocsin.example');
    expect(email.html).toContain('New: 7 (1 Critical, 6 High)');
    expect(email.html).toContain('href="https://tocsin.example/findings/11"');
    expect(email.html).toContain('SQL &lt;injection&gt;');
    expect(email.html).not.toContain('<injection>');
  });
});
