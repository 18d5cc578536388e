import Link from 'next/link';
import type { SearchParams } from '@/lib/pages/list-query';
import { BUTTON } from './styles';

/** "21–25 of 25" and links to the previous and next pages, keeping the list's filters. */
export function Pagination({
  count,
  page,
  pageSize,
  params,
  path,
}: {
  count: number;
  page: number;
  pageSize: number;
  params: SearchParams;
  path: string;
}) {
  if (count <= pageSize && page === 1) return null;
  const href = (to: number) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (key !== 'page' && typeof value === 'string' && value) query.set(key, value);
    if (to > 1) query.set('page', String(to));
    const qs = query.toString();
    return qs ? `${path}?${qs}` : path;
  };
  const from = Math.min(count, (page - 1) * pageSize + 1);
  const to = Math.min(count, page * pageSize);
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-2 text-sm text-slate-600">
      <span>
        {from}–{to} of {count}
      </span>
      <span className="flex gap-2">
        {page > 1 && (
          <Link href={href(page - 1)} className={BUTTON.secondary}>
            Previous
          </Link>
        )}
        {to < count && (
          <Link href={href(page + 1)} className={BUTTON.secondary}>
            Next
          </Link>
        )}
      </span>
    </nav>
  );
}
