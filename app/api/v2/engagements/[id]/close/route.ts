import { engagementEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { closeEngagement } from '@/lib/domain/engagements';

export const POST = handle(endpoints.close, ({ db, caller, params }) => closeEngagement(db, caller, params.id));
