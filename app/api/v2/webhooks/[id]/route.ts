import { integrationEndpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { superuserOnly } from '@/lib/integrations/admin-only';
import { deleteWebhookEndpoint, readWebhookEndpoint, updateWebhookEndpoint } from '@/lib/integrations/webhook-endpoints';

const endpoints = integrationEndpoints.webhooks;

export const GET = handle(endpoints.read, ({ db, caller, params }) => superuserOnly(caller, () => readWebhookEndpoint(db, params.id)));
export const PATCH = handle(endpoints.update, ({ db, caller, params, body }) =>
  superuserOnly(caller, () => updateWebhookEndpoint(db, caller, params.id, body)),
);
export const DELETE = handle(endpoints.remove, ({ db, caller, params }) =>
  superuserOnly(caller, () => deleteWebhookEndpoint(db, caller, params.id)),
);
