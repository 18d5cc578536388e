import { integrationEndpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { superuserOnly } from '@/lib/integrations/admin-only';
import { rotateWebhookSecret } from '@/lib/integrations/webhook-endpoints';

export const POST = handle(integrationEndpoints.webhooks.rotate, ({ db, caller, params }) =>
  superuserOnly(caller, () => rotateWebhookSecret(db, caller, params.id)),
);
