import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { TextAreaField, TextField } from '@/components/forms/fields';
import type { FormAction } from '@/lib/session/action';
import type { Group } from '@/lib/domain/groups';

export function GroupForm({ action, group }: { action: FormAction; group?: Group }) {
  return (
    <ActionForm action={action} label={group ? 'Edit group' : 'New group'} successMessage="Saved." className="max-w-xl space-y-4">
      {group && <input type="hidden" name="id" value={group.id} />}
      <TextField name="name" label="Name" required defaultValue={group?.name} />
      <TextAreaField name="description" label="Description" rows={3} defaultValue={group?.description} />
      <SubmitButton pendingLabel="Saving…">{group ? 'Save changes' : 'Create group'}</SubmitButton>
    </ActionForm>
  );
}
