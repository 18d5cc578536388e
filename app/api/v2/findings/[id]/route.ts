import { findingEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { deleteFinding, getFinding, updateFinding } from '@/lib/domain/findings';

export const GET = handle(endpoints.read, ({ db, caller, params }) => getFinding(db, caller, params.id));
export const PATCH = handle(endpoints.update, ({ db, caller, params, body }) => updateFinding(db, caller, params.id, body));
export const DELETE = handle(endpoints.remove, ({ db, caller, params }) => deleteFinding(db, caller, params.id));
