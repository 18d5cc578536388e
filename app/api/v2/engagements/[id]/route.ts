import { engagementEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { deleteEngagement, getEngagement, updateEngagement } from '@/lib/domain/engagements';

export const GET = handle(endpoints.read, ({ db, caller, params }) => getEngagement(db, caller, params.id));
export const PATCH = handle(endpoints.update, ({ db, caller, params, body }) => updateEngagement(db, caller, params.id, body));
export const DELETE = handle(endpoints.remove, ({ db, caller, params }) => deleteEngagement(db, caller, params.id));
