import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/auth/session';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { Icon } from '@/components/bell/event-icon';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  const target = safeCallbackUrl(callbackUrl);
  if (await currentUser()) redirect(target);
  return (
    <main id="main" tabIndex={-1} className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <div className="mb-6 text-center">
          <Icon name="bell" className="mx-auto size-9 text-indigo-600" />
          <h1 className="mt-2 text-xl font-semibold">Sign in to Tocsin</h1>
          <p className="mt-1 text-sm text-slate-500">Notifications for your security program</p>
        </div>
        <LoginForm callbackUrl={target} />
      </div>
    </main>
  );
}
