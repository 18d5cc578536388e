// Webhook endpoints as admins manage them: the signing secret is generated here, returned once on
// create (or rotate) and otherwise stored only encrypted.
import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { fieldChanges, hasChanges, recordChange, type AuditActor } from '../audit/record';
import { INTEGRATIONS_ONLY, superusersOnly, type AdminActor } from '../auth/superusers-only';
import type { Executor } from '../db/client';
import { webhookEndpoints } from '../db/schema';
import { encryptSecret } from '../crypto/secrets';
import { generateWebhookSecret } from '../delivery/senders/webhooks';
import { maskedWebhookUrl, storedWebhookUrl } from '../delivery/webhook-url';
import { invalid, notFound, ok, type Result } from '../core/result';
import { EVENT_TYPES } from '../core/event-catalog';
import { createWebhookEndpoint } from '../notifications/channel-integrations';
import { inTransaction } from '../core/transaction';
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
    id: row.id,
    name: row.name,
    url: maskedWebhookUrl(row),
    events: row.events,
    enabled: row.enabled,
    secret_set: Boolean(row.secretEncrypted),
  };
}

/** Every endpoint (secrets only as "set"): superusers only. */
export async function listWebhookEndpoints(db: Executor, actor: AdminActor): Promise<Result<WebhookEndpointView[]>> {
  return superusersOnly(
    actor,
    async () => (await db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.id))).map(view),
    INTEGRATIONS_ONLY,
  );
}

export async function readWebhookEndpoint(db: Executor, id: number): Promise<Result<WebhookEndpointView>> {
  const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return row ? ok(view(row)) : notFound();
}

export async function addWebhookEndpoint(
  db: Executor,
  actor: AuditActor,
  input: z.output<typeof webhookEndpointCreate>,
): Promise<Result<z.infer<typeof webhookEndpointWithSecret>>> {
  const error = await outgoingUrlError(input.url);
  if (error) return invalid({ url: [error] });
  const secret = generateWebhookSecret();
  return inTransaction(db, async (tx) => {
    const row = await createWebhookEndpoint(tx, { ...input, ...storedWebhookUrl(input.url), secretEncrypted: encryptSecret(secret) });
    const after = view(row);
    await recordChange(tx, actor, { ...logged(row), action: 'created', changes: { ...fieldChanges({}, logFields(after)), secret: 'set' } });
    return ok({ ...after, secret });
  });
}

export async function updateWebhookEndpoint(
  db: Executor,
  actor: AuditActor,
  id: number,
  patch: z.output<typeof webhookEndpointPatch>,
): Promise<Result<WebhookEndpointView>> {
  if (patch.url !== undefined) {
    const error = await outgoingUrlError(patch.url);
    if (error) return invalid({ url: [error] });
  }
  const { url, ...rest } = patch;
  const changes = Object.fromEntries(
    Object.entries({ ...rest, ...(url !== undefined ? storedWebhookUrl(url) : {}) }).filter(([, value]) => value !== undefined),
  );
  if (Object.keys(changes).length === 0) return readWebhookEndpoint(db, id);
  return inTransaction(db, async (tx) => {
    const [old] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).for('update');
    if (!old) return notFound();
    const [row] = await tx.update(webhookEndpoints).set(changes).where(eq(webhookEndpoints.id, id)).returning();
    const after = view(row!);
    // The URL is a secret at rest: the log says it changed, with its masked form (scheme and host) only.
    const fields = fieldChanges(logFields(view(old)), logFields(after));
    if (url !== undefined && !fields.url) fields.url = 'changed';
    if (hasChanges(fields)) await recordChange(tx, actor, { ...logged(row!), action: 'updated', changes: fields });
    return ok(after);
  });
}

/** A new signing secret replaces the old one at once; the new one is returned, this once. */
export async function rotateWebhookSecret(
  db: Executor,
  actor: AuditActor,
  id: number,
): Promise<Result<z.infer<typeof webhookEndpointWithSecret>>> {
  const secret = generateWebhookSecret();
  return inTransaction(db, async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ secretEncrypted: encryptSecret(secret) })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (!row) return notFound();
    await recordChange(tx, actor, { ...logged(row), action: 'secret_rotated', changes: { secret: 'changed' } });
    return ok({ ...view(row), secret });
  });
}

export async function deleteWebhookEndpoint(db: Executor, actor: AuditActor, id: number): Promise<Result<null>> {
  return inTransaction(db, async (tx) => {
    const [row] = await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning();
    if (!row) return notFound();
    await recordChange(tx, actor, { ...logged(row), action: 'deleted', changes: fieldChanges(logFields(view(row)), {}) });
    return ok(null);
  });
}

/** The endpoint as the audit log names it. */
const logged = (row: Row) => ({ objectKind: 'webhook_endpoint' as const, objectId: row.id, objectLabel: row.name });

/** What the log compares: never the secret, the URL only masked. */
function logFields(endpoint: WebhookEndpointView): Record<string, unknown> {
  const { name, url, events, enabled } = endpoint;
  return { name, url, events, enabled };
}
