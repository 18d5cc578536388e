import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { CheckboxListField, SelectField, TextField } from '@/components/forms/fields';
import type { FormAction } from '@/lib/session/action';
import { WEEKDAYS, type QuietHours } from '@/lib/notifications/quiet-hours';

/** Quiet hours: email and Slack DMs wait until they end, then come as one message; Critical and required events do not wait. */
export function QuietHoursForm({ action, quiet, timeZones }: { action: FormAction; quiet: QuietHours; timeZones: string[] }) {
  return (
    <ActionForm action={action} label="Quiet hours" successMessage="Quiet hours saved." className="max-w-xl space-y-4">
      <SelectField
        name="time_zone"
        label="Your time zone"
        defaultValue={quiet.timeZone}
        options={timeZones.map((zone) => ({ value: zone, label: zone }))}
      />
      <div className="grid grid-cols-2 gap-3">
        <TextField name="quiet_from" label="Quiet from" placeholder="19:00" defaultValue={quiet.from ?? ''} hint="HH:MM, e.g. 19:00" />
        <TextField
          name="quiet_until"
          label="Until"
          placeholder="08:00"
          defaultValue={quiet.until ?? ''}
          hint="HH:MM; 08:00 ends them the next morning"
        />
      </div>
      <CheckboxListField
        name="quiet_days"
        label="Quiet all day on"
        emptyText=""
        defaultValue={quiet.days}
        options={WEEKDAYS.map((day, i) => ({ value: String(i + 1), label: day }))}
        hint="During quiet hours your email and Slack messages wait, and come as one message when they end. The bell is never held; Critical and required events go through at once."
      />
      <SubmitButton kind="secondary" pendingLabel="Saving…">
        Save quiet hours
      </SubmitButton>
    </ActionForm>
  );
}
