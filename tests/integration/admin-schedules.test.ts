// /admin/schedules' actions and overview: superusers change the settings and run a schedule now;
// anyone else is refused. The profile's digest choice goes through the same wrapper.
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CurrentUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { engagements } from '@/lib/db/schema';
import { getDigestChoice } from '@/lib/schedules/digest-choice';
import { scheduleOverview } from '@/lib/schedules/overview';
import { runDueSchedules } from '@/lib/schedules/runner';
import { getScheduleSettings, readScheduleSettings } from '@/lib/schedules/settings';
import type { Result } from '@/lib/core/result';
import { addProductMember, makeProduct, makeProductType, makeUser, type User } from '../support/fixtures';

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock('@/lib/session/current-user', () => ({ requireUser: async () => session.user }));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { runScheduleNowAction, updateScheduleSettingsAction } = await import('@/app/(app)/admin/schedules/actions');
const { updateDigestAction } = await import('@/app/(app)/profile/actions');

function formData(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const v of ([] as string[]).concat(value)) data.append(key, v);
  return data;
}

let admin: User;
let member: User;

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.detail}`);
  return result.value;
}
let productId: number;

beforeEach(async () => {
  await db().execute(
    sql`truncate users, product_types, schedule_settings, schedule_runs, scheduled_notices, notification_events restart identity cascade`,
  );
  admin = await makeUser({ isSuperuser: true });
  member = await makeUser();
  productId = (await makeProduct((await makeProductType()).id)).id;
  await addProductMember(productId, member.id, 'Reader');
  session.user = admin;
});

const settingsForm = {
  runAt: '06:30',
  timeZone: 'Europe/Paris',
  slaEnabled: 'on',
  slaDaysBefore: '5',
  slaPostBreachDays: '',
  slaSeverities: ['Critical', 'High'],
  slaVerifiedOnly: 'on',
  upcomingEnabled: 'on',
  upcomingDays: '2',
  staleEnabled: 'on',
  autoCloseDays: '9',
  riskAcceptanceEnabled: 'on',
  riskAcceptanceDays: '4',
};

describe('schedule settings', () => {
  it('a superuser saves them; an unchecked box is off and a blank post-breach limit means every day', async () => {
    expect(await updateScheduleSettingsAction({}, formData(settingsForm))).toMatchObject({ ok: true });
    expect(await getScheduleSettings(db())).toMatchObject({
      runAt: '06:30',
      timeZone: 'Europe/Paris',
      slaDaysBefore: 5,
      slaPostBreachDays: null,
      slaSeverities: ['Critical', 'High'],
      slaActiveOnly: false,
      slaVerifiedOnly: true,
      slaCombined: false,
      upcomingDays: 2,
      autoCloseEnabled: false,
      autoCloseDays: 9,
      riskAcceptanceDays: 4,
    });
  });

  it('a bad time or time zone is answered with field errors', async () => {
    const state = await updateScheduleSettingsAction({}, formData({ ...settingsForm, runAt: '25:00', timeZone: 'Mars/Olympus' }));
    expect(state).toMatchObject({ ok: false, status: 400 });
    expect(Object.keys(state.errors ?? {}).sort()).toEqual(['runAt', 'timeZone']);
  });

  it('anyone but a superuser is refused', async () => {
    session.user = member;
    expect(await updateScheduleSettingsAction({}, formData(settingsForm))).toMatchObject({ ok: false, status: 403 });
    expect(await runScheduleNowAction({}, formData({ schedule: 'sla' }))).toMatchObject({ ok: false, status: 403 });
    expect((await getScheduleSettings(db())).runAt).toBe('07:00');
  });
});

describe('run now and the overview', () => {
  it('runs a schedule at once and says what it sent; the overview shows it as the last run', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await db()
      .insert(engagements)
      .values({ productId, name: 'Old', targetStart: '2020-01-01', targetEnd: '2020-02-01', status: 'In Progress' });
    const state = await runScheduleNowAction({}, formData({ schedule: 'engagements' }));
    expect(state).toMatchObject({ ok: true, data: { sent: 1, error: null } });
    expect(await runScheduleNowAction({}, formData({ schedule: 'engagements' }))).toMatchObject({ ok: true, data: { sent: 0 } });
    const overview = value(await scheduleOverview(db(), admin, new Date()));
    const engagementsRow = overview.find((s) => s.name === 'engagements')!;
    expect(engagementsRow.lastRun).toMatchObject({ trigger: 'manual', sent: 0, error: null });
    // A manual run does not take the timer's turn: the next run is still today.
    expect(engagementsRow.nextRun).toEqual({ day: today, time: '07:00', timeZone: 'UTC' });
    expect(overview.find((s) => s.name === 'sla')!.lastRun).toBeNull();
  });

  it('once the timer ran today, the next run is tomorrow', async () => {
    const now = new Date('2026-06-15T08:00:00Z');
    await runDueSchedules(db(), now);
    const overview = value(await scheduleOverview(db(), admin, now));
    expect(overview.map((s) => s.nextRun.day)).toEqual(['2026-06-16', '2026-06-16', '2026-06-16']);
    expect(overview.every((s) => s.lastRun?.trigger === 'timer')).toBe(true);
  });

  it('an unknown schedule is refused', async () => {
    expect(await runScheduleNowAction({}, formData({ schedule: 'everything' }))).toMatchObject({ ok: false, status: 400 });
  });
});

describe('the profile’s digest choice', () => {
  it('is off by default and saved for the signed-in user only', async () => {
    session.user = member;
    expect(await getDigestChoice(db(), member.id)).toBe('off');
    expect(await updateDigestAction({}, formData({ digest: 'daily' }))).toMatchObject({ ok: true });
    expect(await getDigestChoice(db(), member.id)).toBe('daily');
    expect(await getDigestChoice(db(), admin.id)).toBe('off');
    expect(await updateDigestAction({}, formData({ digest: 'weekly' }))).toMatchObject({ ok: false, status: 400 });
  });
});

describe("the overview and the settings are the superusers' alone", () => {
  it('a member, or a deactivated superuser, is refused and shown nothing', async () => {
    for (const actor of [member, { ...admin, isActive: false }]) {
      expect(await scheduleOverview(db(), actor, new Date())).toMatchObject({ ok: false, status: 403 });
      expect(await readScheduleSettings(db(), actor)).toMatchObject({ ok: false, status: 403 });
    }
    expect(await readScheduleSettings(db(), admin)).toMatchObject({ ok: true, value: { runAt: '07:00' } });
  });
});
