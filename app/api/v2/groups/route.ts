import { groupEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { createGroup, listGroups } from '@/lib/domain/groups';

export const GET = handle(endpoints.list, ({ db, caller, query, page }) => listGroups(db, caller, query, page));
export const POST = handle(endpoints.create, ({ db, caller, body }) => createGroup(db, caller, body));
