// GET /api/v2/audit_log: superusers read who changed what, with the same filters as /admin/audit, in
// DefectDojo's list shape; changes made over the API are recorded with the trusted client address.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { sessionCookieFor, startApiApp, tokenFor, type ApiApp } from '../support/api';
import { makeUser } from '../support/fixtures';

let t: ApiApp;
const SLACK_TOKEN = 'xoxb-audit-api-secret-token';
const FORWARDED = '203.0.113.77';

beforeAll(async () => {
  // The tests' requests come from 127.0.0.1: as a trusted proxy, its X-Forwarded-For names the client.
  t = await startApiApp({ TRUSTED_PROXIES: '127.0.0.0/8,::1', TOCSIN_WORKER: '0' });
});
afterAll(async () => {
  await t?.stop();
});

describe('GET /api/v2/audit_log', () => {
  it('records a change made over the API with the caller and the forwarded client address, never the secret', async () => {
    const saved = await t.admin.request(
      'PATCH',
      '/system_settings',
      { slack_token: SLACK_TOKEN, slack_channel: '#audit' },
      { 'x-forwarded-for': FORWARDED },
    );
    expect(saved.status).toBe(200);
    const list = await t.admin.get(`/audit_log?object_kind=system_settings&actor=${t.adminId}`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ count: 1, next: null, previous: null });
    expect(list.body.results[0]).toMatchObject({
      actor: t.adminId,
      actor_name: 'admin',
      client_address: FORWARDED,
      object_kind: 'system_settings',
      object_id: '1',
      action: 'updated',
      changes: { slack_token: 'set', slack_channel: { before: null, after: '#audit' } },
    });
    expect(Object.keys(list.body.results[0]).sort()).toEqual([
      'action',
      'actor',
      'actor_name',
      'changes',
      'client_address',
      'created',
      'id',
      'object_id',
      'object_kind',
      'object_label',
    ]);
    expect(JSON.stringify(list.body)).not.toContain(SLACK_TOKEN);
  });

  it('a change made in the browser (session cookie) is recorded with the address too', async () => {
    const cookie = await sessionCookieFor(t.adminId);
    const created = await t.api.as({ cookie }).request('POST', '/groups', { name: 'Auditors' }, { 'x-forwarded-for': '198.51.100.8' });
    expect(created.status).toBe(201);
    const list = await t.admin.get(`/audit_log?object_kind=group&object_id=${created.body.id}`);
    expect(list.body.results).toMatchObject([{ action: 'created', client_address: '198.51.100.8', object_label: 'Auditors' }]);
  });

  it('filters by action and dates; pages with limit and offset; a limit above the maximum is clamped', async () => {
    await db().execute(sql`insert into audit_log (created_at, actor_name, object_kind, object_id, object_label, action)
      select '2025-02-01T10:00:00Z'::timestamptz + make_interval(mins => n), 'system', 'user', n::text, 'old ' || n, 'deactivated'
      from generate_series(1, 5) n`);
    const byAction = await t.admin.get('/audit_log?action=deactivated&from=2025-02-01&to=2025-02-01');
    expect(byAction.body.count).toBe(5);
    expect(byAction.body.results.map((r: { object_label: string }) => r.object_label)).toEqual([
      'old 5',
      'old 4',
      'old 3',
      'old 2',
      'old 1',
    ]);
    expect((await t.admin.get('/audit_log?action=deactivated&to=2025-01-31')).body.count).toBe(0);
    expect((await t.admin.get('/audit_log?action=deactivated&from=2025-02-01T10:03:00Z')).body.count).toBe(3);

    const first = await t.admin.get('/audit_log?action=deactivated&limit=2');
    expect(first.body).toMatchObject({ count: 5, previous: null });
    expect(first.body.results).toHaveLength(2);
    const next = new URL(first.body.next);
    expect(Object.fromEntries(next.searchParams)).toMatchObject({ action: 'deactivated', limit: '2', offset: '2' });
    const all = await t.admin.get('/audit_log?limit=100000');
    expect(all.status).toBe(200);
    expect(all.body.next).toBeNull();
    expect(all.body.results).toHaveLength(all.body.count);
  });

  it('bad filters are a 400 with a message per field, never a 500', async () => {
    const bad = await t.admin.get('/audit_log?actor=bob&object_kind=planet&action=exploded&from=yesterday&to=2025-02-30T99:00');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toMatchObject({
      actor: ['Actor: a user id (a positive integer) is required.'],
      from: ['From: enter a date as YYYY-MM-DD or an ISO 8601 date-time.'],
      to: ['To: enter a date as YYYY-MM-DD or an ISO 8601 date-time.'],
    });
    expect(bad.body.errors.object_kind[0]).toMatch(/^Object kind: use one of system_settings/);
    expect(bad.body.errors.action[0]).toMatch(/^Action: use one of created/);
  });

  it('is for superusers only: anyone else 403, no credentials 401', async () => {
    const reader = await makeUser();
    const denied = await t.api.as({ token: await tokenFor(reader.id) }).get('/audit_log');
    expect(denied.status).toBe(403);
    expect(JSON.stringify(denied.body)).not.toContain('system_settings');
    expect((await t.api.get('/audit_log')).status).toBe(401);
  });

  it('is in the OpenAPI document with its filters', async () => {
    const doc = await t.api.get('/openapi.json');
    const operation = doc.body.paths['/api/v2/audit_log'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['actor', 'object_kind', 'object_id', 'action', 'from', 'to', 'limit', 'offset']),
    );
  });
});
