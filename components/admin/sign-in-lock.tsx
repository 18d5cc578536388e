import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import type { FormAction } from '@/lib/session/action';

/** Shown while the user's sign-in cap is reached: too many failed attempts, from many addresses. */
export function SignInLock({ action, userId }: { action: FormAction; userId: number }) {
  return (
    <ActionForm
      action={action}
      label="Sign-in lock"
      successMessage="Sign-in unlocked."
      className="mb-6 space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4"
    >
      <input type="hidden" name="id" value={userId} />
      <p data-testid="sign-in-locked" className="text-sm text-amber-900">
        Sign-in is locked: too many failed attempts for this username today. Unlock it when you know who was guessing.
      </p>
      <SubmitButton kind="secondary" pendingLabel="Unlocking…">
        Unlock sign-in
      </SubmitButton>
    </ActionForm>
  );
}
