// Webhook endpoints as admins manage them: the signing secret is generated here, returned once on
// create (or rotate) and otherwise stored only encrypted.
import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { INTEGRATIONS_ONLY, superusersOnly, type AdminActor } from '../auth/superusers-only';
import type { Executor } from '../db/client';
import { webhookEndpoints } from '../db/schema';
import { encryptSecret } from '../crypto/secrets';
import { generateWebhookSecret } from '../delivery/senders/webhooks';
import { maskedWebhookUrl, storedWebhookUrl } from '../delivery/webhook-url';
import { invalid, notFound, ok, type Result } from '../core/result';
import { EVENT_TYPES } from '../core/event-catalog';
import { createWebhookEndpoint } from '../notifications/channel-integrations';
import { outgoingUrlError } from './system-settings';

export const webhookEndpointView = z.object({
  id: z.number().int(),
  name: z.string(),
  url: z.string().meta({ description: 'Masked once saved (scheme and host): the URL is stored encrypted, like a secret.' }),
  events: z.array(z.string()),
  enabled: z.boolean(),
  secret_set: z.boolean(),
});
export type WebhookEndpointView = z.infer<typeof webhookEndpointView>;
export const webhookEndpointWithSecret = webhookEndpointView.extend({
  secret: z.string().meta({ description: 'The signing secret (whsec_…): shown only in this response.' }),
});

export const webhookEndpointCreate = z.strictObject({
  name: z.string().trim().min(1, 'This field may not be blank.').max(100),
  url: z.string().trim().min(1, 'This field may not be blank.').max(2000),
  events: z.array(z.enum(EVENT_TYPES)).max(EVENT_TYPES.length).default([]),
  enabled: z.boolean().default(true),
});
export const webhookEndpointPatch = webhookEndpointCreate.partial();

type Row = typeof webhookEndpoints.$inferSelect;

function view(row: Row): WebhookEndpointView {
  return {
    id: row.id, name: row.name, url: maskedWebhookUrl(row), events: row.events, enabled: row.enabled, secret_set: Boolean(row.secretEncrypted),
  };
}

/** Every endpoint (secrets only as "set"): superusers only. */
export async function listWebhookEndpoints(db: Executor, actor: AdminActor): Promise<Result<WebhookEndpointView[]>> {
  return superusersOnly(actor, async () => (await db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id))).map(view), INTEGRATIONS_ONLY);
}

export async function readWebhookEndpoint(db: Executor, id: number): Promise<Result<WebhookEndpointView>> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row ? ok(view(row)) : notFound();
}

export async function addWebhookEndpoint(
  db: Executor,
  input: z.output<typeof webhookEndpointCreate>,
): Promise<Result<z.infer<typeof webhookEndpointWithSecret>>> {
  const error = await outgoingUrlError(input.url);
  if (error) return invalid({ url: [error] });
  const secret = generateWebhookSecret();
  const row = await createWebhookEndpoint(db, { ...input, ...storedWebhookUrl(input.url), secretEncrypted: encryptSecret(secret) });
  return ok({ ...view(row), secret });
}

export async function updateWebhookEndpoint(
  db: Executor,
  id: number,
  patch: z.output<typeof webhookEndpointPatch>,
): Promise<Result<WebhookEndpointView>> {
  if (patch.url !== undefined) {
    const error = await outgoingUrlError(patch.url);
    if (error) return invalid({ url: [error] });
  }
  const { url, ...rest } = patch;
  const changes = Object.fromEntries(Object.entries({ ...rest, ...(url !== undefined ? storedWebhookUrl(url) : {}) })
    .filter(([, value]) => value !== undefined));
  if (Object.keys(changes).length === 0) return readWebhookEndpoint(db, id);
  const [row] = await db.update(webhookEndpoints).set(changes).where(eq(webhookEndpoints.id, id)).returning();
  return row ? ok(view(row)) : notFound();
}

/** A new signing secret replaces the old one at once; the new one is returned, this once. */
export async function rotateWebhookSecret(db: Executor, id: number): Promise<Result<z.infer<typeof webhookEndpointWithSecret>>> {
  const secret = generateWebhookSecret();
  const [row] = await db
    .update(webhookEndpoints)
    .set({ secretEncrypted: encryptSecret(secret) })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  return row ? ok({ ...view(row), secret }) : notFound();
}

export async function deleteWebhookEndpoint(db: Executor, id: number): Promise<Result<null>> {
  const deleted = await db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning({ id: webhookEndpoints.id });
  return deleted.length > 0 ? ok(null) : notFound();
}
