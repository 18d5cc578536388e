import { testEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { createTest, listTests } from '@/lib/domain/tests';

export const GET = handle(endpoints.list, ({ db, caller, query, page }) => listTests(db, caller, query, page));
export const POST = handle(endpoints.create, ({ db, caller, body }) => createTest(db, caller, body));
