import type { Metadata } from 'next';
import { matrixOf, personalChannels } from '@/components/settings/matrix-channels';
import { NotificationMatrix } from '@/components/settings/notification-matrix';
import { PageHeader } from '@/components/ui/page-header';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { readNotificationSettings } from '@/lib/domain/notification-settings';
import { integrationStatus } from '@/lib/notifications/channel-integrations';
import { saveNotificationSettingsAction } from '../../../settings/notifications/actions';

export const metadata: Metadata = { title: 'Notification template' };

export default async function TemplateNotificationsPage() {
  const user = await requireUser();
  const template = await found(readNotificationSettings(db(), user, { scope: 'template' }));
  const status = await integrationStatus(db());
  const matrix = matrixOf(template);
  return (
    <>
      <PageHeader
        title="Notification template"
        crumbs={[{ href: '/admin/notifications', label: 'Notifications' }]}
        subtitle="Copied into each new user's personal settings when the account is created (and when a user resets theirs)."
      />
      <NotificationMatrix
        key={JSON.stringify(matrix)}
        title="Template notification settings"
        channels={personalChannels(status, 'admin')}
        initial={matrix}
        floors={template.minimum_severity}
        save={saveNotificationSettingsAction.bind(null, { scope: 'template' })}
      />
    </>
  );
}
