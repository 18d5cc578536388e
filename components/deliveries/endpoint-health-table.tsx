import { Badge } from '@/components/ui/badge';
import { Cell, Table } from '@/components/ui/table';
import type { EndpointHealthRow } from '@/lib/delivery/endpoint-health';
import { UtcTime } from './utc-time';

/** Only the endpoint's host: a URL's path or query may carry a token. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '—';
  }
}

export function EndpointHealthTable({ endpoints }: { endpoints: EndpointHealthRow[] }) {
  if (endpoints.length === 0) return <p className="text-sm text-slate-500">No webhook endpoints.</p>;
  return (
    <Table
      label="Webhook endpoint health"
      head={['Endpoint', 'Host', 'State', 'Last success', 'Last failure', 'Failures in a row', 'Last error']}
    >
      {endpoints.map((e) => (
        <tr key={e.id} data-testid={`endpoint-${e.id}`}>
          <Cell>{e.name}</Cell>
          <Cell>{hostOf(e.url)}</Cell>
          <Cell>{e.enabled ? <Badge tone="good">Enabled</Badge> : <Badge tone="bad">Disabled</Badge>}</Cell>
          <Cell>
            <UtcTime iso={e.lastSuccessAt} />
          </Cell>
          <Cell>
            <UtcTime iso={e.lastFailureAt} />
          </Cell>
          <Cell>{e.consecutiveFailures}</Cell>
          <Cell>{e.lastError ? `${e.lastError}${e.lastStatusCode ? ` (${e.lastStatusCode})` : ''}` : '—'}</Cell>
        </tr>
      ))}
    </Table>
  );
}
