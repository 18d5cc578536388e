// Engagements: a period of testing on a product. Closing one (by close, or by an update into a
// closed status) emits `close_engagement`.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, visibleProductIdsSql, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { engagements } from '../db/schema';
import { describeEvent } from '../notifications/messages';
import { notify } from '../notifications/notify';
import { engagementFacts } from './event-facts';
import { CLOSED_ENGAGEMENT_STATUSES, ENGAGEMENT_STATUSES, type EngagementStatus } from '../db/schema/enums';
import { mapPage, selectPage, type Page, type PageRequest } from './pagination';
import { denial, invalid, ok, type Result } from '../core/result';
import { selectById, updateById } from './row-by-id';
import { inTransaction } from '../core/transaction';
import { id, isoDate, parseWith, requiredText, text } from '../core/validation';

export const engagementSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  product: z.number().int(),
  target_start: z.iso.date(),
  target_end: z.iso.date(),
  status: z.enum(ENGAGEMENT_STATUSES),
  created: z.iso.datetime(),
});
export type Engagement = z.infer<typeof engagementSchema>;

export const engagementCreateSchema = z.object({
  name: requiredText(255),
  description: text(4000).optional(),
  product: id,
  target_start: isoDate,
  target_end: isoDate,
  status: z.enum(ENGAGEMENT_STATUSES).optional(),
});
export const engagementUpdateSchema = engagementCreateSchema.omit({ product: true }).partial();
export type EngagementCreate = z.input<typeof engagementCreateSchema>;
export type EngagementUpdate = z.input<typeof engagementUpdateSchema>;

export interface EngagementFilters {
  product?: number;
  status?: EngagementStatus;
}

type Row = typeof engagements.$inferSelect;

function toEngagement(row: Row): Engagement {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    product: row.productId,
    target_start: row.targetStart,
    target_end: row.targetEnd,
    status: row.status,
    created: row.createdAt.toISOString(),
  };
}

const endBeforeStart = () => invalid({ target_end: ['The end date must not be before the start date.'] });

export function isClosed(status: EngagementStatus): boolean {
  return CLOSED_ENGAGEMENT_STATUSES.includes(status);
}

export async function listEngagements(
  db: Executor,
  actor: Actor,
  filters: EngagementFilters,
  page: PageRequest,
): Promise<Result<Page<Engagement>>> {
  const where = sql`${engagements.productId} in (${visibleProductIdsSql(actor)})
    ${filters.product ? sql`and ${engagements.productId} = ${filters.product}` : sql``}
    ${filters.status ? sql`and ${engagements.status} = ${filters.status}` : sql``}`;
  return ok(mapPage(await selectPage(db, engagements, where, page), toEngagement));
}

export async function getEngagement(db: Executor, actor: Actor, engagementId: number): Promise<Result<Engagement>> {
  const denied = denial(await authorize(db, actor, { kind: 'engagement', id: engagementId }, 'view'));
  if (denied) return denied;
  return ok(toEngagement((await selectById(db, engagements, engagementId))!));
}

export async function createEngagement(db: Executor, actor: Actor, input: EngagementCreate): Promise<Result<Engagement>> {
  const parsed = parseWith(engagementCreateSchema, input);
  if (!parsed.ok) return parsed;
  const data = parsed.value;
  if (data.target_end < data.target_start) return endBeforeStart();
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'product', id: data.product }, 'add_child'));
    if (denied) return denied;
    const [row] = await tx
      .insert(engagements)
      .values({
        productId: data.product,
        name: data.name,
        description: data.description,
        targetStart: data.target_start,
        targetEnd: data.target_end,
        status: data.status,
      })
      .returning();
    await notify({ ...describeEvent('engagement_added', await engagementFacts(tx, row!.id)), actorId: actor.id }, tx);
    return ok(toEngagement(row!));
  });
}

/** A status change into Completed or Cancelled is a close, like closeEngagement. */
export async function updateEngagement(
  db: Executor,
  actor: Actor,
  engagementId: number,
  input: EngagementUpdate,
): Promise<Result<Engagement>> {
  const parsed = parseWith(engagementUpdateSchema, input);
  if (!parsed.ok) return parsed;
  const data = parsed.value;
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'engagement', id: engagementId }, 'edit'));
    if (denied) return denied;
    const current = (await selectById(tx, engagements, engagementId))!;
    if ((data.target_end ?? current.targetEnd) < (data.target_start ?? current.targetStart)) return endBeforeStart();
    const row = (await updateById(tx, engagements, engagementId, {
      name: data.name,
      description: data.description,
      targetStart: data.target_start,
      targetEnd: data.target_end,
      status: data.status,
    }))!;
    if (!isClosed(current.status) && isClosed(row.status)) await emitClosed(tx, actor, engagementId);
    return ok(toEngagement(row));
  });
}

export async function closeEngagement(db: Executor, actor: Actor, engagementId: number): Promise<Result<Engagement>> {
  return setStatus(db, actor, engagementId, 'Completed');
}

export async function reopenEngagement(db: Executor, actor: Actor, engagementId: number): Promise<Result<Engagement>> {
  return setStatus(db, actor, engagementId, 'In Progress');
}

async function setStatus(db: Executor, actor: Actor, engagementId: number, status: EngagementStatus): Promise<Result<Engagement>> {
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'engagement', id: engagementId }, 'edit'));
    if (denied) return denied;
    const current = (await selectById(tx, engagements, engagementId))!;
    const row = (await updateById(tx, engagements, engagementId, { status }))!;
    if (!isClosed(current.status) && isClosed(row.status)) await emitClosed(tx, actor, engagementId);
    return ok(toEngagement(row));
  });
}

/** `close_engagement`, for a change from an open status to a closed one (never for closing a closed one). */
async function emitClosed(tx: Executor, actor: Actor, engagementId: number): Promise<void> {
  await notify({ ...describeEvent('close_engagement', await engagementFacts(tx, engagementId)), actorId: actor.id }, tx);
}

export async function deleteEngagement(db: Executor, actor: Actor, engagementId: number): Promise<Result<null>> {
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'engagement', id: engagementId }, 'delete'));
    if (denied) return denied;
    await tx.delete(engagements).where(eq(engagements.id, engagementId));
    return ok(null);
  });
}
