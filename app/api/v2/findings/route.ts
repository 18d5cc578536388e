import { findingEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { createFinding, listFindings } from '@/lib/domain/findings';

export const GET = handle(endpoints.list, ({ db, caller, query, page }) => listFindings(db, caller, query, page));
export const POST = handle(endpoints.create, ({ db, caller, body }) => createFinding(db, caller, body));
