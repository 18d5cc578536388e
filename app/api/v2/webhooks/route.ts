import { integrationEndpoints } from '@/lib/api/contracts';
import { handle } from '@/lib/api/handle';
import { ok } from '@/lib/core/result';
import { superuserOnly } from '@/lib/integrations/admin-only';
import { addWebhookEndpoint, listWebhookEndpoints } from '@/lib/integrations/webhook-endpoints';

const endpoints = integrationEndpoints.webhooks;

export const GET = handle(endpoints.list, async ({ db, caller, page }) => {
  const all = await listWebhookEndpoints(db, caller);
  return all.ok ? ok({ count: all.value.length, results: all.value.slice(page.offset, page.offset + page.limit) }) : all;
});
export const POST = handle(endpoints.create, ({ db, caller, body }) => superuserOnly(caller, () => addWebhookEndpoint(db, caller, body)));
