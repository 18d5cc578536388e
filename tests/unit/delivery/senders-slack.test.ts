import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackSender } from '@/lib/delivery/senders/slack';
import type { DeliveryMessage, Sender, SlackDestination } from '@/lib/delivery/types';
import { HOSTILE_TITLE, message, sampleEvent } from '../../support/delivery-messages';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack';

const TOKEN = 'xoxb-test-123';
let slack: FakeSlack;
let sender: Sender<'slack'>;

const toChannel: SlackDestination = { kind: 'channel', channel: 'C0GENERAL' };

function slackTo(destination: SlackDestination = toChannel, event = sampleEvent()): DeliveryMessage<'slack'> {
  return message('slack', destination, event);
}

function createSender(overrides: { token?: string; timeoutMs?: number } = {}) {
  return createSlackSender({ botToken: overrides.token ?? TOKEN, apiUrl: slack.apiUrl, timeoutMs: overrides.timeoutMs ?? 2000 });
}

beforeEach(async () => {
  slack = await startFakeSlack({
    token: TOKEN,
    channels: ['C0GENERAL', 'C0ARCHIVED'],
    archived: ['C0ARCHIVED'],
    users: [{ id: 'U0ALICE', email: 'alice@example.com' }],
  });
  sender = createSender();
});
afterEach(() => slack.close());

describe('Slack messages', () => {
  it('posts Block Kit with fallback text to the shared channel, form-encoded with a Bearer token', async () => {
    const result = await sender.send(slackTo());

    const post = slack.posts[0]!;
    expect(result).toEqual({ ok: true, providerId: post.ts });
    expect(typeof post.ts).toBe('string');
    const request = slack.requests[0]!;
    expect(request.path).toBe('/api/chat.postMessage');
    expect(request.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(post.args).toMatchObject({ channel: 'C0GENERAL', unfurl_links: 'false', unfurl_media: 'false' });
    expect(post.args).not.toHaveProperty('link_names');
    expect(post.args).not.toHaveProperty('parse');
    expect(post.args.text).toBe('Engagement added: Engagement "Q3 pen test" added to Web &amp; API');
    expect(post.args.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Engagement "Q3 pen test" added to Web & API', emoji: false } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Engagement added' }] },
      { type: 'section', text: { type: 'mrkdwn', text: 'Scope: login, &lt;b&gt;checkout&lt;/b&gt; &amp; payments.\nOwner: @alice' } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Product type*\nCustomer apps' },
          { type: 'mrkdwn', text: '*Product*\nWeb &amp; API' },
          { type: 'mrkdwn', text: '*Engagement*\nQ3 pen test' },
        ],
      },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Tocsin' }, url: 'https://tocsin.example/engagements/12' }],
      },
    ]);
  });

  it('escapes broadcasts, mentions and links in user text: nobody is pinged, nothing is linked', async () => {
    await sender.send(
      slackTo(toChannel, sampleEvent({ title: HOSTILE_TITLE, description: '<!here> <@U0ALICE> <https://evil.example|login>' })),
    );
    const { args } = slack.posts[0]!;
    expect(args.text).toBe(
      'Engagement added: Q3 &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt; @channel [click](https://evil.example)',
    );
    const section = (args.blocks as { type: string; text?: { text: string } }[])[2]!;
    expect(section.text?.text).toBe('&lt;!here&gt; &lt;@U0ALICE&gt; &lt;https://evil.example|login&gt;');
  });

  it('keeps within Block Kit limits for long text (header 150, section 3,000)', async () => {
    const result = await sender.send(slackTo(toChannel, sampleEvent({ title: 'T'.repeat(250), description: '&'.repeat(5000) })));
    expect(result.ok).toBe(true);
    const blocks = slack.posts[0]!.args.blocks as { text?: { text: string } }[];
    expect(blocks[0]!.text!.text).toHaveLength(150);
    expect(blocks[2]!.text!.text.length).toBeLessThanOrEqual(3000);
    expect(blocks[2]!.text!.text).toMatch(/^(&amp;)+…$/);
  });
});

describe('Slack DMs', () => {
  it('opens the DM by Slack user id and posts there', async () => {
    const result = await sender.send(slackTo({ kind: 'user', userId: 'U0ALICE', email: null }));
    expect(result.ok).toBe(true);
    expect(slack.requests.map((r) => r.path)).toEqual(['/api/conversations.open', '/api/chat.postMessage']);
    expect(slack.posts[0]!.channel).toBe('DU0ALICE');
  });

  it('looks the user up by email, then opens the DM; both are cached', async () => {
    await sender.send(slackTo({ kind: 'user', userId: null, email: 'Alice@example.com' }));
    await sender.send(slackTo({ kind: 'user', userId: null, email: 'alice@example.com' }));
    expect(slack.requests.map((r) => r.path)).toEqual([
      '/api/users.lookupByEmail',
      '/api/conversations.open',
      '/api/chat.postMessage',
      '/api/chat.postMessage',
    ]);
    expect(slack.posts.map((p) => p.channel)).toEqual(['DU0ALICE', 'DU0ALICE']);
  });

  it('an unknown email is permanent (users_not_found)', async () => {
    expect(await sender.send(slackTo({ kind: 'user', userId: null, email: 'nobody@example.com' }))).toEqual({
      ok: false,
      retryable: false,
      statusCode: 200,
      error: 'Slack users_not_found',
    });
  });

  it('a user with neither id nor email is permanent, without calling Slack', async () => {
    expect(await sender.send(slackTo({ kind: 'user', userId: null, email: null }))).toMatchObject({ ok: false, retryable: false });
    expect(slack.requests).toHaveLength(0);
  });
});

describe('Slack failures', () => {
  it.each([
    ['an unknown channel', { kind: 'channel', channel: 'C0MISSING' }, 'Slack channel_not_found'],
    ['an archived channel', { kind: 'channel', channel: 'C0ARCHIVED' }, 'Slack is_archived'],
  ] as const)('%s is permanent', async (_name, destination, error) => {
    expect(await sender.send(slackTo(destination))).toEqual({ ok: false, retryable: false, statusCode: 200, error });
  });

  it('an invalid token is permanent, and the token never appears in the error', async () => {
    const result = await createSender({ token: 'xoxb-wrong-456' }).send(slackTo());
    expect(result).toEqual({ ok: false, retryable: false, statusCode: 200, error: 'Slack invalid_auth' });
  });

  it('a 500 is retryable, and the client does not retry it by itself: exactly one request', async () => {
    slack.failNext(3, { status: 500 });
    expect(await sender.send(slackTo())).toMatchObject({ ok: false, retryable: true, statusCode: 500 });
    expect(slack.requests).toHaveLength(1);
  });

  it('a 429 is retryable after Retry-After, and the client does not wait and retry by itself', async () => {
    slack.failNext(1, { status: 429, retryAfter: 7 });
    const started = Date.now();
    expect(await sender.send(slackTo())).toEqual({
      ok: false,
      retryable: true,
      statusCode: 429,
      retryAfterSeconds: 7,
      error: 'Slack rate limited the request',
    });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(slack.requests).toHaveLength(1);
  });

  it('a 429 without Retry-After is retryable', async () => {
    slack.failNext(1, { status: 429 });
    expect(await sender.send(slackTo())).toMatchObject({ ok: false, retryable: true });
    expect(slack.requests).toHaveLength(1);
  });

  it('posting faster than about one message per second to a channel is rate limited', async () => {
    await slack.close();
    slack = await startFakeSlack({ token: TOKEN, perChannelPerSecond: 1 });
    sender = createSender();
    expect((await sender.send(slackTo())).ok).toBe(true);
    expect(await sender.send(slackTo())).toMatchObject({ ok: false, retryable: true, statusCode: 429, retryAfterSeconds: 1 });
    expect(slack.posts).toHaveLength(1);
  });

  it('a slow answer times out and is retryable', async () => {
    slack.failNext(1, { delayMs: 1500 });
    expect(await createSender({ timeoutMs: 200 }).send(slackTo())).toEqual({
      ok: false,
      retryable: true,
      error: 'Slack did not answer in time',
    });
    expect(slack.requests).toHaveLength(1);
  });

  it('a dropped connection is retryable', async () => {
    slack.failNext(1, { drop: true });
    expect(await sender.send(slackTo())).toEqual({ ok: false, retryable: true, error: 'could not reach Slack' });
    expect(slack.requests).toHaveLength(1);
  });
});
