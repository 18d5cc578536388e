import { alertEndpoints as endpoints } from '@/lib/api/contracts/alerts';
import { handle } from '@/lib/api/handle';
import { unarchiveAlerts } from '@/lib/notifications/alert-mutations';

export const POST = handle(endpoints.unarchive, ({ db, caller, body }) => unarchiveAlerts(db, caller.id, body));
