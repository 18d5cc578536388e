// The webhook endpoints on the Integrations page: each with its health, edit, rotate, delete and a
// test; and the form that creates one (its secret shown once).
import { ActionForm, SubmitButton } from '@/components/forms/action-form';
import { CheckboxField, CheckboxListField, TextField } from '@/components/forms/fields';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/section';
import type { FormAction } from '@/lib/session/action';
import type { EndpointHealthRow } from '@/lib/delivery/endpoint-health';
import type { WebhookEndpointView } from '@/lib/integrations/webhook-endpoints';
import { EVENT_TYPES } from '@/lib/core/event-catalog';
import { NewWebhookSecret } from './new-webhook-secret';
import { SendTestButton } from './send-test-button';
import { eventLabel } from '@/components/settings/event-label';

export interface WebhookActions {
  create: FormAction;
  update: FormAction;
  rotate: FormAction;
  remove: FormAction;
  test: FormAction<{ ok: boolean; detail: string }>;
}

const EVENT_OPTIONS = EVENT_TYPES.map((type) => ({ value: type, label: eventLabel(type) }));

function Health({ health }: { health: EndpointHealthRow | undefined }) {
  if (!health || (!health.lastSuccessAt && !health.lastFailureAt)) return <Badge>No deliveries yet</Badge>;
  if (health.consecutiveFailures === 0) return <Badge tone="good">Healthy · last success {health.lastSuccessAt}</Badge>;
  return (
    <Badge tone="bad">
      {health.consecutiveFailures} failure{health.consecutiveFailures === 1 ? '' : 's'} in a row: {health.lastError ?? 'error'}
    </Badge>
  );
}

export function WebhookEndpoints({
  endpoints,
  health,
  actions,
}: {
  endpoints: WebhookEndpointView[];
  health: EndpointHealthRow[];
  actions: WebhookActions;
}) {
  return (
    <div className="space-y-4">
      {endpoints.map((e) => (
        <Card key={e.id}>
          <div data-testid={`webhook-${e.id}`} className="mb-3 flex flex-wrap items-center gap-2">
            <h3 className="font-medium">{e.name}</h3>
            {!e.enabled && <Badge tone="warn">Disabled</Badge>}
            <Health health={health.find((h) => h.id === e.id)} />
          </div>
          <ActionForm action={actions.update} label={`Edit ${e.name}`} successMessage="Saved.">
            <input type="hidden" name="id" value={e.id} />
            <TextField name="name" label="Name" defaultValue={e.name} required />
            <TextField name="url" label="URL" placeholder={e.url} hint={`Saved as ${e.url} (stored encrypted). Leave empty to keep it.`} />
            <CheckboxListField name="events" label="Events" options={EVENT_OPTIONS} defaultValue={e.events} emptyText="" />
            <CheckboxField name="enabled" label="Enabled" defaultChecked={e.enabled} />
            <SubmitButton>Save endpoint</SubmitButton>
          </ActionForm>
          <div className="mt-3 flex flex-wrap items-start gap-3">
            <SendTestButton action={actions.test} channel="webhooks" webhook={e.id} />
            <ActionForm action={actions.rotate} label={`Rotate the secret of ${e.name}`} className="space-y-2">
              <input type="hidden" name="id" value={e.id} />
              <SubmitButton kind="secondary">Rotate secret</SubmitButton>
              <NewWebhookSecret />
            </ActionForm>
            <ActionForm action={actions.remove} label={`Delete ${e.name}`} className="space-y-2">
              <input type="hidden" name="id" value={e.id} />
              <SubmitButton kind="danger">Delete</SubmitButton>
            </ActionForm>
          </div>
        </Card>
      ))}
      <Card>
        <h3 className="mb-3 font-medium">New endpoint</h3>
        <ActionForm action={actions.create} label="New webhook endpoint">
          <TextField name="name" label="Name" required />
          <TextField name="url" label="URL" required hint="https only; private and loopback addresses are refused." />
          <CheckboxListField name="events" label="Events" options={EVENT_OPTIONS} emptyText="" />
          <CheckboxField name="enabled" label="Enabled" defaultChecked />
          <SubmitButton>Create endpoint</SubmitButton>
          <NewWebhookSecret />
        </ActionForm>
      </Card>
    </div>
  );
}
