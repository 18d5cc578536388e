// A product's own shared destinations (Slack channel, Teams URL, mail list), for its Owners,
// Maintainers and superusers. The Teams URL is a secret: write-only, like the system-wide one.
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { fieldChanges, hasChanges, recordChange } from '../audit/record';
import { authorize, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { productNotificationDestinations } from '../db/schema';
import { denial, invalid, ok, type Result } from '../core/result';
import { emailAddress } from '../core/validation';
import { setProductDestinations, type ProductDestinations } from '../notifications/channel-integrations';
import { inTransaction } from '../core/transaction';
import { outgoingUrlError, secretChange } from './system-settings';

export const productDestinationsView = z.object({
  product: z.number().int(),
  slack_channel: z.string().nullable(),
  msteams_url_set: z.boolean(),
  mail_notifications_to: z.array(z.string()),
});
export type ProductDestinationsView = z.infer<typeof productDestinationsView>;

export const productDestinationsPatch = z.strictObject({
  slack_channel: z.string().trim().max(200).nullable().optional(),
  msteams_url: z.string().max(2000).nullable().optional(),
  mail_notifications_to: z.array(emailAddress()).max(100).nullable().optional(),
});
export type ProductDestinationsPatch = z.infer<typeof productDestinationsPatch>;

/** Viewing or changing a product's destinations takes the right to edit the product. */
async function allowed(db: Executor, actor: Actor, productId: number) {
  return denial(await authorize(db, actor, { kind: 'product', id: productId }, 'edit'));
}

async function load(db: Executor, productId: number): Promise<ProductDestinationsView> {
  const [row] = await db.select().from(productNotificationDestinations).where(eq(productNotificationDestinations.productId, productId));
  return {
    product: productId,
    slack_channel: row?.slackChannel ?? null,
    msteams_url_set: Boolean(row?.msteamsUrlEncrypted),
    mail_notifications_to: row?.mailNotificationsTo ?? [],
  };
}

export async function readProductDestinations(db: Executor, actor: Actor, productId: number): Promise<Result<ProductDestinationsView>> {
  const refused = await allowed(db, actor, productId);
  return refused ?? ok(await load(db, productId));
}

export async function patchProductDestinations(
  db: Executor,
  actor: Actor,
  productId: number,
  patch: ProductDestinationsPatch,
): Promise<Result<ProductDestinationsView>> {
  const refused = await allowed(db, actor, productId);
  if (refused) return refused;
  const url = patch.msteams_url?.trim();
  if (url) {
    const error = await outgoingUrlError(url);
    if (error) return invalid({ msteams_url: [error] });
  }
  const changes: ProductDestinations = {};
  if (patch.slack_channel !== undefined) changes.slackChannel = patch.slack_channel || null;
  if (patch.mail_notifications_to !== undefined)
    changes.mailNotificationsTo = patch.mail_notifications_to?.length ? patch.mail_notifications_to : null;
  const teams = secretChange(patch.msteams_url);
  if (teams !== undefined) changes.msteamsUrlEncrypted = teams;
  return inTransaction(db, async (tx) => {
    const [product] = await tx.execute<{ name: string }>(sql`select name from products where id = ${productId} for update`);
    const before = await load(tx, productId);
    if (Object.keys(changes).length > 0) await setProductDestinations(tx, productId, changes);
    const after = await load(tx, productId);
    // The Teams URL is a secret: only whether it was set, replaced or cleared.
    const logged = fieldChanges(
      { ...before, msteams_url: before.msteams_url_set, msteams_url_set: undefined },
      { ...after, msteams_url: after.msteams_url_set, msteams_url_set: undefined },
      { secrets: { msteams_url: Boolean(url) } },
    );
    if (hasChanges(logged)) {
      await recordChange(tx, actor, {
        objectKind: 'product_destination',
        objectId: productId,
        objectLabel: product?.name ?? `product ${productId}`,
        action: 'updated',
        changes: logged,
      });
    }
    return ok(after);
  });
}
