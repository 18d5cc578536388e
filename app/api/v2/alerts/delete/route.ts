import { alertEndpoints as endpoints } from '@/lib/api/contracts/alerts';
import { handle } from '@/lib/api/handle';
import { deleteAlerts } from '@/lib/notifications/alert-mutations';

export const POST = handle(endpoints.deleteMany, ({ db, caller, body }) => deleteAlerts(db, caller.id, body.ids));
