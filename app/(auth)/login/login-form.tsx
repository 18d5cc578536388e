'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

const MESSAGES: Record<string, string> = {
  RateLimited: 'Too many sign-in attempts. Wait a few minutes and try again.',
};
const GENERIC = 'Invalid username or password.';
const MISSING = { username: 'Enter your username.', password: 'Enter your password.' } as const;
type Field = keyof typeof MISSING;
const INPUT =
  'mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-indigo-500 ' +
  'focus:outline-none focus:ring-2 focus:ring-indigo-200';

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [missing, setMissing] = useState<Field[]>([]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // Empty fields are answered here, before anything is sent (an empty try would count as a failure).
    const empty = (['username', 'password'] as const).filter((name) => !String(form.get(name) ?? '').trim());
    setMissing(empty);
    if (empty.length) {
      setError(null);
      event.currentTarget.querySelector<HTMLInputElement>(`[name="${empty[0]}"]`)?.focus();
      return;
    }
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      redirect: false,
      username: String(form.get('username') ?? ''),
      password: String(form.get('password') ?? ''),
    }).catch(() => undefined);
    setPending(false);
    if (result?.ok && !result.error) {
      router.replace(callbackUrl);
      router.refresh();
      return;
    }
    setError((result?.error && MESSAGES[result.error]) || GENERIC);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <div>
        <label htmlFor="username" className="block text-sm font-medium text-slate-700">
          Username
        </label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          required
          autoFocus
          className={INPUT}
          aria-invalid={missing.includes('username') || undefined}
          aria-describedby={missing.includes('username') ? 'username-error' : undefined}
        />
        <Missing field="username" missing={missing} />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={INPUT}
          aria-invalid={missing.includes('password') || undefined}
          aria-describedby={missing.includes('password') ? 'password-error' : undefined}
        />
        <Missing field="password" missing={missing} />
      </div>
      {error && (
        <p data-testid="login-error" role="status" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

function Missing({ field, missing }: { field: Field; missing: Field[] }) {
  if (!missing.includes(field)) return null;
  return (
    <p id={`${field}-error`} data-testid={`error-${field}`} className="mt-1 text-sm text-red-700">
      {MISSING[field]}
    </p>
  );
}
