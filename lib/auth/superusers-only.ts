// The admin data (outbox, deliveries, schedules, integrations) is the superusers' alone. Its readers
// take the actor and refuse anyone else themselves, so a page or route handler cannot forget the check
// (a layout's check is not one: Next.js streams a page even after its layout calls notFound()).
import { forbidden, ok, type Result } from '../core/result';

/** Who asks: a superuser flag, and whether the account is active when the caller knows it. */
export interface AdminActor {
  isSuperuser: boolean;
  isActive?: boolean;
}

export const SUPERUSERS_ONLY = 'Only superusers may see this.';
export const INTEGRATIONS_ONLY = 'Only superusers may manage the integrations.';

/** `read()` for an active superuser; anyone else gets 403 and nothing is read. */
export async function superusersOnly<T>(actor: AdminActor, read: () => Promise<T>, detail = SUPERUSERS_ONLY): Promise<Result<T>> {
  if (!actor.isSuperuser || actor.isActive === false) return forbidden(detail);
  return ok(await read());
}
