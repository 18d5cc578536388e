import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { CheckboxField, SelectField, TextField } from '@/components/forms/fields';
import type { FormAction } from '@/lib/session/action';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password-policy';
import { ROLES } from '@/lib/db/schema/enums';
import type { UserView } from '@/lib/domain/users';

const ADMIN_PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters, not the username, not a common password.`;
const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: r }));

/** Creates a user, or edits `user` (an empty password keeps theirs). */
export function UserForm({ action, user }: { action: FormAction; user?: UserView }) {
  return (
    <ActionForm action={action} label={user ? 'Edit user' : 'New user'} successMessage="Saved." className="max-w-xl space-y-4">
      {user && <input type="hidden" name="id" value={user.id} />}
      <TextField name="username" label="Username" required defaultValue={user?.username} autoComplete="off" />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="first_name" label="First name" defaultValue={user?.first_name} />
        <TextField name="last_name" label="Last name" defaultValue={user?.last_name} />
      </div>
      <TextField name="email" label="Email" type="email" defaultValue={user?.email} />
      <TextField
        name="password"
        label={user ? 'New password' : 'Password'}
        type="password"
        required={!user}
        autoComplete="new-password"
        hint={user ? `Leave empty to keep the current password. ${ADMIN_PASSWORD_HINT}` : ADMIN_PASSWORD_HINT}
      />
      <SelectField
        name="global_role"
        label="Global role"
        options={ROLE_OPTIONS}
        emptyLabel="None"
        defaultValue={user?.global_role}
        hint="A global role applies to every product type and product."
      />
      <div className="flex flex-wrap gap-6">
        <CheckboxField name="is_active" label="Active" defaultChecked={user?.is_active ?? true} />
        <CheckboxField name="is_superuser" label="Superuser" defaultChecked={user?.is_superuser ?? false} />
      </div>
      <SubmitButton pendingLabel="Saving…">{user ? 'Save changes' : 'Create user'}</SubmitButton>
    </ActionForm>
  );
}
