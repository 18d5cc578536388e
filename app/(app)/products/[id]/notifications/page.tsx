import type { Metadata } from 'next';
import {
  inheritedFrom,
  lockedByRequired,
  matrixOf,
  mergeLocks,
  personalChannels,
  systemWideLocks,
} from '@/components/settings/matrix-channels';
import { NotificationMatrix } from '@/components/settings/notification-matrix';
import { PageHeader } from '@/components/ui/page-header';
import { found, routeId } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { readNotificationSettings } from '@/lib/domain/notification-settings';
import { getProduct } from '@/lib/domain/products';
import { PERSONAL_CHANNELS } from '@/lib/core/event-catalog';
import { integrationStatus } from '@/lib/notifications/channel-integrations';
import { getSettings } from '@/lib/notifications/settings';
import { saveNotificationSettingsAction } from '../../../settings/notifications/actions';

export const metadata: Metadata = { title: 'Product notifications' };

export default async function ProductNotificationsPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = routeId((await params).id);
  const product = await found(getProduct(db(), user, id));
  const [forProduct, mine, system, status] = await Promise.all([
    found(readNotificationSettings(db(), user, { scope: 'product', productId: id })),
    found(readNotificationSettings(db(), user, { scope: 'personal' })),
    getSettings(db(), { scope: 'system' }),
    integrationStatus(db()),
  ]);
  const matrix = matrixOf(forProduct);
  return (
    <>
      <PageHeader
        title={`Notifications for ${product.name}`}
        crumbs={[
          { href: '/products', label: 'Products' },
          { href: `/products/${id}`, label: product.name },
        ]}
        subtitle="Added to your personal settings for events about this product. Each box saves as soon as you tick it."
      />
      <NotificationMatrix
        key={JSON.stringify(matrix)}
        title={`Notification settings for ${product.name}`}
        channels={personalChannels(status, user.isSuperuser ? 'admin' : 'user', {
          slackTarget: Boolean(user.slackUserId || user.slackEmail),
        })}
        initial={matrix}
        floors={forProduct.minimum_severity}
        locked={mergeLocks(lockedByRequired(system), systemWideLocks(matrixOf(system)))}
        inherited={inheritedFrom([{ matrix: matrixOf(mine), label: 'from your settings', channels: PERSONAL_CHANNELS }])}
        save={saveNotificationSettingsAction.bind(null, { scope: 'product', productId: id })}
      />
    </>
  );
}
