import { engagementEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { createEngagement, listEngagements } from '@/lib/domain/engagements';

export const GET = handle(endpoints.list, ({ db, caller, query, page }) => listEngagements(db, caller, query, page));
export const POST = handle(endpoints.create, ({ db, caller, body }) => createEngagement(db, caller, body));
