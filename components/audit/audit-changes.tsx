// What an audit entry changed, field by field: before → after, a secret only as set, changed or cleared.
const SECRET_WORDS = { set: 'set', changed: 'changed', cleared: 'cleared' } as const;

function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length ? value.map(shown).join(', ') : '(none)';
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length ? entries.map(([key, v]) => `${key}: ${shown(v)}`).join('; ') : '(none)';
  }
  return String(value);
}

const fieldName = (key: string) => key.replace(/_/g, ' ');

export function AuditChanges({ changes }: { changes: Record<string, unknown> }) {
  const entries = Object.entries(changes);
  if (entries.length === 0) return <>—</>;
  return (
    <dl className="space-y-1 text-xs">
      {entries.map(([key, change]) => (
        <div key={key} className="break-words">
          <dt className="inline font-medium text-slate-700">{fieldName(key)}: </dt>
          <dd className="inline text-slate-600">
            {typeof change === 'string' && change in SECRET_WORDS ? (
              <>secret {SECRET_WORDS[change as keyof typeof SECRET_WORDS]}</>
            ) : (
              <>
                {shown((change as { before?: unknown })?.before)} → {shown((change as { after?: unknown })?.after)}
              </>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
