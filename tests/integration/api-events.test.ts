// POST /api/v2/events (tools notify about anything) and POST /api/v2/notifications/preview ("who
// will hear this"), over real HTTP: every refusal, the audience, and Idempotency-Key retries.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { idempotencyKeys, notificationEvents } from '@/lib/db/schema';
import { startApiApp, tokenFor, type ApiApp, type ApiClient } from '../support/api';
import { addProductMember, addProductTypeMember, makeProductType, makeProgram, makeUser, type User } from '../support/fixtures';
import { alertedUserIds } from '../support/notifications';

let t: ApiApp;
let admin: ApiClient;
let p: Awaited<ReturnType<typeof makeProgram>>;
let other: Awaited<ReturnType<typeof makeProgram>>;
const users: Record<'writer' | 'reader' | 'importer' | 'maintainer' | 'outsider' | 'ptWriter' | 'globalWriter', User> = {} as never;
const as: Record<keyof typeof users, ApiClient> = {} as never;

beforeAll(async () => {
  t = await startApiApp();
  admin = t.admin;
  const pt = await makeProductType();
  p = await makeProgram(pt.id);
  other = await makeProgram((await makeProductType()).id);
  for (const name of Object.keys({
    writer: 0,
    reader: 0,
    importer: 0,
    maintainer: 0,
    outsider: 0,
    ptWriter: 0,
  }) as (keyof typeof users)[]) {
    users[name] = await makeUser({ username: name });
  }
  users.globalWriter = await makeUser({ username: 'globalWriter', globalRole: 'Writer' });
  await addProductMember(p.product.id, users.writer.id, 'Writer');
  await addProductMember(p.product.id, users.reader.id, 'Reader');
  await addProductMember(p.product.id, users.importer.id, 'API Importer');
  await addProductMember(p.product.id, users.maintainer.id, 'Maintainer');
  await addProductTypeMember(pt.id, users.ptWriter.id, 'Writer');
  for (const [name, user] of Object.entries(users)) as[name as keyof typeof users] = t.api.as({ token: await tokenFor(user.id) });
});
afterAll(async () => t?.stop());

const post = (client: ApiClient, body: unknown, key?: string) =>
  client.request('POST', '/events', body, key === undefined ? {} : { 'idempotency-key': key });

async function eventRow(id: number) {
  const [row] = await db().select().from(notificationEvents).where(eq(notificationEvents.id, id));
  return row;
}

/** Events posted through the API: the app's worker may record scheduled ones (SLA, engagements…) meanwhile. */
async function eventCount(): Promise<number> {
  const [row] = await db().execute<{ n: number }>(sql`select count(*)::int as n from notification_events
    where type not in ('sla_breach', 'sla_breach_combined', 'upcoming_engagement', 'stale_engagement',
      'auto_close_engagement', 'risk_acceptance_expiration')`);
  return row!.n;
}

async function activeUserCount(): Promise<number> {
  const [row] = await db().execute<{ n: number }>(sql`select count(*)::int as n from users where is_active`);
  return row!.n;
}

describe('POST /api/v2/events', () => {
  it('needs credentials (401)', async () => {
    expect((await post(t.api, { type: 'other', title: 'x' })).status).toBe(401);
  });

  it('records the event and answers 202 with its id and the number of users reached', async () => {
    const response = await post(as.writer, {
      type: 'jira_update',
      title: 'PROJ-12 moved to Done',
      description: 'by the sync',
      url: `/products/${p.product.id}`,
      product: p.product.id,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    expect(response.body).toEqual({ id: expect.any(Number), recipients: expect.any(Number) });
    expect(await eventRow(response.body.id)).toMatchObject({
      type: 'jira_update',
      title: 'PROJ-12 moved to Done',
      description: 'by the sync',
      url: `/products/${p.product.id}`,
      productId: p.product.id,
      productTypeId: p.product.prodTypeId,
      actorId: users.writer.id,
      recipientIds: null,
    });
    // The system-wide alert (the default) reaches every viewer of the product, and nobody else.
    const alerted = await alertedUserIds(response.body.id);
    expect(alerted).toEqual(expect.arrayContaining([users.writer.id, users.reader.id, users.importer.id, users.ptWriter.id, t.adminId]));
    expect(alerted).not.toContain(users.outsider.id);
    expect(response.body.recipients).toBe(alerted.length);
  });

  it('an event about nothing reaches every active user (superusers only)', async () => {
    const response = await post(admin, { type: 'other', title: 'Maintenance tonight' });
    expect(response.status).toBe(202);
    expect(response.body.recipients).toBe(await activeUserCount());
  });

  it('named recipients: only those who can see the subject are told', async () => {
    const response = await post(as.writer, {
      type: 'code_review',
      title: 'Please review the fix',
      finding: p.finding.id,
      recipients: ['reader', 'OUTSIDER', 'maintainer'],
    });
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    expect(response.body.recipients).toBe(2);
    expect(await alertedUserIds(response.body.id)).toEqual([users.reader.id, users.maintainer.id].sort((a, b) => a - b));
    expect(await eventRow(response.body.id)).toMatchObject({ findingId: p.finding.id, testId: p.test.id });
  });

  describe('400: bad input, with field errors', () => {
    it.each([
      ['an unknown type', { type: 'coffee_ready', title: 'x' }, 'type'],
      ['no type', { title: 'x' }, 'type'],
      ['no title', { type: 'other' }, 'title'],
      ['a blank title', { type: 'other', title: '   ' }, 'title'],
      ['a title over 250 characters', { type: 'other', title: 'x'.repeat(251) }, 'title'],
      ['a description over 2,000 characters', { type: 'other', title: 'x', description: 'x'.repeat(2001) }, 'description'],
      ['a javascript: link', { type: 'other', title: 'x', url: 'javascript:alert(1)' }, 'url'],
      ['a protocol-relative link', { type: 'other', title: 'x', url: '//evil.example.com' }, 'url'],
      ['a link to another site', { type: 'other', title: 'x', url: 'https://jira.example.com/browse/PROJ-12' }, 'url'],
      ['a path with a newline that browsers drop', { type: 'other', title: 'x', url: '/\n/evil.example' }, 'url'],
      ['a path with a TAB that browsers drop', { type: 'other', title: 'x', url: '/\t/evil.example' }, 'url'],
      ['a path that resolves to another host', { type: 'other', title: 'x', url: '/.//evil.example' }, 'url'],
      ['a path with a line separator', { type: 'other', title: 'x', url: '/\u2028/x' }, 'url'],
      ['a subject id that is not a number', { type: 'other', title: 'x', product: 'one' }, 'product'],
      ['recipients that are not a list', { type: 'other', title: 'x', recipients: 'reader' }, 'recipients'],
      ['an empty recipient list', { type: 'other', title: 'x', recipients: [] }, 'recipients'],
      ['a named-recipient event without recipients', { type: 'code_review', title: 'x', product: 1 }, 'recipients'],
    ])('%s', async (_, body, field) => {
      const response = await post(admin, body);
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(Object.keys(response.body.errors)).toContain(field);
    });

    it('an unknown type names the known ones', async () => {
      const response = await post(admin, { type: 'coffee_ready', title: 'x' });
      expect(response.body.errors.type[0]).toMatch(/^Unknown event type: expected one of product_type_added, .*other\.$/);
    });

    it('unknown recipient usernames are passed over like users who cannot see the subject: no oracle on usernames', async () => {
      const unknown = await post(as.writer, { type: 'code_review', title: 'x', product: p.product.id, recipients: ['nobody', 'ghost'] });
      const hidden = await post(as.writer, { type: 'code_review', title: 'x', product: p.product.id, recipients: ['outsider'] });
      expect(unknown).toMatchObject({ status: 202, body: { recipients: 0 } });
      expect(hidden).toMatchObject({ status: 202, body: { recipients: 0 } });
      expect(JSON.stringify(unknown.body)).not.toContain('nobody');
      const mixed = await post(as.writer, { type: 'code_review', title: 'x', product: p.product.id, recipients: ['reader', 'ghost'] });
      expect(mixed).toMatchObject({ status: 202, body: { recipients: 1 } });
    });

    it('malformed JSON', async () => {
      expect((await post(admin, '{"type": "other",')).status).toBe(400);
    });
  });

  describe('404: a subject that does not exist or that the caller cannot see', () => {
    it.each([
      ['a product that does not exist', () => ({ product: 999_999 })],
      ['a finding that does not exist', () => ({ finding: 999_999 })],
      ['a product of another product type', () => ({ product_type: p.product.prodTypeId, product: other.product.id })],
      ['a finding with a test it does not belong to', () => ({ test: other.test.id, finding: p.finding.id })],
    ])('%s', async (_, subject) => {
      expect((await post(admin, { type: 'other', title: 'x', ...subject() })).status).toBe(404);
    });

    it('a product the caller is no member of is a 404, not a 403', async () => {
      for (const subject of [{ product: other.product.id }, { test: other.test.id }, { finding: other.finding.id }]) {
        expect((await post(as.writer, { type: 'other', title: 'x', ...subject })).status).toBe(404);
      }
      expect((await post(as.outsider, { type: 'scan_added', title: 'x', test: p.test.id })).status).toBe(404);
    });

    it('nothing is recorded', async () => {
      // Counted by its own title: the app's worker may record scheduled events (SLA…) meanwhile.
      const probe = async () =>
        (await db().execute<{ n: number }>(sql`select count(*)::int as n from notification_events where title = 'refused probe'`))[0]!.n;
      expect((await post(as.outsider, { type: 'other', title: 'refused probe', product: p.product.id })).status).toBe(404);
      expect(await probe()).toBe(0);
    });
  });

  describe('403: visible, but the caller may not notify about it', () => {
    it('Writer or above on the subject may; a Reader may not', async () => {
      expect((await post(as.reader, { type: 'other', title: 'x', product: p.product.id })).status).toBe(403);
      expect((await post(as.reader, { type: 'jira_update', title: 'x', finding: p.finding.id })).status).toBe(403);
      for (const client of [as.writer, as.maintainer, as.ptWriter, as.globalWriter, admin]) {
        expect((await post(client, { type: 'other', title: 'x', engagement: p.engagement.id })).status).toBe(202);
      }
    });

    it('an API Importer may post scan events, and only those', async () => {
      expect((await post(as.importer, { type: 'scan_added', title: 'Scan', test: p.test.id })).status).toBe(202);
      expect((await post(as.importer, { type: 'scan_added_empty', title: 'Scan', test: p.test.id })).status).toBe(202);
      const refused = await post(as.importer, { type: 'other', title: 'x', test: p.test.id });
      expect(refused).toMatchObject({ status: 403, body: { detail: 'Posting an event needs the Writer role or above on its subject.' } });
      expect((await post(as.reader, { type: 'scan_added', title: 'Scan', test: p.test.id })).status).toBe(403);
    });

    it('an event without a subject needs a superuser', async () => {
      for (const client of [as.writer, as.globalWriter]) {
        expect(await post(client, { type: 'other', title: 'x' })).toMatchObject({
          status: 403,
          body: { detail: 'Only superusers may post events without a subject.' },
        });
      }
    });
  });
});

describe('Idempotency-Key', () => {
  const body = () => ({ type: 'jira_update', title: 'PROJ-1 synced', product: p.product.id });

  it('a retried post answers the first event again and notifies once', async () => {
    const before = await eventCount();
    const first = await post(as.writer, body(), 'sync-run-1');
    const retry = await post(as.writer, body(), 'sync-run-1');
    expect(first.status).toBe(202);
    expect(retry).toMatchObject({ status: 202, body: first.body });
    expect(await eventCount()).toBe(before + 1);
  });

  it('the same body in another key order is the same request', async () => {
    const first = await post(as.writer, { title: 'Reordered', product: p.product.id, type: 'other' }, 'reordered');
    expect(await post(as.writer, { type: 'other', title: 'Reordered', product: p.product.id }, 'reordered')).toMatchObject({
      status: 202,
      body: first.body,
    });
  });

  it('two concurrent posts with one key record one event', async () => {
    const before = await eventCount();
    const responses = await Promise.all(Array.from({ length: 6 }, () => post(as.writer, body(), 'concurrent-1')));
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(202));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await eventCount()).toBe(before + 1);
  });

  it('another body with a used key is refused (409) and notifies nothing', async () => {
    await post(as.writer, body(), 'reused');
    const before = await eventCount();
    const response = await post(as.writer, { ...body(), title: 'Something else' }, 'reused');
    expect(response.status).toBe(409);
    expect(response.body.errors.non_field_errors[0]).toMatch(/already used.*different request/);
    expect(await eventCount()).toBe(before);
  });

  it('keys belong to the caller: another user with the same key gets their own event', async () => {
    const mine = await post(as.writer, body(), 'shared-name');
    const theirs = await post(as.maintainer, body(), 'shared-name');
    expect(theirs.status).toBe(202);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('a refused post does not use up its key', async () => {
    expect((await post(as.writer, { type: 'other', title: 'x', product: other.product.id }, 'fixed-later')).status).toBe(404);
    expect((await post(as.writer, { type: 'other', title: 'x', product: p.product.id }, 'fixed-later')).status).toBe(202);
  });

  it('after 24 hours a key is forgotten: purged, and reusable', async () => {
    const first = await post(as.writer, body(), 'yesterday');
    await post(as.maintainer, body(), 'stale-other');
    await db()
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - interval '25 hours'` });
    const again = await post(as.writer, body(), 'yesterday');
    expect(again.status).toBe(202);
    expect(again.body.id).not.toBe(first.body.id);
    const keys = await db().select({ key: idempotencyKeys.key }).from(idempotencyKeys);
    expect(keys.map((k) => k.key)).toEqual(['yesterday']);
  });

  it.each([
    ['blank', ''],
    ['with a space', 'two words'],
    ['over 255 characters', 'k'.repeat(256)],
  ])('a key %s is a 400 on the header', async (_, key) => {
    const response = await post(as.writer, body(), key);
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.errors)).toEqual(['Idempotency-Key']);
  });
});

describe('POST /api/v2/notifications/preview', () => {
  it('superusers only (403 for anybody else)', async () => {
    for (const client of [as.writer, as.globalWriter, as.maintainer]) {
      expect((await client.post('/notifications/preview', { type: 'other', title: 'x', product: p.product.id })).status).toBe(403);
    }
    expect((await t.api.post('/notifications/preview', { type: 'other', title: 'x' })).status).toBe(401);
  });

  it('explains each recipient and the users RBAC leaves out, recording nothing', async () => {
    const before = await eventCount();
    const response = await admin.post('/notifications/preview', {
      type: 'code_review',
      title: 'Review',
      finding: p.finding.id,
      recipients: ['reader', 'outsider'],
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    // toMatchObject: groupsInto names the unread alert of earlier tests' code reviews.
    expect(response.body.recipients).toMatchObject([
      {
        userId: users.reader.id,
        username: 'reader',
        channels: [{ channel: 'alert', why: ['system'], reason: 'review_request', heldUntil: null, note: null }],
      },
    ]);
    expect(response.body.excluded).toEqual([{ userId: users.outsider.id, username: 'outsider', reason: 'no_access' }]);
    expect(response.body.shared).toEqual([]);
    expect(Object.keys(response.body.integrations).sort()).toEqual(['mail', 'msteams', 'slack', 'webhooks']);
    expect(await eventCount()).toBe(before);
  });

  it('agrees with what the event then reaches', async () => {
    const event = { type: 'jira_update', title: 'x', product: p.product.id };
    const preview = await admin.post('/notifications/preview', event);
    const posted = await post(admin, event);
    const previewed = preview.body.recipients.map((r: { userId: number }) => r.userId).sort((a: number, b: number) => a - b);
    expect(previewed).toEqual(await alertedUserIds(posted.body.id));
    expect(posted.body.recipients).toBe(previewed.length);
  });

  it('refuses what the events API refuses: unknown type (400), unknown subject (404)', async () => {
    expect((await admin.post('/notifications/preview', { type: 'nope', title: 'x' })).status).toBe(400);
    expect((await admin.post('/notifications/preview', { type: 'other', title: 'x', test: 999_999 })).status).toBe(404);
  });
});
