import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { SelectField, TextAreaField, TextField } from '@/components/forms/fields';
import type { FormAction } from '@/lib/session/action';
import { ENGAGEMENT_STATUSES } from '@/lib/db/schema/enums';
import type { Engagement } from '@/lib/domain/engagements';

const STATUSES = ENGAGEMENT_STATUSES.map((s) => ({ value: s, label: s }));

/** Creates an engagement of `productId`, or edits `engagement`. */
export function EngagementForm({ action, engagement, productId }: { action: FormAction; engagement?: Engagement; productId?: number }) {
  return (
    <ActionForm action={action} label={engagement ? 'Edit engagement' : 'New engagement'} className="max-w-xl space-y-4">
      {engagement ? <input type="hidden" name="id" value={engagement.id} /> : <input type="hidden" name="product" value={productId} />}
      <TextField name="name" label="Name" required defaultValue={engagement?.name} />
      <TextAreaField name="description" label="Description" defaultValue={engagement?.description} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="target_start" label="Start" type="date" required defaultValue={engagement?.target_start} />
        <TextField name="target_end" label="End" type="date" required defaultValue={engagement?.target_end} />
      </div>
      <SelectField name="status" label="Status" options={STATUSES} defaultValue={engagement?.status ?? 'Not Started'} />
      <SubmitButton pendingLabel="Saving…">{engagement ? 'Save changes' : 'Create engagement'}</SubmitButton>
    </ActionForm>
  );
}
