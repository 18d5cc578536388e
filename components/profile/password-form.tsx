import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { TextField } from '@/components/forms/fields';
import type { FormAction } from '@/lib/session/action';
import { PASSWORD_HINT } from '@/lib/auth/password-policy';

export function PasswordForm({ action, username }: { action: FormAction; username: string }) {
  return (
    <ActionForm action={action} label="Change password" successMessage="Password changed." className="max-w-xl space-y-4">
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" value={username} autoComplete="username" readOnly hidden />
      <TextField name="current_password" label="Current password" type="password" autoComplete="current-password" />
      <TextField name="new_password" label="New password" type="password" autoComplete="new-password" hint={PASSWORD_HINT} />
      <SubmitButton kind="secondary" pendingLabel="Saving…">
        Change password
      </SubmitButton>
    </ActionForm>
  );
}
