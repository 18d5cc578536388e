import { notificationEndpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { patchNotificationSettings, readNotificationSettings, replaceNotificationSettings } from '@/lib/domain/notification-settings';

const endpoints = notificationEndpoints.product;
const target = (productId: number) => ({ scope: 'product', productId }) as const;

export const GET = handle(endpoints.read, ({ db, caller, params }) => readNotificationSettings(db, caller, target(params.id)));
export const PUT = handle(endpoints.replace, ({ db, caller, params, body }) =>
  replaceNotificationSettings(db, caller, target(params.id), body),
);
export const PATCH = handle(endpoints.patch, ({ db, caller, params, body }) =>
  patchNotificationSettings(db, caller, target(params.id), body),
);
