// Every sender classifies an answer by its HTTP status first (408, 429, 5xx: retry) and by the
// provider's error name second; an answer it cannot read (a proxy's HTML page, an empty or cut body,
// JSON that is not the provider's error object) is retried, never dead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailSender } from '@/lib/delivery/senders/mail';
import { createSlackSender } from '@/lib/delivery/senders/slack';
import { createTeamsSender } from '@/lib/delivery/senders/msteams';
import { createWebhookSender, generateWebhookSecret } from '@/lib/delivery/senders/webhooks';
import type { SendResult } from '@/lib/delivery/types';
import type { Fault } from '../../fakes/fake-server';
import { startFakeResend, type FakeResend } from '../../fakes/resend';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack';
import { startFakeTeams, type FakeTeams } from '../../fakes/teams';
import { startFakeWebhookReceiver, type FakeWebhookReceiver } from '../../fakes/webhook-receiver';
import { message } from '../../support/delivery-messages';

const HTML = '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
/** Unreadable answers, each with a status a retry can get past. */
const UNREADABLE: [string, Fault][] = [
  ["a 500 whose JSON is not the provider's error object", { status: 500, body: '{"ok":false,"error":"internal_error"}' }],
  ['a 500 with plain text', { status: 500, body: 'Internal Server Error' }],
  ['a 502 HTML page from a proxy', { status: 502, body: HTML, headers: { 'content-type': 'text/html' } }],
  ['a 503 with an empty body', { status: 503, body: '' }],
  ['a 500 cut off mid-body', { status: 500, body: '{"statusCode":500,"name":"internal_server_error","message":"x"}', cut: true }],
  ['a 504 with JSON null', { status: 504, body: 'null' }],
  ['a 408 with HTML', { status: 408, body: HTML }],
  ['a 429 with an empty body', { status: 429, body: '' }],
];
/** Answers with a 2xx status whose body cannot be read: Resend and Slack cannot know what happened. */
const UNREADABLE_SUCCESS: [string, Fault][] = [
  ['a 200 HTML page', { status: 200, body: HTML, headers: { 'content-type': 'text/html' } }],
  ['a 200 with an empty body', { status: 200, body: '' }],
  ['a 200 cut off mid-body', { status: 200, body: '{"id":"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794"}', cut: true }],
];

let resend: FakeResend;
let slack: FakeSlack;
let teams: FakeTeams;
let receiver: FakeWebhookReceiver;
const secret = generateWebhookSecret();

beforeAll(async () => {
  [resend, slack, teams, receiver] = await Promise.all([
    startFakeResend(),
    startFakeSlack(),
    startFakeTeams({ requestsPerSecond: 10_000 }),
    startFakeWebhookReceiver({ secret }),
  ]);
});
afterAll(() => Promise.all([resend, slack, teams, receiver].map((f) => f.close())));

const mail = () =>
  createMailSender({
    apiKey: 're_test_key',
    baseUrl: resend.url,
    from: 'Tocsin <t@example.com>',
    appUrl: 'https://tocsin.example',
    timeoutMs: 2000,
  });
const slackSender = () => createSlackSender({ botToken: 'xoxb-test-token', apiUrl: slack.apiUrl, timeoutMs: 2000 });

function expectRetryable(result: SendResult): void {
  expect(result.ok).toBe(false);
  expect(result.ok === false && result.retryable, JSON.stringify(result)).toBe(true);
  expect(result.ok === false && result.error).not.toMatch(/undefined/);
}

describe('Resend', () => {
  it.each([...UNREADABLE, ...UNREADABLE_SUCCESS])('an email answered with %s is retried', async (_, fault) => {
    resend.failNext(1, fault);
    expectRetryable(await mail().send(message('mail', { to: ['a@example.com'] })));
  });

  it.each([...UNREADABLE, ...UNREADABLE_SUCCESS])('a batch answered with %s is retried whole', async (_, fault) => {
    resend.failNext(1, fault);
    const results = await mail().sendBatch([message('mail', { to: ['a@example.com'] }), message('mail', { to: ['b@example.com'] })]);
    for (const r of results) expectRetryable(r);
  });

  it('the status wins over the name: a 503 naming a permanent error is retried, and the status is kept', async () => {
    resend.failNext(1, { status: 503, body: { statusCode: 503, name: 'validation_error', message: 'upstream' } });
    const result = await mail().send(message('mail', { to: ['a@example.com'] }));
    expectRetryable(result);
    expect(result.ok === false && result.statusCode).toBe(503);
  });

  it('a readable 4xx is decided by its name: validation_error is dead, concurrent_idempotent_requests is retried', async () => {
    resend.failNext(1, { status: 403, body: { statusCode: 403, name: 'validation_error', message: 'domain not verified' } });
    const refused = await mail().send(message('mail', { to: ['a@example.com'] }));
    expect(refused).toMatchObject({ ok: false, retryable: false, statusCode: 403 });
    resend.failNext(1, { status: 409, body: { statusCode: 409, name: 'concurrent_idempotent_requests', message: 'in flight' } });
    expectRetryable(await mail().send(message('mail', { to: ['a@example.com'] })));
  });

  it('a 400 whose body cannot be read is retried: nothing says the request itself is wrong', async () => {
    resend.failNext(1, { status: 400, body: '<html>Bad Request</html>' });
    expect(await mail().send(message('mail', { to: ['a@example.com'] }))).toMatchObject({ ok: false, retryable: true, statusCode: 400 });
  });
});

describe('Slack', () => {
  it.each([...UNREADABLE, ...UNREADABLE_SUCCESS])('a message answered with %s is retried', async (_, fault) => {
    slack.failNext(1, fault);
    expectRetryable(await slackSender().send(message('slack', { kind: 'channel', channel: 'C0GENERAL' })));
  });

  it('a 200 {ok:false} without an error code is retried; a known code is decided by its name', async () => {
    slack.failNext(1, { status: 200, body: '{"ok":false}' });
    expectRetryable(await slackSender().send(message('slack', { kind: 'channel', channel: 'C0GENERAL' })));
    expect(await slackSender().send(message('slack', { kind: 'channel', channel: 'C0MISSING' }))).toMatchObject({
      ok: false,
      retryable: false,
      error: 'Slack channel_not_found',
    });
  });

  it('the lookups before a DM are classified the same way', async () => {
    const dm = createSlackSender({ botToken: 'xoxb-test-token', apiUrl: slack.apiUrl, timeoutMs: 2000 });
    slack.failNext(1, { status: 502, body: HTML });
    expectRetryable(await dm.send(message('slack', { kind: 'user', userId: null, email: 'someone@example.com' })));
  });
});

describe('Teams and webhooks', () => {
  it.each(UNREADABLE)('a Teams card answered with %s is retried', async (_, fault) => {
    teams.failNext(1, fault);
    expectRetryable(await createTeamsSender({ allowPrivate: true, timeoutMs: 2000 }).send(message('msteams', { url: teams.webhookUrl })));
  });

  it.each(UNREADABLE)('a webhook answered with %s is retried', async (_, fault) => {
    receiver.failNext(1, fault);
    expectRetryable(
      await createWebhookSender({ allowPrivate: true, timeoutMs: 2000 }).send(message('webhooks', { url: receiver.url, secret })),
    );
  });
});
