import Link from 'next/link';
import { BUTTON } from '@/components/ui/styles';

/** Previous / next for a list that knows only whether another page follows (no count query). */
export function PageLinks({ page, hasMore, path, query }: { page: number; hasMore: boolean; path: string; query: Record<string, string> }) {
  if (page === 1 && !hasMore) return null;
  const href = (to: number) => {
    const qs = new URLSearchParams(query);
    if (to > 1) qs.set('page', String(to));
    const s = qs.toString();
    return s ? `${path}?${s}` : path;
  };
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-2 text-sm text-slate-600">
      <span>Page {page}</span>
      <span className="flex gap-2">
        {page > 1 && (
          <Link href={href(page - 1)} className={BUTTON.secondary}>
            Previous
          </Link>
        )}
        {hasMore && (
          <Link href={href(page + 1)} className={BUTTON.secondary}>
            Next
          </Link>
        )}
      </span>
    </nav>
  );
}
