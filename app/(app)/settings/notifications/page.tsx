import type { Metadata } from 'next';
import { lockedByRequired, matrixOf, mergeLocks, personalChannels, systemWideLocks } from '@/components/settings/matrix-channels';
import { NotificationMatrix } from '@/components/settings/notification-matrix';
import { ResetToTemplateButton } from '@/components/settings/reset-to-template-button';
import { PageHeader } from '@/components/ui/page-header';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { readNotificationSettings } from '@/lib/domain/notification-settings';
import { integrationStatus } from '@/lib/notifications/channel-integrations';
import { getSettings } from '@/lib/notifications/settings';
import { resetToTemplateAction, saveNotificationSettingsAction } from './actions';

export const metadata: Metadata = { title: 'Notification settings' };

export default async function NotificationSettingsPage() {
  const user = await requireUser();
  const [mine, system, status] = await Promise.all([
    found(readNotificationSettings(db(), user, { scope: 'personal' })),
    getSettings(db(), { scope: 'system' }),
    integrationStatus(db()),
  ]);
  const matrix = matrixOf(mine);
  return (
    <>
      <PageHeader
        title="Notification settings"
        actions={<ResetToTemplateButton reset={resetToTemplateAction} />}
        subtitle="What you are told about, and how. Each box saves as soon as you tick it. Products can add more on their own notifications page."
      />
      <NotificationMatrix
        key={JSON.stringify(matrix)}
        title="Personal notification settings"
        channels={personalChannels(status, user.isSuperuser ? 'admin' : 'user', {
          slackTarget: Boolean(user.slackUserId || user.slackEmail),
        })}
        initial={matrix}
        floors={mine.minimum_severity}
        locked={mergeLocks(lockedByRequired(system), systemWideLocks(matrixOf(system)))}
        save={saveNotificationSettingsAction.bind(null, { scope: 'personal' })}
      />
    </>
  );
}
