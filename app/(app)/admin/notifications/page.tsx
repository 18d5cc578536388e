import type { Metadata } from 'next';
import Link from 'next/link';
import { matrixOf, systemChannels } from '@/components/settings/matrix-channels';
import { NotificationMatrix } from '@/components/settings/notification-matrix';
import { PageHeader } from '@/components/ui/page-header';
import { LINK } from '@/components/ui/styles';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { readNotificationSettings } from '@/lib/domain/notification-settings';
import { integrationStatus } from '@/lib/notifications/channel-integrations';
import { saveNotificationSettingsAction } from '../../settings/notifications/actions';

export const metadata: Metadata = { title: 'System-wide notifications' };

export default async function SystemNotificationsPage() {
  const user = await requireUser();
  const system = await found(readNotificationSettings(db(), user, { scope: 'system' }));
  const status = await integrationStatus(db());
  const matrix = matrixOf(system);
  return (
    <>
      <PageHeader
        title="System-wide notifications"
        subtitle="Sent for every event, on top of what each user chose. Each box saves as soon as you tick it."
        actions={
          <>
            <Link href="/admin/notifications/template" className={LINK}>
              Template for new users
            </Link>
            <Link href="/admin/notifications/preview" className={LINK}>
              Who will hear this?
            </Link>
          </>
        }
      />
      <NotificationMatrix
        key={JSON.stringify(matrix)}
        title="System-wide notification settings"
        channels={systemChannels(status)}
        initial={matrix}
        floors={system.minimum_severity}
        required={system.required ?? []}
        save={saveNotificationSettingsAction.bind(null, { scope: 'system' })}
      />
    </>
  );
}
