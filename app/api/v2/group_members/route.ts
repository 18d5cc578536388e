import { groupMemberEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { addGroupMember, listGroupMembers } from '@/lib/domain/group-members';

export const GET = handle(endpoints.list, ({ db, caller, query, page }) => listGroupMembers(db, caller, query, page));
export const POST = handle(endpoints.create, ({ db, caller, body }) => addGroupMember(db, caller, body));
