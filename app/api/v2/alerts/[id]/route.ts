import { alertEndpoints as endpoints } from '@/lib/api/contracts/alerts';
import { handle } from '@/lib/api/handle';
import { deleteAlert } from '@/lib/notifications/alert-mutations';

export const DELETE = handle(endpoints.remove, ({ db, caller, params }) => deleteAlert(db, caller.id, params.id));
