import Link from 'next/link';
import { LINK } from '@/components/ui/styles';

export default function NotFound() {
  return (
    <main id="main" tabIndex={-1} className="flex min-h-screen items-center justify-center px-4">
      <div data-testid="not-found" className="max-w-md rounded-lg border border-slate-200 bg-white p-10 text-center">
        <p className="text-sm font-semibold text-slate-500">404</p>
        <h1 className="mt-1 text-xl font-semibold">Page not found</h1>
        <Link href="/" className={`mt-4 inline-block ${LINK}`}>
          Back to Tocsin
        </Link>
      </div>
    </main>
  );
}
