'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { OIDC_PROVIDER_ID } from '@/lib/auth/oidc-id';

/** "Sign in with <provider>": next-auth's OIDC flow (PKCE, state, nonce), back to `callbackUrl`. */
export function SsoButton({ name, callbackUrl }: { name: string; callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      onClick={() => {
        setPending(true);
        void signIn(OIDC_PROVIDER_ID, { callbackUrl });
      }}
      disabled={pending}
      className="w-full rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 focus-visible:ring-offset-2 disabled:opacity-70"
    >
      {pending ? 'Redirecting…' : `Sign in with ${name}`}
    </button>
  );
}
