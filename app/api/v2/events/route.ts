import { eventEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { postEvent } from '@/lib/domain/posted-events';

export const POST = handle(endpoints.post, ({ db, caller, headers, body }) => postEvent(db, caller, body, headers['Idempotency-Key']));
