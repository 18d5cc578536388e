import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { CheckboxField, SelectField, TextAreaField, TextField } from '@/components/forms/fields';
import type { FormAction } from '@/lib/session/action';
import { SEVERITIES } from '@/lib/db/schema/enums';
import type { Finding } from '@/lib/domain/findings';

const SEVERITY_OPTIONS = SEVERITIES.map((s) => ({ value: s, label: s }));

/** Creates a finding in `testId`, or edits `finding`. The SLA due date follows from severity and date. */
export function FindingForm({ action, finding, testId }: { action: FormAction; finding?: Finding; testId?: number }) {
  return (
    <ActionForm action={action} label={finding ? 'Edit finding' : 'New finding'} className="max-w-2xl space-y-4">
      {finding ? <input type="hidden" name="id" value={finding.id} /> : <input type="hidden" name="test" value={testId} />}
      <TextField name="title" label="Title" required defaultValue={finding?.title} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="severity"
          label="Severity"
          required
          options={SEVERITY_OPTIONS}
          emptyLabel="Choose a severity"
          defaultValue={finding?.severity}
        />
        <TextField
          name="date"
          label="Found on"
          type="date"
          defaultValue={finding?.date}
          hint="Defaults to today. The SLA runs from this day."
        />
      </div>
      <TextAreaField name="description" label="Description" rows={6} defaultValue={finding?.description} />
      <div className="flex flex-wrap gap-6">
        <CheckboxField name="active" label="Active" defaultChecked={finding?.active ?? true} />
        <CheckboxField name="verified" label="Verified" defaultChecked={finding?.verified ?? false} />
      </div>
      <SubmitButton pendingLabel="Saving…">{finding ? 'Save changes' : 'Create finding'}</SubmitButton>
    </ActionForm>
  );
}
