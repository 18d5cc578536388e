import { testEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { deleteTest, getTest, updateTest } from '@/lib/domain/tests';

export const GET = handle(endpoints.read, ({ db, caller, params }) => getTest(db, caller, params.id));
export const PATCH = handle(endpoints.update, ({ db, caller, params, body }) => updateTest(db, caller, params.id, body));
export const DELETE = handle(endpoints.remove, ({ db, caller, params }) => deleteTest(db, caller, params.id));
