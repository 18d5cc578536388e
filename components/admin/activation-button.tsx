import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import type { FormAction } from '@/lib/session/action';

/** Deactivates an active user (signed out at once, sent nothing) or reactivates an inactive one. */
export function ActivationButton({
  action,
  userId,
  active,
  username,
}: {
  action: FormAction;
  userId: number;
  active: boolean;
  username: string;
}) {
  return (
    <ActionForm action={action} label={`${active ? 'Deactivate' : 'Reactivate'} ${username}`} className="flex flex-col items-end gap-1">
      <input type="hidden" name="id" value={userId} />
      {!active && <input type="hidden" name="is_active" value="true" />}
      <SubmitButton kind={active ? 'dangerOutline' : 'secondary'}>{active ? 'Deactivate' : 'Reactivate'}</SubmitButton>
    </ActionForm>
  );
}
