import { userEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { getOwnUser } from '@/lib/domain/users';

export const GET = handle(endpoints.me, ({ db, caller }) => getOwnUser(db, caller));
