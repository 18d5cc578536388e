import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import type { FormAction } from '@/lib/session/action';

/** Close an open engagement (status Completed) or reopen a closed one (In Progress). */
export function CloseReopenButton({ id, closed, close, reopen }: { id: number; closed: boolean; close: FormAction; reopen: FormAction }) {
  return (
    <ActionForm
      key={closed ? 'reopen' : 'close'}
      action={closed ? reopen : close}
      label={closed ? 'Reopen engagement' : 'Close engagement'}
      className="flex flex-col gap-2"
    >
      <input type="hidden" name="id" value={id} />
      <SubmitButton kind="secondary" pendingLabel="Saving…">
        {closed ? 'Reopen' : 'Close engagement'}
      </SubmitButton>
    </ActionForm>
  );
}
