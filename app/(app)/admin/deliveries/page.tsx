import type { Metadata } from 'next';
import { AttemptHistory } from '@/components/deliveries/attempt-history';
import { OutboxNotice } from '@/components/deliveries/outbox-notice';
import { DeliveryStatusBadge } from '@/components/deliveries/status-badge';
import { EndpointHealthTable } from '@/components/deliveries/endpoint-health-table';
import { PageLinks } from '@/components/deliveries/page-links';
import { RetryButton } from '@/components/deliveries/retry-button';
import { RetryDeadConfirmation } from '@/components/deliveries/retry-dead-confirmation';
import { UtcTime } from '@/components/deliveries/utc-time';
import { eventLabel } from '@/components/settings/event-label';
import { EmptyState } from '@/components/ui/empty-state';
import { FilterBar, FilterSelect } from '@/components/ui/filter-bar';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { CONTROL } from '@/components/ui/styles';
import { Cell, Table } from '@/components/ui/table';
import { found } from '@/lib/session/page-guard';
import { requireUser } from '@/lib/session/current-user';
import { config } from '@/lib/config';
import { db } from '@/lib/db/client';
import {
  countDeadDeliveries,
  DELIVERY_STATUSES,
  deliveryFilterSchema,
  listDeliveries,
  type DeliveryFilter,
} from '@/lib/delivery/delivery-log';
import { localOutboxNotice } from '@/lib/delivery/outbox-store';
import { listEndpointHealth } from '@/lib/delivery/endpoint-health';
import { EVENT_TYPES } from '@/lib/core/event-catalog';
import { pageOf, PAGE_SIZE, type SearchParams } from '@/lib/pages/list-query';
import { retryDeadDeliveriesAction, retryDeliveryAction } from './actions';

export const metadata: Metadata = { title: 'Deliveries' };

const FILTER_KEYS = ['status', 'channel', 'eventType', 'from', 'to'] as const;
const CHANNEL_LABELS = { mail: 'Email', slack: 'Slack', msteams: 'Teams', webhooks: 'Webhooks' } as const;

/** The filter as the query string had it (blank and unparsable values dropped), to keep in links and forms. */
function filterQuery(params: SearchParams): { filter: DeliveryFilter; query: Record<string, string> } {
  const raw: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = params[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (first && deliveryFilterSchema.shape[key].safeParse(first).success) raw[key] = first;
  }
  return { filter: deliveryFilterSchema.parse(raw), query: raw };
}

export default async function DeliveriesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const params = await searchParams;
  const page = pageOf(params);
  const { filter, query } = filterQuery(params);
  const [list, endpoints] = await Promise.all([
    found(listDeliveries(db(), user, filter, { limit: PAGE_SIZE, offset: page.offset })),
    found(listEndpointHealth(db(), user)),
  ]);
  // Read only once the superuser checks above have passed.
  const [outbox, dead] = await Promise.all([localOutboxNotice(db(), config().RESEND_API_KEY), countDeadDeliveries(db(), filter)]);
  return (
    <>
      <PageHeader title="Deliveries" actions={<RetryDeadConfirmation action={retryDeadDeliveriesAction} filter={query} dead={dead} />} />
      {outbox && <OutboxNotice text={outbox} />}
      <FilterBar path="/admin/deliveries">
        <FilterSelect
          name="status"
          label="Status"
          value={query.status}
          allLabel="Any"
          options={DELIVERY_STATUSES.filter((s) => s !== 'digested').map((s) => ({ value: s, label: s }))}
        />
        <FilterSelect
          name="channel"
          label="Channel"
          value={query.channel}
          allLabel="Any"
          options={Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <FilterSelect
          name="eventType"
          label="Event"
          value={query.eventType}
          allLabel="Any"
          options={EVENT_TYPES.map((t) => ({ value: t, label: eventLabel(t) }))}
        />
        <label className="block text-xs font-medium text-slate-600">
          Created from
          <input type="date" name="from" defaultValue={query.from} className={`mt-1 ${CONTROL}`} />
        </label>
        <label className="block text-xs font-medium text-slate-600">
          Created before
          <input type="date" name="to" defaultValue={query.to} className={`mt-1 ${CONTROL}`} />
        </label>
      </FilterBar>
      {list.rows.length === 0 ? (
        <EmptyState title="No deliveries match" />
      ) : (
        <Table
          label="Deliveries"
          head={['Event', 'Channel', 'Destination', 'Status', 'Attempts', 'Next attempt', 'Last error', 'Created', '']}
        >
          {list.rows.map((d) => (
            <tr key={d.id} data-testid={`delivery-${d.id}`} data-channel={d.channel} data-status={d.status}>
              <Cell>
                <span className="block font-medium">{d.event.title}</span>
                <span className="text-xs text-slate-600">
                  {eventLabel(d.event.type)} #{d.event.id}
                </span>
              </Cell>
              <Cell>{CHANNEL_LABELS[d.channel]}</Cell>
              <Cell>{d.destination || '—'}</Cell>
              <Cell>
                <DeliveryStatusBadge status={d.status} />
              </Cell>
              <Cell>
                <AttemptHistory attempts={d.attempts} entries={d.attemptLog} />
              </Cell>
              <Cell>
                <UtcTime iso={d.nextAttemptAt} />
              </Cell>
              <Cell className="max-w-xs break-words">
                {d.lastError ? `${d.lastError}${d.lastStatusCode ? ` (HTTP ${d.lastStatusCode})` : ''}` : '—'}
              </Cell>
              <Cell>
                <UtcTime iso={d.createdAt} />
              </Cell>
              <Cell>
                {(d.status === 'dead' || d.status === 'pending') && (
                  <RetryButton action={retryDeliveryAction} id={d.id} label={`Retry ${d.channel} delivery of ${d.event.title}`} />
                )}
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      <PageLinks page={page.page} hasMore={list.hasMore} path="/admin/deliveries" query={query} />
      <Section title="Webhook endpoints" id="endpoint-health">
        <EndpointHealthTable endpoints={endpoints} />
      </Section>
    </>
  );
}
