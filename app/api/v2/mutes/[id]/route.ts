import { muteEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { deleteMute } from '@/lib/domain/mutes';

export const DELETE = handle(endpoints.remove, ({ db, caller, params }) => deleteMute(db, caller, params.id));
