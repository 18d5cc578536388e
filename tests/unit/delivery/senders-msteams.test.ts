import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTeamsSender, MAX_TEAMS_PAYLOAD_BYTES } from '@/lib/delivery/senders/msteams';
import type { DeliveryMessage, Sender } from '@/lib/delivery/types';
import { HOSTILE_TITLE, message, sampleEvent } from '../../support/delivery-messages';
import { startFakeTeams, type FakeTeams } from '../../fakes/teams';

const SIG = 'sig-secret-0123';
let teams: FakeTeams;
let sender: Sender<'msteams'>;

function teamsTo(url = teams.webhookUrl, event = sampleEvent()): DeliveryMessage<'msteams'> {
  return message('msteams', { url }, event);
}

beforeEach(async () => {
  teams = await startFakeTeams({ sig: SIG });
  sender = createTeamsSender({ allowPrivate: true, timeoutMs: 2000 });
});
afterEach(() => teams.close());

describe('Teams Workflows messages', () => {
  it('posts a message with one Adaptive Card 1.4 attachment; 202 is success', async () => {
    expect(await sender.send(teamsTo())).toEqual({ ok: true });

    const request = teams.requests[0]!;
    expect(request.headers['content-type']).toBe('application/json;charset=utf-8');
    const body = JSON.parse(request.body.toString('utf8'));
    expect(body).toEqual({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: expect.any(Object) }],
    });
    expect(teams.failedRuns).toEqual([]);
    expect(teams.cards[0]).toEqual({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      body: [
        { type: 'TextBlock', text: 'Engagement added', isSubtle: true, size: 'Small', wrap: true },
        { type: 'TextBlock', text: 'Engagement "Q3 pen test" added to Web & API', weight: 'Bolder', size: 'Medium', wrap: true },
        { type: 'TextBlock', text: 'Scope: login, \\<b\\>checkout\\</b\\> & payments\\.\n\nOwner: @alice', wrap: true },
        {
          type: 'FactSet',
          facts: [
            { title: 'Product type', value: 'Customer apps' },
            { title: 'Product', value: 'Web & API' },
            { title: 'Engagement', value: 'Q3 pen test' },
          ],
        },
      ],
      actions: [{ type: 'Action.OpenUrl', title: 'Open in Tocsin', url: 'https://tocsin.example/engagements/12' }],
    });
  });

  it('escapes user text so it cannot add links or formatting to the card', async () => {
    await sender.send(teamsTo(undefined, sampleEvent({ title: HOSTILE_TITLE, description: '**urgent** <at>CEO</at>' })));
    const body = teams.cards[0]!.body as { text?: string }[];
    expect(body[1]!.text).toBe(
      'Q3 \\<script\\>alert\\(1\\)\\</script\\> & \\<\\!channel\\> @channel \\[click\\]\\(https://evil\\.example\\)',
    );
    expect(body[2]!.text).toBe('\\*\\*urgent\\*\\* \\<at\\>CEO\\</at\\>');
  });

  it('keeps the payload under the 28 KB limit by shortening the description', async () => {
    const result = await sender.send(teamsTo(undefined, sampleEvent({ description: '_*'.repeat(40_000) })));
    expect(result).toEqual({ ok: true });
    expect(teams.requests[0]!.body.length).toBeLessThanOrEqual(MAX_TEAMS_PAYLOAD_BYTES);
  });
});

describe('Teams failures', () => {
  it('429 is retryable after Retry-After', async () => {
    teams.failNext(1, { status: 429, retryAfter: 5 });
    expect(await sender.send(teamsTo())).toMatchObject({ ok: false, retryable: true, statusCode: 429, retryAfterSeconds: 5 });
  });

  it('more than 4 requests a second are throttled with 429', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => sender.send(teamsTo())));
    expect(results.filter((r) => r.ok)).toHaveLength(4);
    expect(results.find((r) => !r.ok)).toMatchObject({ retryable: true, statusCode: 429, retryAfterSeconds: 1 });
  });

  it('5xx is retryable; other 4xx are permanent', async () => {
    teams.failNext(1, { status: 502 }).failNext(1, { status: 400 });
    expect(await sender.send(teamsTo())).toMatchObject({ ok: false, retryable: true, statusCode: 502 });
    expect(await sender.send(teamsTo())).toMatchObject({ ok: false, retryable: false, statusCode: 400 });
  });

  it('a wrong signature is permanent, and the URL and its sig never appear in the error', async () => {
    const wrong = teams.webhookUrl.replace(SIG, 'sig-wrong-999');
    const result = await sender.send(teamsTo(wrong));
    expect(result).toMatchObject({ ok: false, retryable: false, statusCode: 401 });
    expect(JSON.stringify(result)).not.toContain('sig-wrong-999');
    expect(JSON.stringify(result)).not.toContain('127.0.0.1');
  });

  it('a slow answer times out and is retryable; so is a dropped connection', async () => {
    teams.failNext(1, { delayMs: 1500 }).failNext(1, { drop: true });
    const slow = createTeamsSender({ allowPrivate: true, timeoutMs: 200 });
    expect(await slow.send(teamsTo())).toEqual({ ok: false, retryable: true, error: 'Teams webhook did not answer in time' });
    expect(await sender.send(teamsTo())).toMatchObject({ ok: false, retryable: true, error: expect.stringContaining('connection failed') });
  });

  it('refuses private and plain-http URLs unless private URLs are allowed', async () => {
    const strict = createTeamsSender({ allowPrivate: false, timeoutMs: 2000 });
    expect(await strict.send(teamsTo())).toEqual({ ok: false, retryable: false, error: 'Teams webhook refused: the URL must use https' });
    const loopback = teams.webhookUrl.replace('http://', 'https://');
    expect(await strict.send(teamsTo(loopback))).toEqual({
      ok: false,
      retryable: false,
      error: 'Teams webhook refused: the URL points to a private or reserved address',
    });
    expect(teams.requests).toHaveLength(0);
  });
});
