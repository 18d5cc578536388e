import { groupEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { deleteGroup, getGroup, updateGroup } from '@/lib/domain/groups';

export const GET = handle(endpoints.read, ({ db, caller, params }) => getGroup(db, caller, params.id));
export const PATCH = handle(endpoints.update, ({ db, caller, params, body }) => updateGroup(db, caller, params.id, body));
export const DELETE = handle(endpoints.remove, ({ db, caller, params }) => deleteGroup(db, caller, params.id));
