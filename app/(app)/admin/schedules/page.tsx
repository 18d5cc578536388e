import type { Metadata } from 'next';
import { RunNowForm } from '@/components/schedules/run-now-form';
import { ScheduleSettingsForm } from '@/components/schedules/schedule-settings-form';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { Cell, Table } from '@/components/ui/table';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { scheduleOverview } from '@/lib/schedules/overview';
import { readScheduleSettings } from '@/lib/schedules/settings';
import { runScheduleNowAction, updateScheduleSettingsAction } from './actions';

export const metadata: Metadata = { title: 'Schedules' };

const when = (iso: string) => new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** Superusers only: the data functions refuse anyone else (the admin layout is no authorization). */
export default async function SchedulesPage() {
  const user = await requireUser();
  const [settings, schedules] = await Promise.all([
    found(readScheduleSettings(db(), user)),
    found(scheduleOverview(db(), user, new Date())),
  ]);
  return (
    <>
      <PageHeader title="Schedules" />
      <Section title="Runs" id="runs">
        <Table label="Schedules" head={['Schedule', 'Last run', 'Next run', '']}>
          {schedules.map((s) => (
            <tr key={s.name}>
              <Cell>{s.label}</Cell>
              <Cell>
                {s.lastRun ? (
                  <>
                    {when(s.lastRun.startedAt)} ({s.lastRun.trigger}): sent {s.lastRun.sent}
                    {s.lastRun.error && <span className="block text-red-700">Error: {s.lastRun.error}</span>}
                    {!s.lastRun.finishedAt && <span className="block text-slate-500">still running</span>}
                  </>
                ) : (
                  'Never'
                )}
              </Cell>
              <Cell>{`${s.nextRun.day} ${s.nextRun.time} (${s.nextRun.timeZone})`}</Cell>
              <Cell>
                <RunNowForm action={runScheduleNowAction} schedule={s.name} label={s.label} />
              </Cell>
            </tr>
          ))}
        </Table>
      </Section>
      <Section title="Settings" id="settings">
        <ScheduleSettingsForm action={updateScheduleSettingsAction} settings={settings} />
      </Section>
    </>
  );
}
