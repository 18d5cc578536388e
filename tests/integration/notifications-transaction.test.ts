// notify() is all or nothing, and listeners hear of an event only once it is committed.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { db, sqlClient, type Executor } from '@/lib/db/client';
import { EVENTS_CHANNEL } from '@/lib/core/pg-channels';
import { notify } from '@/lib/notifications/notify';
import { SubjectNotFoundError } from '@/lib/notifications/subject';
import { updateIntegrations } from '@/lib/notifications/channel-integrations';
import { patchSettings } from '@/lib/notifications/settings';
import { addProductMember, makeProductType, makeProgram, makeUser } from '../support/fixtures';
import { resetWorld } from '../support/notifications';

beforeEach(resetWorld);

async function counts(executor: Executor = db()) {
  const [row] = await executor.execute<{ events: number; alerts: number; jobs: number }>(sql`
    select (select count(*) from notification_events)::int as events, (select count(*) from alerts)::int as alerts,
      (select count(*) from deliveries)::int as jobs`);
  return row;
}

async function subscribedProgram() {
  await updateIntegrations(db(), { enableMailNotifications: true, mailNotificationsTo: ['list@example.com'] });
  await patchSettings(db(), { scope: 'system' }, { scan_added: ['alert', 'mail'] });
  const program = await makeProgram((await makeProductType()).id);
  const member = await makeUser();
  await addProductMember(program.product.id, member.id, 'Reader');
  await patchSettings(db(), { scope: 'personal', userId: member.id }, { scan_added: ['mail'] });
  return program;
}

/** Collects the payloads of EVENTS_CHANNEL until stopped. */
async function listen() {
  const heard: string[] = [];
  const subscription = await sqlClient().listen(EVENTS_CHANNEL, (payload) => heard.push(payload));
  return { heard, stop: () => subscription.unlisten() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

describe('notify() in a transaction', () => {
  it('a transaction that fails leaves no event, no alert and no job', async () => {
    const p = await subscribedProgram();
    await expect(
      db().transaction(async (tx) => {
        await notify({ type: 'scan_added', title: 'Scan', test: p.test.id }, tx);
        expect(await counts(tx)).toEqual({ events: 1, alerts: 1, jobs: 2 });
        throw new Error('the domain mutation failed after emitting');
      }),
    ).rejects.toThrow('the domain mutation failed');
    expect(await counts()).toEqual({ events: 0, alerts: 0, jobs: 0 });
  });

  it('an event about a subject that does not exist is refused and leaves nothing', async () => {
    const p = await subscribedProgram();
    await expect(notify({ type: 'scan_added', title: 'Scan', test: 987654 })).rejects.toBeInstanceOf(SubjectNotFoundError);
    const other = await makeProgram((await makeProductType()).id);
    await expect(notify({ type: 'scan_added', title: 'Scan', test: p.test.id, product: other.product.id })).rejects.toBeInstanceOf(
      SubjectNotFoundError,
    );
    expect(await counts()).toEqual({ events: 0, alerts: 0, jobs: 0 });
  });

  it('NOTIFY is received after commit, with the event id and its alert count, and never for a rolled-back event', async () => {
    const p = await subscribedProgram();
    const listener = await listen();
    try {
      let eventId = 0;
      await db().transaction(async (tx) => {
        eventId = (await notify({ type: 'scan_added', title: 'Scan', test: p.test.id }, tx)).eventId;
        await settle();
        expect(listener.heard).toEqual([]);
      });
      await expect.poll(() => listener.heard).toEqual([`${eventId}:1`]); // the member's alert

      await db()
        .transaction(async (tx) => {
          await notify({ type: 'scan_added', title: 'Scan', test: p.test.id }, tx);
          tx.rollback();
        })
        .catch(() => {});
      await settle();
      expect(listener.heard).toEqual([`${eventId}:1`]);
    } finally {
      await listener.stop();
    }
  });
});
