/** Where to go after sign-in: only a path on this site, never another origin. */
import { appPath } from '../links/app-path';

/** The path + search + hash of `value` on the app at `appOrigin`; '/' for anything else. */
export function safeCallbackUrl(value: string | undefined | null, appOrigin?: string): string {
  return appPath(value, appOrigin) ?? '/';
}
