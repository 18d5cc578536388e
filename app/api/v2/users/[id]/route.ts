import { userEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { deleteUser, getUser, updateUser } from '@/lib/domain/users';

export const GET = handle(endpoints.read, ({ db, caller, params }) => getUser(db, caller, params.id));
export const PATCH = handle(endpoints.update, ({ db, caller, params, body }) => updateUser(db, caller, params.id, body));
export const DELETE = handle(endpoints.remove, ({ db, caller, params }) => deleteUser(db, caller, params.id));
