import type { ReactNode } from 'react';
import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { CheckboxField, CheckboxListField, TextField } from '@/components/forms/fields';
import type { FormAction } from '@/lib/session/action';
import { SEVERITIES } from '@/lib/db/schema/enums';
import type { ScheduleSettings } from '@/lib/schedules/settings';

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-4">
      <legend className="px-1 text-sm font-semibold text-slate-700">{title}</legend>
      {children}
    </fieldset>
  );
}

/** Every schedule setting in one form; the daily run time and time zone apply to all of them. */
export function ScheduleSettingsForm({ action, settings }: { action: FormAction; settings: ScheduleSettings }) {
  return (
    <ActionForm action={action} label="Schedule settings" successMessage="Schedule settings saved." className="max-w-2xl space-y-4">
      <Group title="When">
        <TextField name="runAt" label="Daily run time (HH:MM, 24-hour)" defaultValue={settings.runAt} required />
        <TextField
          name="timeZone"
          label="Time zone"
          defaultValue={settings.timeZone}
          required
          hint="An IANA name, e.g. Europe/Paris. Also the days of daily digests."
        />
      </Group>
      <Group title="SLA breaches">
        <CheckboxField name="slaEnabled" label="Enabled" defaultChecked={settings.slaEnabled} />
        <TextField name="slaDaysBefore" type="number" label="Warn this many days before the breach" defaultValue={settings.slaDaysBefore} />
        <TextField
          name="slaPostBreachDays"
          type="number"
          label="Keep reminding for this many days after it"
          defaultValue={settings.slaPostBreachDays}
          hint="Blank: every day."
        />
        <CheckboxListField
          name="slaSeverities"
          label="Severities"
          options={SEVERITIES.map((s) => ({ value: s, label: s }))}
          defaultValue={settings.slaSeverities}
          emptyText=""
        />
        <CheckboxField name="slaActiveOnly" label="Active findings only" defaultChecked={settings.slaActiveOnly} />
        <CheckboxField name="slaVerifiedOnly" label="Verified findings only" defaultChecked={settings.slaVerifiedOnly} />
        <CheckboxField
          name="slaCombined"
          label="Combined: one message per product listing its findings"
          defaultChecked={settings.slaCombined}
        />
      </Group>
      <Group title="Engagements">
        <CheckboxField name="upcomingEnabled" label="Upcoming engagements" defaultChecked={settings.upcomingEnabled} />
        <TextField name="upcomingDays" type="number" label="Days ahead" defaultValue={settings.upcomingDays} />
        <CheckboxField name="staleEnabled" label="Stale engagements" defaultChecked={settings.staleEnabled} />
        <CheckboxField name="autoCloseEnabled" label="Close stale engagements automatically" defaultChecked={settings.autoCloseEnabled} />
        <TextField name="autoCloseDays" type="number" label="Days after the end date" defaultValue={settings.autoCloseDays} />
      </Group>
      <Group title="Risk acceptances">
        <CheckboxField name="riskAcceptanceEnabled" label="Expiring risk acceptances" defaultChecked={settings.riskAcceptanceEnabled} />
        <TextField name="riskAcceptanceDays" type="number" label="Days before expiry" defaultValue={settings.riskAcceptanceDays} />
      </Group>
      <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>
    </ActionForm>
  );
}
