import Link from 'next/link';
import { LINK } from '@/components/ui/styles';

/** The answer for an object that does not exist and for one the user may not see: the same page. */
export default function NotFound() {
  return (
    <div data-testid="not-found" className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-10 text-center">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 className="mt-1 text-xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600">It does not exist, or you do not have access to it.</p>
      <Link href="/" className={`mt-4 inline-block ${LINK}`}>
        Back to the dashboard
      </Link>
    </div>
  );
}
