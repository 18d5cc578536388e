import { riskAcceptanceEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { deleteRiskAcceptance, getRiskAcceptance, updateRiskAcceptance } from '@/lib/domain/risk-acceptances';

export const GET = handle(endpoints.read, ({ db, caller, params }) => getRiskAcceptance(db, caller, params.id));
export const PATCH = handle(endpoints.update, ({ db, caller, params, body }) => updateRiskAcceptance(db, caller, params.id, body));
export const DELETE = handle(endpoints.remove, ({ db, caller, params }) => deleteRiskAcceptance(db, caller, params.id));
