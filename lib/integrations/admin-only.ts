// The integrations are the superusers' alone (except a product's own destinations).
import 'server-only';
import { INTEGRATIONS_ONLY } from '../auth/superusers-only';
import { forbidden, type Result } from '../core/result';

/** Runs `run` for a superuser; anyone else gets 403. */
export async function superuserOnly<T>(caller: { isSuperuser: boolean }, run: () => Promise<Result<T>>): Promise<Result<T>> {
  return caller.isSuperuser ? run() : forbidden(INTEGRATIONS_ONLY);
}
