// "Who will hear this": a preview's recipients with channels and why, shared destinations, and who was left out.
import { Badge } from '@/components/ui/badge';
import { Section } from '@/components/ui/section';
import { Cell, Table } from '@/components/ui/table';
import type { Preview } from '@/lib/notifications/preview';

const CHANNEL = { alert: 'Alert', mail: 'Email', slack: 'Slack', msteams: 'Teams', webhooks: 'Webhook' } as const;
const WHY = {
  system: 'system-wide',
  personal: 'personal settings',
  product: 'product settings',
  mention: 'named in the event',
  required: 'required event',
} as const;
const EXCLUDED = {
  inactive: 'Inactive account',
  no_access: 'Cannot see the subject (RBAC)',
  excluded: 'Excluded (caused the event)',
} as const;

export function PreviewResults({ preview }: { preview: Preview }) {
  return (
    <>
      <Section title={`Recipients (${preview.recipients.length})`} id="recipients">
        {preview.recipients.length === 0 ? (
          <p className="text-sm text-slate-600">Nobody would be told personally.</p>
        ) : (
          <Table label="Recipients" head={['User', 'Channels and why']}>
            {preview.recipients.map((r) => (
              <tr key={r.userId} data-testid={`recipient-${r.username}`}>
                <Cell className="font-medium">{r.username}</Cell>
                <Cell>
                  <ul className="flex flex-wrap gap-2">
                    {r.channels.map((c) => (
                      <li key={c.channel}>
                        <Badge tone="info">{CHANNEL[c.channel]}</Badge>{' '}
                        <span className="text-slate-600">
                          {c.why.map((w) => WHY[w]).join(', ')}
                          {c.note && `; ${c.note}`}
                        </span>
                      </li>
                    ))}
                  </ul>
                  {r.groupsInto && (
                    <p className="text-sm text-slate-600">
                      Grouped: updates unread alert #{r.groupsInto.alertId} ({r.groupsInto.count} events), the unread count stays.
                    </p>
                  )}
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <Section title={`Filtered (${preview.filtered.length + preview.systemFloored.length})`} id="filtered">
        <p className="text-sm text-slate-600">
          Severity: {preview.severity ?? 'none (never filtered by severity)'}.
          {preview.required && ' Required event: its system-wide channels reach every recipient whatever their settings.'}
        </p>
        {(preview.filtered.length > 0 || preview.systemFloored.length > 0) && (
          <ul className="mt-2 space-y-1 text-sm">
            {preview.systemFloored.map((f) => (
              <li key={`system-${f.channel}`}>
                System-wide {CHANNEL[f.channel]}: below the floor ({f.floor} and above)
              </li>
            ))}
            {preview.filtered.map((f) => (
              <li key={`${f.userId}-${f.channel}-${f.source}`} data-testid={`filtered-${f.username}`}>
                <span className="font-medium">{f.username}</span>: {CHANNEL[f.channel]} from {WHY[f.source]}, {f.note}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Shared destinations" id="shared">
        {preview.shared.length === 0 ? (
          <p className="text-sm text-slate-600">No shared message would be sent.</p>
        ) : (
          <Table label="Shared destinations" head={['Channel', 'Where']}>
            {preview.shared.map((s, i) => (
              <tr key={`${s.channel}-${s.webhookEndpointId ?? i}`}>
                <Cell>{CHANNEL[s.channel]}</Cell>
                <Cell>
                  {s.webhookEndpointId !== null
                    ? `Webhook #${s.webhookEndpointId}`
                    : s.destinationProductId !== null
                      ? `The product's own destination (product #${s.destinationProductId})`
                      : 'The system-wide destination'}
                  {s.addresses && s.addresses.length > 0 && <span className="text-slate-600"> — {s.addresses.join(', ')}</span>}
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <Section title={`Left out (${preview.excluded.length})`} id="excluded">
        {preview.excluded.length === 0 ? (
          <p className="text-sm text-slate-600">Nobody was left out.</p>
        ) : (
          <Table label="Left out" head={['User', 'Why']}>
            {preview.excluded.map((e) => (
              <tr key={e.userId} data-testid={`excluded-${e.username}`}>
                <Cell className="font-medium">{e.username}</Cell>
                <Cell>{EXCLUDED[e.reason]}</Cell>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <Section title="Integrations" id="integrations">
        <ul className="space-y-1 text-sm">
          {(Object.keys(preview.integrations) as (keyof Preview['integrations'])[]).map((channel) => (
            <li key={channel}>
              <span className="font-medium">{CHANNEL[channel]}</span>:{' '}
              {preview.integrations[channel].available ? 'can deliver' : preview.integrations[channel].reason}
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
