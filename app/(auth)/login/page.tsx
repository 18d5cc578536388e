import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/session/current-user';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { config } from '@/lib/config';
import { Icon } from '@/components/bell/event-icon';
import { oidcConfigured } from '@/lib/session/oidc';
import { LoginForm } from './login-form';
import { SsoButton } from './sso-button';

export const metadata: Metadata = { title: 'Sign in' };

/** next-auth's error codes after a failed single sign-on (state, PKCE, nonce, ID token, profile). */
const SSO_FAILED = new Set(['OAuthSignin', 'OAuthCallback', 'OAuthCreateAccount', 'Callback', 'OAuthAccountNotLinked']);

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const target = safeCallbackUrl(callbackUrl, config().appUrl);
  if (await currentUser()) redirect(target);
  const cfg = config();
  const sso = oidcConfigured(cfg) ? cfg.OIDC_NAME : null;
  const passwords = !sso || !cfg.OIDC_ONLY || cfg.ADMIN_LOCAL_LOGIN;
  return (
    <main id="main" tabIndex={-1} className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <div className="mb-6 text-center">
          <Icon name="bell" className="mx-auto size-9 text-indigo-600" />
          <h1 className="mt-2 text-xl font-semibold">Sign in to Tocsin</h1>
          <p className="mt-1 text-sm text-slate-500">Notifications for your security program</p>
        </div>
        {sso && error && SSO_FAILED.has(error) && (
          <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            Single sign-on did not complete. Try again, or ask an admin if it keeps failing.
          </p>
        )}
        {sso && <SsoButton name={sso} callbackUrl={target} />}
        {sso && passwords && (
          <p className="my-4 text-center text-xs text-slate-600">
            {cfg.OIDC_ONLY ? 'Break-glass sign-in for the first admin' : 'or sign in with a password'}
          </p>
        )}
        {passwords && <LoginForm callbackUrl={target} />}
      </div>
    </main>
  );
}
