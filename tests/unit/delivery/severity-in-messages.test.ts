// Messages carry the event's severity (DESIGN §4b.1), as a word with its colour, never colour alone.
import { afterEach, describe, expect, it } from 'vitest';
import { createTeamsSender } from '@/lib/delivery/senders/msteams';
import { createSlackSender } from '@/lib/delivery/senders/slack';
import { createWebhookSender, generateWebhookSecret } from '@/lib/delivery/senders/webhooks';
import { renderEventEmail } from '@/lib/delivery/templates/render';
import { message, sampleEvent } from '../../support/delivery-messages';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack';
import { startFakeTeams, type FakeTeams } from '../../fakes/teams';
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from '../../fakes/webhook-receiver';

const high = sampleEvent({ severity: 'High' });
const closers: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('severity in messages', () => {
  it('email: the word, in its colour; none for an event without severity', async () => {
    const email = await renderEventEmail(high, 'https://tocsin.example');
    expect(email.html).toMatch(/color:#c2410c[^>]*>Severity: <!-- -->High|color:#c2410c[^>]*>Severity: High/);
    expect(email.text).toContain('Severity: High');
    expect((await renderEventEmail(sampleEvent(), 'https://tocsin.example')).text).not.toContain('Severity');
  });

  it('Slack: a coloured circle and the word', async () => {
    const slack: FakeSlack = await startFakeSlack({ token: 'xoxb-1', channels: ['C0GENERAL'] });
    closers.push(() => slack.close());
    const sender = createSlackSender({ botToken: 'xoxb-1', apiUrl: slack.apiUrl, timeoutMs: 2000 });
    expect(await sender.send(message('slack', { kind: 'channel', channel: 'C0GENERAL' }, high))).toMatchObject({ ok: true });
    expect(JSON.stringify(slack.posts[0]!.args.blocks)).toContain(':large_orange_circle: *Severity: High*');
  });

  it('Teams: a TextBlock in the Attention colour with the word', async () => {
    const teams: FakeTeams = await startFakeTeams({ sig: 'sig-0123' });
    closers.push(() => teams.close());
    const sender = createTeamsSender({ allowPrivate: true, timeoutMs: 2000 });
    expect(await sender.send(message('msteams', { url: teams.webhookUrl }, high))).toEqual({ ok: true });
    expect(JSON.stringify(teams.cards[0])).toContain('"text":"Severity: High","color":"Attention"');
  });

  it('webhooks: a severity field in the payload', async () => {
    const secret = generateWebhookSecret();
    const receiver: FakeWebhookReceiver = await startFakeWebhookReceiver({ secret });
    closers.push(() => receiver.close());
    const sender = createWebhookSender({ allowPrivate: true, timeoutMs: 2000, now: () => new Date() });
    expect(await sender.send(message('webhooks', { url: receiver.url, secret }, high))).toEqual({ ok: true });
    expect(receiver.valid[0]!.payload).toMatchObject({ severity: 'High' });
  });
});
