import { alertEndpoints as endpoints } from '@/lib/api/contracts/alerts';
import { handle } from '@/lib/api/handle';
import { markAlertsRead } from '@/lib/notifications/alert-mutations';

export const POST = handle(endpoints.read, ({ db, caller, body }) => markAlertsRead(db, caller.id, body));
