import { alertEndpoints as endpoints } from '@/lib/api/contracts/alerts';
import { handle } from '@/lib/api/handle';
import { markAlertsUnread } from '@/lib/notifications/alert-mutations';

export const POST = handle(endpoints.unread, ({ db, caller, body }) => markAlertsUnread(db, caller.id, body.ids));
