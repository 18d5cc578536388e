import { riskAcceptanceEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { createRiskAcceptance, listRiskAcceptances } from '@/lib/domain/risk-acceptances';

export const GET = handle(endpoints.list, ({ db, caller, query, page }) => listRiskAcceptances(db, caller, query, page));
export const POST = handle(endpoints.create, ({ db, caller, body }) => createRiskAcceptance(db, caller, body));
