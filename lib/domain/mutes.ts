// A user's mutes of products and findings (DESIGN §4b.2): listed, added and removed by the user
// only. Muting needs view access: a mute of what the caller cannot see is a 404, like reading it.
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { mutes } from '../db/schema';
import { denial, invalid, notFound, ok, type Result } from '../core/result';
import { id, parseWith } from '../core/validation';

export const muteInputSchema = z
  .object({
    product: id.optional(),
    finding: id.optional(),
    until: z.iso
      .datetime({ offset: true, error: 'Enter an ISO 8601 date and time, e.g. 2026-12-24T08:00:00Z.' })
      .nullable()
      .optional()
      .meta({ description: 'The mute ends then; left out or null: until removed.' }),
  })
  .strict()
  .refine((body) => (body.product === undefined) !== (body.finding === undefined), {
    message: 'Give either product or finding.',
    when: (payload) => payload.issues.length === 0,
  });
export type MuteInput = z.input<typeof muteInputSchema>;

export const muteSchema = z.object({
  id: z.number().int(),
  product: z.number().int().nullable(),
  finding: z.number().int().nullable(),
  until: z.iso.datetime().nullable(),
  created: z.iso.datetime(),
});
export type MuteView = z.infer<typeof muteSchema>;

type Row = typeof mutes.$inferSelect;
const toView = (row: Row): MuteView => ({
  id: row.id,
  product: row.productId,
  finding: row.findingId,
  until: row.until?.toISOString() ?? null,
  created: row.createdAt.toISOString(),
});

const running = or(isNull(mutes.until), gt(mutes.until, sql`now()`));

/** The caller's mutes still running, oldest first. */
export async function listMutes(db: Executor, actor: Actor): Promise<Result<{ count: number; results: MuteView[] }>> {
  const rows = await db
    .select()
    .from(mutes)
    .where(and(eq(mutes.userId, actor.id), running))
    .orderBy(mutes.id);
  return ok({ count: rows.length, results: rows.map(toView) });
}

/** The caller's running mute of this product or finding, if any (the product and finding pages' button). */
export async function muteOf(db: Executor, actor: Actor, subject: { product?: number; finding?: number }): Promise<MuteView | null> {
  const [row] = await db
    .select()
    .from(mutes)
    .where(
      and(
        eq(mutes.userId, actor.id),
        running,
        subject.product !== undefined ? eq(mutes.productId, subject.product) : eq(mutes.findingId, subject.finding ?? 0),
      ),
    );
  return row ? toView(row) : null;
}

/** Mutes a product or finding the caller can see; muting it again replaces the end. */
export async function createMute(db: Executor, actor: Actor, input: unknown): Promise<Result<MuteView>> {
  const parsed = parseWith(muteInputSchema, input);
  if (!parsed.ok) return parsed;
  const { product, finding, until } = parsed.value;
  const subject = product !== undefined ? { kind: 'product' as const, id: product } : { kind: 'finding' as const, id: finding! };
  const denied = denial(await authorize(db, actor, subject, 'view'));
  if (denied) return denied.status === 403 ? notFound() : denied;
  const end = until ? new Date(until) : null;
  if (end && end.getTime() <= Date.now()) return invalid({ until: ['Choose a time in the future.'] });
  const [row] = await db
    .insert(mutes)
    .values({ userId: actor.id, productId: product ?? null, findingId: finding ?? null, until: end })
    .onConflictDoUpdate({ target: [mutes.userId, mutes.productId, mutes.findingId], set: { until: end, createdAt: new Date() } })
    .returning();
  return ok(toView(row!));
}

/** Removes one of the caller's mutes; another user's is a 404. */
export async function deleteMute(db: Executor, actor: Actor, muteId: number): Promise<Result<null>> {
  const deleted = await db
    .delete(mutes)
    .where(and(eq(mutes.id, muteId), eq(mutes.userId, actor.id)))
    .returning({ id: mutes.id });
  return deleted.length > 0 ? ok(null) : notFound();
}
