import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { TextField } from '@/components/forms/fields';
import type { FormAction } from '@/lib/session/action';

export interface ProfileValues {
  first_name: string;
  last_name: string;
  email: string;
  slack_target: string;
}

export function ProfileForm({ action, profile }: { action: FormAction; profile: ProfileValues }) {
  return (
    <ActionForm action={action} label="Account" successMessage="Profile saved." className="max-w-xl space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="first_name" label="First name" defaultValue={profile.first_name} autoComplete="given-name" />
        <TextField name="last_name" label="Last name" defaultValue={profile.last_name} autoComplete="family-name" />
      </div>
      <TextField
        name="email"
        label="Email"
        type="email"
        defaultValue={profile.email}
        autoComplete="email"
        hint="Where mail notifications go."
      />
      <TextField
        name="slack_target"
        label="Slack DM target"
        defaultValue={profile.slack_target}
        placeholder="U012AB3CD or you@example.com"
        hint="Your Slack member id, or the email address Slack knows you by. Empty: no Slack direct messages."
      />
      <SubmitButton pendingLabel="Saving…">Save profile</SubmitButton>
    </ActionForm>
  );
}
