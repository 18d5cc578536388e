// Retention of the delivery tables: finished and dead deliveries, outbox emails, leftover batch
// rows, expired rate-limit windows and events nothing refers to, each after its own number of days
// (system_settings, the API, the Integrations page), in bounded batches; alerts keep their events.
import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CurrentUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import {
  alerts,
  auditLog,
  deliveries,
  mailBatchMembers,
  notificationEvents,
  outboxEmails,
  rateLimits,
  systemSettings,
} from '@/lib/db/schema';
import { openApiDocument } from '@/lib/api/openapi';
import { recordChange, SYSTEM_ACTOR } from '@/lib/audit/record';
import { purgeDeliveryTables } from '@/lib/delivery/table-retention';
import { runDailyAlertPurge } from '@/lib/worker/retention-timer';
import { patchSystemSettings, readSystemSettings } from '@/lib/integrations/system-settings';
import { makeUser, type User } from '../support/fixtures';

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock('@/lib/session/current-user', () => ({ requireUser: async () => session.user }));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
const actions = await import('@/app/(app)/admin/integrations/actions');

const NOW = new Date();
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
type Status = typeof deliveries.$inferInsert.status;

let user: User;

async function event(ageDays: number, title = 'Event'): Promise<number> {
  const [row] = await db()
    .insert(notificationEvents)
    .values({ type: 'other', title, createdAt: daysAgo(ageDays) })
    .returning();
  return row!.id;
}

/** A mail job for `user`, of its own event unless one is given (one personal job per user, event and channel). */
async function delivery(status: Status, ageDays: number, eventId?: number): Promise<string> {
  eventId ??= await event(1);
  const [row] = await db()
    .insert(deliveries)
    .values({
      eventId,
      channel: 'mail',
      kind: 'personal',
      userId: user.id,
      addresses: [user.email],
      status,
      createdAt: daysAgo(ageDays),
    })
    .returning();
  return row!.id;
}

const count = async (table: 'deliveries' | 'outbox_emails' | 'mail_batch_members' | 'rate_limits' | 'notification_events') =>
  Number((await db().execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n);

beforeEach(async () => {
  await db().execute(sql`truncate notification_events, rate_limits, system_settings cascade`);
  user ??= await makeUser();
});

describe('the delivery tables retention', () => {
  it('deletes sent deliveries after 30 days and dead ones after 90 by default, never those still to send', async () => {
    const kept = [
      await delivery('sent', 29),
      await delivery('dead', 89),
      await delivery('pending', 200),
      await delivery('sending', 200),
      await delivery('held', 200),
    ];
    await delivery('sent', 31);
    await delivery('digested', 31);
    await delivery('dead', 91);
    const result = await purgeDeliveryTables(db(), NOW);
    expect(result).toMatchObject({ deliveries: 2, deadDeliveries: 1 });
    expect((await db().select({ id: deliveries.id }).from(deliveries)).map((r) => r.id).sort()).toEqual(kept.sort());
  });

  it('deletes outbox emails after 14 days, and their delivery keeps its row', async () => {
    const e = await event(1);
    for (const age of [15, 20, 13]) {
      const id = await delivery('sent', 1);
      await db()
        .insert(outboxEmails)
        .values({
          deliveryId: id,
          eventId: e,
          eventType: 'other',
          from: 'a@example.com',
          to: ['b@example.com'],
          subject: `${age} days`,
          html: '<p>x</p>',
          text: 'x',
          createdAt: daysAgo(age),
        });
    }
    expect(await purgeDeliveryTables(db(), NOW)).toMatchObject({ outboxEmails: 2, deliveries: 0 });
    expect(await db().select({ subject: outboxEmails.subject }).from(outboxEmails)).toEqual([{ subject: '13 days' }]);
    expect(await count('deliveries')).toBe(3);
  });

  it('deletes batch rows whose delivery is finished, and keeps those of a batch still being sent', async () => {
    const open = await delivery('sending', 0);
    const done = await delivery('sent', 0);
    await db()
      .insert(mailBatchMembers)
      .values([
        { deliveryId: open, batchKey: 'batch-a', position: 0 },
        { deliveryId: done, batchKey: 'batch-b', position: 0 },
      ]);
    expect(await purgeDeliveryTables(db(), NOW)).toMatchObject({ mailBatchMembers: 1 });
    expect(await db().select({ id: mailBatchMembers.deliveryId }).from(mailBatchMembers)).toEqual([{ id: open }]);
  });

  it('deletes rate-limit windows that ended more than a day ago', async () => {
    await db()
      .insert(rateLimits)
      .values([
        { key: 'login:old', hits: 3, windowStart: daysAgo(2) },
        { key: 'login:now', hits: 1, windowStart: NOW },
      ]);
    expect(await purgeDeliveryTables(db(), NOW)).toMatchObject({ rateLimits: 1 });
    expect(await db().select({ key: rateLimits.key }).from(rateLimits)).toEqual([{ key: 'login:now' }]);
  });

  it('deletes old events nothing refers to, and keeps an old event whose alert is still in a bell', async () => {
    const lonely = await event(100, 'lonely');
    const withAlert = await event(100, 'with alert');
    const withJob = await event(100, 'with a pending job');
    const recent = await event(10, 'recent');
    await db().insert(alerts).values({ userId: user.id, eventId: withAlert, eventType: 'other', title: 'x', description: '' });
    await delivery('pending', 100, withJob);
    expect(await purgeDeliveryTables(db(), NOW)).toMatchObject({ events: 1 });
    const left = (await db().select({ id: notificationEvents.id }).from(notificationEvents)).map((r) => r.id).sort((a, b) => a - b);
    expect(left).toEqual([withAlert, withJob, recent]);
    expect(left).not.toContain(lonely);
  });

  it('works in batches of the given size, a statement per batch', async () => {
    await db().execute(sql`
      with e as (insert into notification_events (type, title) select 'other', 'bulk' from generate_series(1, 25) returning id)
      insert into deliveries (event_id, channel, kind, status, created_at) select id, 'mail', 'shared', 'sent', now() - interval '40 days' from e`);
    // 25 sent: batches of 10, 10, 5; then one statement for each other table (events: 2, its boundary and a batch; the audit log: 1).
    const result = await purgeDeliveryTables(db(), NOW, { batchSize: 10 });
    expect(result).toMatchObject({ deliveries: 25, batches: 3 + 6 });
    expect(await count('deliveries')).toBe(0);
  });

  it('deletes audit log entries after 365 days by default, or after audit_log_retention_days, in batches', async () => {
    await db().execute(sql`truncate audit_log`);
    for (const age of [366, 400, 500, 364, 10]) {
      await recordChange(db(), SYSTEM_ACTOR, { objectKind: 'schedule_settings', objectId: 1, action: 'updated', objectLabel: `${age}` });
      await db().execute(
        sql`update audit_log set created_at = ${daysAgo(age).toISOString()}::timestamptz where object_label = ${`${age}`}`,
      );
    }
    const first = await purgeDeliveryTables(db(), NOW, { batchSize: 2 });
    expect(first.auditLog).toBe(3);
    expect((await db().select({ label: auditLog.objectLabel }).from(auditLog)).map((r) => r.label).sort()).toEqual(['10', '364']);
    await db().insert(systemSettings).values({ id: 1, auditLogRetentionDays: 100 });
    expect((await purgeDeliveryTables(db(), NOW)).auditLog).toBe(1);
    expect((await db().select({ label: auditLog.objectLabel }).from(auditLog)).map((r) => r.label)).toEqual(['10']);
  });

  it('follows the days set in system_settings, and the worker runs it with the alert retention', async () => {
    await delivery('sent', 8);
    await delivery('sent', 6);
    const saved = await patchSystemSettings(db(), SYSTEM_ACTOR, { sent_delivery_retention_days: 7 });
    expect(saved).toMatchObject({ ok: true, value: { sent_delivery_retention_days: 7, dead_delivery_retention_days: 90 } });
    const outcome = await runDailyAlertPurge(db(), NOW);
    expect(outcome).toMatchObject({ ran: true, tables: { deliveries: 1 } });
    expect(await count('deliveries')).toBe(1);
  });
});

describe('retention settings', () => {
  it('has the defaults 30 sent, 90 dead, 90 events, 14 outbox, 365 audit log', async () => {
    expect(await readSystemSettings(db(), { isSuperuser: true })).toMatchObject({
      ok: true,
      value: {
        sent_delivery_retention_days: 30,
        dead_delivery_retention_days: 90,
        event_retention_days: 90,
        outbox_email_retention_days: 14,
        audit_log_retention_days: 365,
      },
    });
  });

  it('a superuser saves them on the Integrations page; nonsense is a 400 with a message per field', async () => {
    const admin = await makeUser({ isSuperuser: true });
    session.user = admin;
    const form = (fields: Record<string, string>) => {
      const data = new FormData();
      for (const [key, value] of Object.entries(fields)) data.append(key, value);
      return data;
    };
    const fields = {
      sent_delivery_retention_days: '10',
      dead_delivery_retention_days: '60',
      event_retention_days: '45',
      outbox_email_retention_days: '3',
      audit_log_retention_days: '730',
    };
    expect(await actions.saveRetentionAction({}, form(fields))).toMatchObject({ ok: true });
    const [row] = await db().select().from(systemSettings).where(eq(systemSettings.id, 1));
    expect(row).toMatchObject({
      sentDeliveryRetentionDays: 10,
      deadDeliveryRetentionDays: 60,
      eventRetentionDays: 45,
      outboxEmailRetentionDays: 3,
      auditLogRetentionDays: 730,
    });

    const bad = await actions.saveRetentionAction(
      {},
      form({ ...fields, sent_delivery_retention_days: '0', outbox_email_retention_days: '9999' }),
    );
    expect(bad).toMatchObject({
      ok: false,
      status: 400,
      errors: {
        sent_delivery_retention_days: ['Sent deliveries are kept at least 1 day.'],
        outbox_email_retention_days: ['Outbox emails are kept at most 3650 days.'],
      },
    });
    session.user = await makeUser();
    expect(await actions.saveRetentionAction({}, form(fields))).toMatchObject({ ok: false, status: 403 });
  });

  it('the API documents them in snake_case', () => {
    const schemas = JSON.stringify(openApiDocument().components?.schemas?.SystemSettingsPatch);
    for (const name of [
      'sent_delivery_retention_days',
      'dead_delivery_retention_days',
      'event_retention_days',
      'outbox_email_retention_days',
      'audit_log_retention_days',
    ]) {
      expect(schemas).toContain(name);
    }
  });
});
