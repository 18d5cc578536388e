import { alertEndpoints as endpoints } from '@/lib/api/contracts/alerts';
import { handle } from '@/lib/api/handle';
import { snoozeAlerts } from '@/lib/notifications/alert-mutations';

export const POST = handle(endpoints.snooze, ({ db, caller, body }) => snoozeAlerts(db, caller.id, body));
