import { engagementEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { reopenEngagement } from '@/lib/domain/engagements';

export const POST = handle(endpoints.reopen, ({ db, caller, params }) => reopenEngagement(db, caller, params.id));
