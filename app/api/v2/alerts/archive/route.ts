import { alertEndpoints as endpoints } from '@/lib/api/contracts/alerts';
import { handle } from '@/lib/api/handle';
import { archiveAlerts } from '@/lib/notifications/alert-mutations';

export const POST = handle(endpoints.archive, ({ db, caller, body }) => archiveAlerts(db, caller.id, body));
