import { notificationEndpoints as endpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { previewEvent } from '@/lib/domain/posted-events';

export const POST = handle(endpoints.preview, ({ db, caller, body }) => previewEvent(db, caller, body));
