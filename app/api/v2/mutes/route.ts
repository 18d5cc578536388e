import { muteEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { createMute, listMutes } from '@/lib/domain/mutes';

export const GET = handle(endpoints.list, ({ db, caller }) => listMutes(db, caller));
export const POST = handle(endpoints.create, ({ db, caller, body }) => createMute(db, caller, body));
