import { groupMemberEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { getGroupMember, removeGroupMember } from '@/lib/domain/group-members';

export const GET = handle(endpoints.read, ({ db, caller, params }) => getGroupMember(db, caller, params.id));
export const DELETE = handle(endpoints.remove, ({ db, caller, params }) => removeGroupMember(db, caller, params.id));
