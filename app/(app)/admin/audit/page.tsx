import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditChanges } from '@/components/audit/audit-changes';
import { UtcTime } from '@/components/deliveries/utc-time';
import { EmptyState } from '@/components/ui/empty-state';
import { FilterBar, FilterSelect } from '@/components/ui/filter-bar';
import { PageHeader } from '@/components/ui/page-header';
import { BUTTON, CONTROL, LINK } from '@/components/ui/styles';
import { Cell, Table } from '@/components/ui/table';
import { auditActors, auditFilterSchema, listAuditLog, type AuditFilter } from '@/lib/domain/audit-log';
import { AUDIT_ACTIONS, AUDIT_OBJECT_KINDS } from '@/lib/audit/record';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { db } from '@/lib/db/client';
import { pageOf, PAGE_SIZE, type SearchParams } from '@/lib/pages/list-query';

export const metadata: Metadata = { title: 'Audit log' };

const FILTER_KEYS = ['actor', 'object_kind', 'object_id', 'action', 'from', 'to'] as const;
const label = (value: string) => value.charAt(0).toUpperCase() + value.slice(1).replace(/_/g, ' ');

/** The filter as the query string had it (blank and unparsable values dropped), to keep in links and forms. */
function filterQuery(params: SearchParams): { filter: AuditFilter; query: Record<string, string> } {
  const raw: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = params[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (first && auditFilterSchema.shape[key].safeParse(first).success) raw[key] = first;
  }
  return { filter: auditFilterSchema.parse(raw), query: raw };
}

function pageHref(query: Record<string, string>, page: number): string {
  const qs = new URLSearchParams(query);
  if (page > 1) qs.set('page', String(page));
  const s = qs.toString();
  return s ? `/admin/audit?${s}` : '/admin/audit';
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const params = await searchParams;
  const page = pageOf(params);
  const { filter, query } = filterQuery(params);
  // Both refuse anyone but a superuser themselves (the layout is not the authorization).
  const [list, actors] = await Promise.all([
    found(listAuditLog(db(), user, filter, { limit: PAGE_SIZE, offset: page.offset })),
    found(auditActors(db(), user)),
  ]);
  const hasMore = page.offset + list.results.length < list.count;
  return (
    <>
      <PageHeader title="Audit log" />
      <p className="mb-4 text-sm text-slate-600">
        Who changed notification settings, integrations, destinations, users, groups, memberships and schedules, when and from which
        address. Secrets appear only as set, changed or cleared.
      </p>
      <FilterBar path="/admin/audit">
        <FilterSelect
          name="actor"
          label="Actor"
          value={query.actor}
          allLabel="Anyone"
          options={actors.map((a) => ({ value: a.id, label: a.name }))}
        />
        <FilterSelect
          name="object_kind"
          label="Object kind"
          value={query.object_kind}
          allLabel="Any"
          options={AUDIT_OBJECT_KINDS.map((k) => ({ value: k, label: label(k) }))}
        />
        <label className="block text-xs font-medium text-slate-600">
          Object id
          <input type="text" name="object_id" defaultValue={query.object_id} maxLength={100} className={`mt-1 ${CONTROL}`} />
        </label>
        <FilterSelect
          name="action"
          label="Action"
          value={query.action}
          allLabel="Any"
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: label(a) }))}
        />
        <label className="block text-xs font-medium text-slate-600">
          From
          <input type="date" name="from" defaultValue={query.from} className={`mt-1 ${CONTROL}`} />
        </label>
        <label className="block text-xs font-medium text-slate-600">
          To (inclusive)
          <input type="date" name="to" defaultValue={query.to} className={`mt-1 ${CONTROL}`} />
        </label>
      </FilterBar>
      {list.results.length === 0 ? (
        <EmptyState title="No changes match" />
      ) : (
        <Table label="Audit log" head={['When', 'Who', 'Address', 'Object', 'Action', 'Changes']}>
          {list.results.map((entry) => (
            <tr key={entry.id} data-testid={`audit-${entry.id}`} data-kind={entry.object_kind} data-action={entry.action}>
              <Cell className="whitespace-nowrap">
                <UtcTime iso={entry.created} />
              </Cell>
              <Cell>
                {entry.actor === null ? (
                  entry.actor_name
                ) : (
                  <Link href={pageHref({ actor: String(entry.actor) }, 1)} className={LINK} title={`Every change by ${entry.actor_name}`}>
                    {entry.actor_name}
                  </Link>
                )}
              </Cell>
              <Cell>{entry.client_address ?? '—'}</Cell>
              <Cell>
                {entry.object_id === null ? (
                  <span className="block font-medium">{entry.object_label || '—'}</span>
                ) : (
                  <Link
                    href={pageHref({ object_kind: entry.object_kind, object_id: entry.object_id }, 1)}
                    className={`block ${LINK}`}
                    title="Every change of this object"
                  >
                    {entry.object_label || entry.object_id}
                  </Link>
                )}
                <span className="text-xs text-slate-600">
                  {label(entry.object_kind)}
                  {entry.object_id ? ` ${entry.object_id}` : ''}
                </span>
              </Cell>
              <Cell>{label(entry.action)}</Cell>
              <Cell className="min-w-48 max-w-md">
                <AuditChanges changes={entry.changes} />
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-2 text-sm text-slate-600">
        <span>
          {list.count} {list.count === 1 ? 'change' : 'changes'}
          {list.count > PAGE_SIZE ? `, page ${page.page}` : ''}
        </span>
        <span className="flex gap-2">
          {page.page > 1 && (
            <Link href={pageHref(query, page.page - 1)} className={BUTTON.secondary}>
              Previous
            </Link>
          )}
          {hasMore && (
            <Link href={pageHref(query, page.page + 1)} className={BUTTON.secondary}>
              Next
            </Link>
          )}
        </span>
      </nav>
    </>
  );
}
