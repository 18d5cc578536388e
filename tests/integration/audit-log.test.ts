// The audit log: every change to who-hears-what and to where it goes writes one row, in the change's
// own transaction (a change rolled back leaves no row; a row that cannot be written undoes the change),
// saying who, from which address, what object and what changed, and never a secret.
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditActors, auditFilterSchema, listAuditLog } from '@/lib/domain/audit-log';
import { recordChange, SYSTEM_ACTOR } from '@/lib/audit/record';
import type { CurrentUser } from '@/lib/session/current-user';
import { db, type Executor } from '@/lib/db/client';
import { deliveries, notificationEvents } from '@/lib/db/schema';
import { retryDeadDeliveries, retryDelivery } from '@/lib/delivery/delivery-log';
import { addGroupMember, removeGroupMember } from '@/lib/domain/group-members';
import { createGroup, deleteGroup, updateGroup } from '@/lib/domain/groups';
import { createMembership, deleteMembership, updateMembership } from '@/lib/domain/memberships';
import { patchNotificationSettings, replaceNotificationSettings } from '@/lib/domain/notification-settings';
import { createUserAsAdmin, deleteUser, updateUser } from '@/lib/domain/users';
import { patchProductDestinations } from '@/lib/integrations/product-destinations';
import { patchSystemSettings } from '@/lib/integrations/system-settings';
import {
  addWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from '@/lib/integrations/webhook-endpoints';
import { EVENT_TYPES } from '@/lib/core/event-catalog';
import { updateScheduleSettings } from '@/lib/schedules/settings';
import { makeProductType, makeProgram, makeUser, type User } from '../support/fixtures';

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock('@/lib/session/current-user', () => ({ requireUser: async () => session.user }));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
const integrationActions = await import('@/app/(app)/admin/integrations/actions');

const ADDRESS = '203.0.113.44';
let admin: User & { clientAddress: string };

interface Row {
  actor_id: number | null;
  actor_name: string;
  client_address: string | null;
  object_kind: string;
  object_id: string | null;
  object_label: string;
  action: string;
  changes: Record<string, unknown>;
}

async function rows(kind?: string): Promise<Row[]> {
  return db().execute<Row & Record<string, unknown>>(sql`
    select actor_id, actor_name, client_address, object_kind, object_id, object_label, action, changes
    from audit_log ${kind ? sql`where object_kind = ${kind}` : sql``} order by id`);
}
const last = async (kind: string) => (await rows(kind)).at(-1);
const allText = async () => JSON.stringify(await rows());

/** Runs `change` inside a transaction that is then rolled back: neither the change nor its row may remain. */
async function rolledBack(change: (tx: Executor) => Promise<unknown>): Promise<void> {
  await expect(
    db().transaction(async (tx) => {
      await change(tx);
      throw new Error('rolled back on purpose');
    }),
  ).rejects.toThrow('rolled back on purpose');
}

beforeEach(async () => {
  process.env.TOCSIN_ALLOW_PRIVATE_URLS = '1';
  process.env.TOCSIN_ENCRYPTION_KEY ??= '5e'.repeat(32);
  await db().execute(
    sql`truncate audit_log, system_settings, schedule_settings, webhook_endpoints, notification_settings restart identity cascade`,
  );
  admin = { ...(await makeUser({ isSuperuser: true })), clientAddress: ADDRESS };
});

afterEach(async () => {
  await db().execute(sql`drop trigger if exists refuse_audit on audit_log`);
});

describe("the row is written in the change's own transaction", () => {
  it('a change rolled back leaves no audit row, and the change itself is gone too', async () => {
    await rolledBack((tx) => patchSystemSettings(tx, admin, { slack_channel: '#rolled-back' }));
    await rolledBack((tx) => updateScheduleSettings(tx, admin, { runAt: '03:00' }));
    await rolledBack((tx) => createGroup(tx, admin, { name: 'Rolled back' }));
    expect(await rows()).toEqual([]);
    expect(await db().execute(sql`select 1 from system_settings where slack_channel = '#rolled-back'`)).toHaveLength(0);
    expect(await db().execute(sql`select 1 from groups where name = 'Rolled back'`)).toHaveLength(0);
  });

  it('a change whose audit row cannot be written is not made', async () => {
    await db().execute(
      sql.raw(`
      create or replace function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused'; end $$;
      create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit();`),
    );
    await expect(patchSystemSettings(db(), admin, { slack_channel: '#never' })).rejects.toThrow();
    await expect(patchNotificationSettings(db(), admin, { scope: 'system' }, { other: ['webhooks'] })).rejects.toThrow();
    await expect(createGroup(db(), admin, { name: 'Never' })).rejects.toThrow();
    expect(await db().execute(sql`select 1 from system_settings where slack_channel = '#never'`)).toHaveLength(0);
    expect(await db().execute(sql`select 1 from notification_settings`)).toHaveLength(0);
    expect(await db().execute(sql`select 1 from groups where name = 'Never'`)).toHaveLength(0);
  });

  it('a refused or invalid change writes nothing', async () => {
    const plain = await makeUser();
    expect(await patchNotificationSettings(db(), plain, { scope: 'system' }, { other: ['mail'] })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await patchSystemSettings(db(), admin, { msteams_url: 'ftp://example.com/x' })).toMatchObject({ ok: false, status: 400 });
    expect(await createUserAsAdmin(db(), plain, { username: 'nope', password: 'a long enough password' })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await rows()).toEqual([]);
  });
});

describe('integrations', () => {
  it('says who, from which address and what changed; a secret only as set, changed or cleared', async () => {
    const token = 'xoxb-secret-token-value-1';
    await patchSystemSettings(db(), admin, { enable_slack_notifications: true, slack_token: token, slack_channel: '#sec' });
    expect(await last('system_settings')).toEqual({
      actor_id: admin.id,
      actor_name: admin.username,
      client_address: ADDRESS,
      object_kind: 'system_settings',
      object_id: '1',
      object_label: 'System settings (integrations)',
      action: 'updated',
      changes: {
        enable_slack_notifications: { before: false, after: true },
        slack_channel: { before: null, after: '#sec' },
        slack_token: 'set',
      },
    });
    await patchSystemSettings(db(), admin, { slack_token: 'xoxb-secret-token-value-2' });
    expect((await last('system_settings'))!.changes).toEqual({ slack_token: 'changed' });
    await patchSystemSettings(db(), admin, { slack_token: null, resend_api_key: 're_secret_key' });
    expect((await last('system_settings'))!.changes).toEqual({ slack_token: 'cleared', resend_api_key: 'set' });
    // Nothing changed, nothing written.
    await patchSystemSettings(db(), admin, { slack_token: '' });
    expect(await rows('system_settings')).toHaveLength(3);
    const text = await allText();
    for (const secret of [token, 'xoxb-secret-token-value-2', 're_secret_key', 'v1:']) expect(text).not.toContain(secret);
  });

  it('the retention settings, audit_log_retention_days included, through the Integrations page with the client address', async () => {
    session.user = admin;
    const form = new FormData();
    for (const [key, value] of Object.entries({
      sent_delivery_retention_days: '30',
      dead_delivery_retention_days: '90',
      event_retention_days: '90',
      outbox_email_retention_days: '14',
      audit_log_retention_days: '400',
    }))
      form.append(key, value);
    expect(await integrationActions.saveRetentionAction({}, form)).toMatchObject({ ok: true });
    expect(await last('system_settings')).toMatchObject({
      actor_id: admin.id,
      client_address: 'unknown',
      changes: { audit_log_retention_days: { before: 365, after: 400 } },
    });
  });

  it('webhook endpoints: created, updated, secret rotated, deleted; never the signing secret or the URL', async () => {
    const url = 'http://127.0.0.1:9/hooks/path-token-abc';
    const made = await addWebhookEndpoint(db(), admin, { name: 'SIEM', url, events: ['other'], enabled: true });
    if (!made.ok) throw new Error('not created');
    const id = made.value.id;
    await updateWebhookEndpoint(db(), admin, id, { name: 'SIEM 2', events: ['other', 'scan_added'] });
    await updateWebhookEndpoint(db(), admin, id, { url: 'http://127.0.0.1:9/hooks/other-token' });
    const rotated = await rotateWebhookSecret(db(), admin, id);
    await deleteWebhookEndpoint(db(), admin, id);
    const logged = await rows('webhook_endpoint');
    expect(logged.map((r) => [r.action, r.object_id])).toEqual([
      ['created', `${id}`],
      ['updated', `${id}`],
      ['updated', `${id}`],
      ['secret_rotated', `${id}`],
      ['deleted', `${id}`],
    ]);
    expect(logged[0]!.changes).toMatchObject({
      name: { before: null, after: 'SIEM' },
      url: { before: null, after: 'http://127.0.0.1:9/…' },
      secret: 'set',
    });
    expect(logged[1]!.changes).toEqual({
      name: { before: 'SIEM', after: 'SIEM 2' },
      events: { before: ['other'], after: ['other', 'scan_added'] },
    });
    expect(logged[2]!.changes).toEqual({ url: 'changed' });
    expect(logged[3]!.changes).toEqual({ secret: 'changed' });
    const text = await allText();
    for (const secret of ['path-token-abc', 'other-token', made.value.secret, rotated.ok ? rotated.value.secret : 'x'])
      expect(text).not.toContain(secret);
  });

  it("a product's destinations: the Slack channel before and after, the Teams URL only as set", async () => {
    const { product } = await makeProgram((await makeProductType()).id);
    await patchProductDestinations(db(), admin, product.id, { slack_channel: '#shop', msteams_url: 'http://127.0.0.1:9/teams-secret' });
    expect(await last('product_destination')).toMatchObject({
      object_id: `${product.id}`,
      object_label: product.name,
      action: 'updated',
      changes: { slack_channel: { before: null, after: '#shop' }, msteams_url: 'set' },
    });
    expect(await allText()).not.toContain('teams-secret');
  });
});

describe('notification settings', () => {
  it('system-wide: the cells before and after, required events and severity floors', async () => {
    await patchNotificationSettings(
      db(),
      admin,
      { scope: 'system' },
      {
        scan_added: ['alert', 'slack'],
        required: ['sla_breach'],
        minimum_severity: { slack: 'High' },
      },
    );
    const row = await last('notification_settings');
    expect(row).toMatchObject({
      object_id: 'system',
      object_label: 'System-wide notifications',
      action: 'updated',
      client_address: ADDRESS,
    });
    expect(row!.changes).toMatchObject({
      scan_added: { after: ['alert', 'slack'] },
      required: { before: [], after: ['sla_breach'] },
      minimum_severity: { before: {}, after: { slack: 'High' } },
    });
    expect((row!.changes.scan_added as { before: string[] }).before).not.toContain('slack');
    expect(Object.keys(row!.changes).sort()).toEqual(['minimum_severity', 'required', 'scan_added']);
  });

  it('template, personal and per-product rows, each named for its owner', async () => {
    const user = { ...(await makeUser()), clientAddress: '198.51.100.2' };
    const { product } = await makeProgram((await makeProductType()).id);
    await db().execute(sql`insert into product_members (product_id, user_id, role) values (${product.id}, ${user.id}, 'Reader')`);
    await patchNotificationSettings(db(), admin, { scope: 'template' }, { other: ['alert', 'mail'] });
    await patchNotificationSettings(db(), user, { scope: 'personal' }, { other: ['mail'] });
    const matrix = Object.fromEntries(EVENT_TYPES.map((type) => [type, type === 'scan_added' ? ['slack'] : []]));
    await replaceNotificationSettings(db(), user, { scope: 'product', productId: product.id }, matrix);
    const logged = await rows('notification_settings');
    expect(logged.map((r) => [r.object_id, r.actor_name, r.client_address])).toEqual([
      ['template', admin.username, ADDRESS],
      [`personal:${user.id}`, user.username, '198.51.100.2'],
      [`product:${user.id}:${product.id}`, user.username, '198.51.100.2'],
    ]);
    expect(logged[1]!.changes).toEqual({ other: { before: [], after: ['mail'] } });
    expect(logged[2]!.object_label).toBe(`Notifications of ${user.username} for ${product.name}`);
    expect(logged[2]!.changes).toEqual({ scan_added: { before: [], after: ['slack'] } });
  });
});

describe('users, groups and memberships', () => {
  it('users: created, deactivated, superuser granted, password only as changed, deleted', async () => {
    const made = await createUserAsAdmin(db(), admin, { username: 'newbie', password: 'a long enough password', email: 'n@example.com' });
    if (!made.ok) throw new Error('not created');
    const id = made.value.id;
    await updateUser(db(), admin, id, { is_superuser: true });
    await updateUser(db(), admin, id, { is_active: false });
    await updateUser(db(), admin, id, { password: 'another long password' });
    await deleteUser(db(), admin, id);
    const logged = await rows('user');
    expect(logged.map((r) => r.action)).toEqual(['created', 'superuser_granted', 'deactivated', 'updated', 'deleted']);
    expect(logged[0]!.changes).toMatchObject({
      username: { before: null, after: 'newbie' },
      email: { before: null, after: 'n@example.com' },
    });
    expect(logged[0]!.changes).not.toHaveProperty('password');
    expect(logged[1]!.changes).toEqual({ is_superuser: { before: false, after: true } });
    expect(logged[3]!.changes).toEqual({ password: 'changed' });
    expect(await allText()).not.toContain('another long password');
    expect(await allText()).not.toContain('argon2');
  });

  it('groups, group members and memberships, with the role before and after', async () => {
    const member = await makeUser();
    const type = await makeProductType();
    const group = await createGroup(db(), admin, { name: 'Auditors' });
    if (!group.ok) throw new Error('no group');
    await updateGroup(db(), admin, group.value.id, { description: 'They read' });
    const joined = await addGroupMember(db(), admin, { group: group.value.id, user: member.id });
    if (!joined.ok) throw new Error('not added');
    await removeGroupMember(db(), admin, joined.value.id);
    const membership = await createMembership(db(), admin, 'product_type_groups', {
      product_type: type.id,
      group: group.value.id,
      role: 'Reader',
    });
    if (!membership.ok) throw new Error('no membership');
    await updateMembership(db(), admin, 'product_type_groups', membership.value.id, { role: 'Writer' });
    await deleteMembership(db(), admin, 'product_type_groups', membership.value.id);
    await deleteGroup(db(), admin, group.value.id);
    expect((await rows()).map((r) => [r.object_kind, r.action])).toEqual([
      ['group', 'created'],
      ['group', 'updated'],
      ['group_member', 'joined'],
      ['group_member', 'left'],
      ['membership', 'created'],
      ['membership', 'updated'],
      ['membership', 'deleted'],
      ['group', 'deleted'],
    ]);
    const logged = await rows('membership');
    expect(logged[0]).toMatchObject({
      object_id: `product_type_groups:${membership.value.id}`,
      object_label: `group Auditors on product type ${type.name}`,
      changes: { role: { before: null, after: 'Reader' }, group: { before: null, after: group.value.id } },
    });
    expect(logged[1]!.changes).toEqual({ role: { before: 'Reader', after: 'Writer' } });
    expect(logged[2]!.changes).toMatchObject({ role: { before: 'Writer', after: null } });
    expect((await rows('group_member'))[0]!.object_label).toBe(`${member.username} in Auditors`);
  });
});

describe('schedules and deliveries', () => {
  it('schedule settings: the fields that changed', async () => {
    await updateScheduleSettings(db(), admin, { runAt: '05:30', slaSeverities: ['Critical'] });
    expect(await last('schedule_settings')).toMatchObject({
      action: 'updated',
      client_address: ADDRESS,
      changes: {
        runAt: { before: '07:00', after: '05:30' },
        slaSeverities: { before: ['Critical', 'High', 'Medium', 'Low'], after: ['Critical'] },
      },
    });
  });

  it('retries of dead deliveries: one, or every one a filter matched (with the filter and how many)', async () => {
    const events = await db()
      .insert(notificationEvents)
      .values([1, 2, 3].map((n) => ({ type: 'other' as const, title: `Retry me ${n}` })))
      .returning();
    const dead = await db()
      .insert(deliveries)
      .values(
        [1, 2, 3].map((n) => ({
          eventId: events[n - 1]!.id,
          channel: 'mail' as const,
          kind: 'shared' as const,
          addresses: [`list${n}@example.com`],
          status: 'dead' as const,
        })),
      )
      .returning();
    expect(await retryDelivery(db(), admin, dead[0]!.id)).toBe(1);
    expect(await retryDeadDeliveries(db(), admin, { channel: 'mail' })).toBe(2);
    expect(await retryDeadDeliveries(db(), admin, { channel: 'mail' })).toBe(0); // nothing retried, nothing written
    const logged = await rows('delivery');
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatchObject({ object_id: dead[0]!.id, action: 'retried', changes: { deliveries: { before: null, after: 1 } } });
    expect(logged[1]).toMatchObject({
      object_id: null,
      action: 'retried',
      changes: { filter: { after: { channel: 'mail', status: 'dead' } }, deliveries: { after: 2 } },
    });
  });
});

describe('reading the log', () => {
  it('superusers only; filtered by actor, kind, object, action and dates, newest first, paged', async () => {
    const other = { ...(await makeUser({ isSuperuser: true })), clientAddress: ADDRESS };
    await patchSystemSettings(db(), admin, { slack_channel: '#a' });
    await updateScheduleSettings(db(), other, { runAt: '06:00' });
    await recordChange(db(), SYSTEM_ACTOR, { objectKind: 'user', objectId: 9, objectLabel: 'old', action: 'created' });
    await db().execute(sql`update audit_log set created_at = '2025-01-15T12:00:00Z' where object_label = 'old'`);

    const plain = await makeUser();
    expect(await listAuditLog(db(), plain, {}, { limit: 10, offset: 0 })).toMatchObject({ ok: false, status: 403 });
    expect(await listAuditLog(db(), { ...admin, isActive: false }, {}, { limit: 10, offset: 0 })).toMatchObject({ ok: false, status: 403 });
    expect(await auditActors(db(), plain)).toMatchObject({ ok: false, status: 403 });

    const list = async (query: Record<string, string>, page = { limit: 10, offset: 0 }) => {
      const result = await listAuditLog(db(), admin, auditFilterSchema.parse(query), page);
      if (!result.ok) throw new Error('refused');
      return result.value;
    };
    const all = await list({});
    expect(all.count).toBe(3);
    expect(all.results.map((r) => r.object_kind)).toEqual(['schedule_settings', 'system_settings', 'user']);
    expect(all.results[2]).toMatchObject({ actor: null, actor_name: 'system', created: '2025-01-15T12:00:00.000Z' });
    expect((await list({ actor: `${other.id}` })).results.map((r) => r.object_kind)).toEqual(['schedule_settings']);
    expect((await list({ object_kind: 'system_settings', object_id: '1' })).count).toBe(1);
    expect((await list({ action: 'created' })).results.map((r) => r.object_label)).toEqual(['old']);
    expect((await list({ from: '2025-01-15', to: '2025-01-15' })).count).toBe(1);
    expect((await list({ to: '2025-01-14' })).count).toBe(0);
    expect((await list({ from: '2025-01-15T12:00:01Z' })).count).toBe(2);
    const second = await list({}, { limit: 2, offset: 2 });
    expect(second).toMatchObject({ count: 3, results: [{ object_label: 'old' }] });
    const actors = await auditActors(db(), admin);
    expect(actors.ok && actors.value.map((a) => a.id).sort()).toEqual([admin.id, other.id].sort());
  });

  it('bad filters are refused with a message a person can act on', () => {
    const problems = auditFilterSchema.safeParse({
      actor: 'bob',
      object_kind: 'planet',
      action: 'exploded',
      from: 'yesterday',
      to: '2025-13-45',
    });
    expect(problems.success).toBe(false);
    const messages = problems.error!.issues.map((issue) => issue.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'Actor: a user id (a positive integer) is required.',
        'From: enter a date as YYYY-MM-DD or an ISO 8601 date-time.',
        'To: enter a date as YYYY-MM-DD or an ISO 8601 date-time.',
      ]),
    );
    expect(messages.some((m) => m.startsWith('Object kind: use one of system_settings'))).toBe(true);
    expect(messages.some((m) => m.startsWith('Action: use one of created'))).toBe(true);
  });

  it('the actor name is a snapshot: it stays when the user is deleted', async () => {
    const gone = await makeUser({ isSuperuser: true });
    await updateScheduleSettings(db(), gone, { runAt: '04:00' });
    await db().execute(sql`delete from users where id = ${gone.id}`);
    expect(await last('schedule_settings')).toMatchObject({ actor_id: null, actor_name: gone.username, client_address: null });
  });
});
