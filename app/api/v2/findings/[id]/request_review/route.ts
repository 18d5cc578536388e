import { findingEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { listReviewRequests, requestReview } from '@/lib/domain/review-requests';

export const GET = handle(endpoints.listReviewRequests, ({ db, caller, params, page }) => listReviewRequests(db, caller, params.id, page));
export const POST = handle(endpoints.requestReview, ({ db, caller, params, body }) => requestReview(db, caller, params.id, body));
