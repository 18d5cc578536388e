import { userEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { createUserAsAdmin, listUsers } from '@/lib/domain/users';

export const GET = handle(endpoints.list, ({ db, caller, query, page }) => listUsers(db, caller, query, page));
export const POST = handle(endpoints.create, ({ db, caller, body }) => createUserAsAdmin(db, caller, body));
