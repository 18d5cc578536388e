import type { Metadata } from 'next';
import { ApiTokensSection } from '@/components/profile/api-tokens-section';
import { DigestForm } from '@/components/profile/digest-form';
import { QuietHoursForm } from '@/components/profile/quiet-hours-form';
import { PasswordForm } from '@/components/profile/password-form';
import { ProfileForm } from '@/components/profile/profile-form';
import { SignOutEverywhere } from '@/components/profile/sign-out-everywhere';
import { DetailList } from '@/components/ui/detail-list';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { listApiTokens } from '@/lib/auth/api-tokens';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { slackTargetOf } from '@/lib/domain/profile';
import { getQuietHours } from '@/lib/notifications/quiet-hours';
import { getDigestChoice } from '@/lib/schedules/digest-choice';
import {
  changePasswordAction,
  createApiTokenAction,
  revokeApiTokenAction,
  signOutEverywhereAction,
  updateDigestAction,
  updateProfileAction,
  updateQuietHoursAction,
} from './actions';

export const metadata: Metadata = { title: 'Profile' };

const TIME_ZONES = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])];

export default async function ProfilePage() {
  const user = await requireUser();
  const [tokens, digest, quiet] = await Promise.all([
    listApiTokens(db(), user.id),
    getDigestChoice(db(), user.id),
    getQuietHours(db(), user.id),
  ]);
  return (
    <>
      <PageHeader title="Profile" />
      <DetailList
        items={[
          ['Username', user.username],
          ['Global role', user.globalRole ?? (user.isSuperuser ? 'Superuser' : 'None')],
        ]}
      />
      <Section title="Account" id="account">
        <ProfileForm
          action={updateProfileAction}
          profile={{ first_name: user.firstName, last_name: user.lastName, email: user.email, slack_target: slackTargetOf(user) }}
        />
      </Section>
      <Section title="Digest" id="digest">
        <DigestForm action={updateDigestAction} digest={digest} />
      </Section>
      <Section title="Quiet hours" id="quiet-hours">
        <QuietHoursForm action={updateQuietHoursAction} quiet={quiet} timeZones={TIME_ZONES} />
      </Section>
      <Section title="Password" id="password">
        <PasswordForm action={changePasswordAction} username={user.username} />
      </Section>
      <ApiTokensSection tokens={tokens} create={createApiTokenAction} revoke={revokeApiTokenAction} />
      <Section title="Sessions" id="sessions">
        <SignOutEverywhere action={signOutEverywhereAction} />
      </Section>
    </>
  );
}
