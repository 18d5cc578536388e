import { integrationEndpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { ok } from '@/lib/domain/result';
import { superuserOnly } from '@/lib/integrations/admin-only';
import { addWebhookEndpoint, listWebhookEndpoints } from '@/lib/integrations/webhook-endpoints';

const endpoints = integrationEndpoints.webhooks;

export const GET = handle(endpoints.list, ({ db, caller, page }) =>
  superuserOnly(caller, async () => {
    const all = await listWebhookEndpoints(db);
    return ok({ count: all.length, results: all.slice(page.offset, page.offset + page.limit) });
  }),
);
export const POST = handle(endpoints.create, ({ db, caller, body }) => superuserOnly(caller, () => addWebhookEndpoint(db, body)));
