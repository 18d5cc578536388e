import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { SelectField } from '@/components/forms/fields';
import type { FormAction } from '@/lib/session/action';
import type { DigestFrequency } from '@/lib/db/schema/users';
import { DIGEST_LABELS } from '@/lib/schedules/digest-choice';

/** The digest choice: personal email and Slack DMs gathered per hour or per day; alerts stay instant. */
export function DigestForm({ action, digest }: { action: FormAction; digest: DigestFrequency }) {
  const options = Object.entries(DIGEST_LABELS).map(([value, label]) => ({ value, label }));
  return (
    <ActionForm action={action} label="Digest" successMessage="Digest choice saved." className="max-w-xl space-y-4">
      <SelectField
        name="digest"
        label="Email and Slack messages"
        defaultValue={digest}
        options={options}
        hint="A digest gathers your personal email and Slack messages into one per hour or per day, grouped by product and type. Alerts in the bell stay instant."
      />
      <SubmitButton kind="secondary" pendingLabel="Saving…">
        Save digest choice
      </SubmitButton>
    </ActionForm>
  );
}
