import { notificationEndpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { patchNotificationSettings, readNotificationSettings, replaceNotificationSettings } from '@/lib/domain/notification-settings';

const endpoints = notificationEndpoints.template;
const target = { scope: 'template' } as const;

export const GET = handle(endpoints.read, ({ db, caller }) => readNotificationSettings(db, caller, target));
export const PUT = handle(endpoints.replace, ({ db, caller, body }) => replaceNotificationSettings(db, caller, target, body));
export const PATCH = handle(endpoints.patch, ({ db, caller, body }) => patchNotificationSettings(db, caller, target, body));
