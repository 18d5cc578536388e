import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import type { FormAction } from '@/lib/session/action';

/** Ends every session of the user (other browsers, open bells), this one included. */
export function SignOutEverywhere({ action }: { action: FormAction }) {
  return (
    <ActionForm action={action} label="Sign out everywhere" className="max-w-xl space-y-3">
      <p className="text-sm text-slate-600">
        Signs you out in every browser and closes every open bell, this one included. API tokens keep working.
      </p>
      <SubmitButton kind="secondary" pendingLabel="Signing out…">
        Sign out everywhere
      </SubmitButton>
    </ActionForm>
  );
}
