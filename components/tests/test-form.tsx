import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { TextField } from '@/components/forms/fields';
import type { FormAction } from '@/lib/session/action';
import type { Test } from '@/lib/domain/tests';

/** Creates a test in `engagementId`, or edits `test`. */
export function TestForm({ action, test, engagementId }: { action: FormAction; test?: Test; engagementId?: number }) {
  return (
    <ActionForm action={action} label={test ? 'Edit test' : 'New test'} className="max-w-xl space-y-4">
      {test ? <input type="hidden" name="id" value={test.id} /> : <input type="hidden" name="engagement" value={engagementId} />}
      <TextField name="title" label="Title" required defaultValue={test?.title} />
      <TextField
        name="test_type"
        label="Test type"
        required
        defaultValue={test?.test_type}
        placeholder="ZAP Scan, Burp Scan, Manual review…"
      />
      <SubmitButton pendingLabel="Saving…">{test ? 'Save changes' : 'Create test'}</SubmitButton>
    </ActionForm>
  );
}
