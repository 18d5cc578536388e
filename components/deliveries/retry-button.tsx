import type { FormAction } from '@/lib/session/action';
import { ActionForm, SubmitButton } from '@/components/forms/action-form';

/** Retries one delivery (dead, or waiting for its next attempt) now. */
export function RetryButton({ action, id, label }: { action: FormAction; id: string; label: string }) {
  return (
    <ActionForm action={action} label={label} className="space-y-1">
      <input type="hidden" name="id" value={id} />
      <SubmitButton kind="secondary" pendingLabel="Retrying…">
        Retry
      </SubmitButton>
    </ActionForm>
  );
}
