// Every attempt of a delivery, oldest first, as the queue logged it: the outcome and its error.
import type { AttemptEntry } from '@/lib/delivery/delivery-log';
import { UtcTime } from './utc-time';

const OUTCOME: Record<AttemptEntry['outcome'], string> = {
  sent: 'sent',
  outbox: 'kept in the local outbox',
  retry: 'failed, retried',
  dead: 'failed, dead',
  suppressed: 'suppressed',
  lost: 'no outcome (the worker stopped)',
};

export function AttemptHistory({ attempts, entries }: { attempts: number; entries: AttemptEntry[] }) {
  if (entries.length === 0) return <>{attempts}</>;
  return (
    <details>
      <summary className="cursor-pointer">
        {attempts} ({entries.length} logged)
      </summary>
      <ol className="mt-1 list-decimal space-y-1 pl-4 text-xs" data-testid="attempt-history">
        {entries.map((entry, i) => (
          <li key={i}>
            <UtcTime iso={entry.at} />: {OUTCOME[entry.outcome] ?? entry.outcome}
            {entry.error ? ` (${entry.error}${entry.status ? `, HTTP ${entry.status}` : ''})` : ''}
          </li>
        ))}
      </ol>
    </details>
  );
}
