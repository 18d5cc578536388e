// "Request a review" of a finding from chosen users, each of whom must be able to see it.
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { reviewRequestReviewers, reviewRequests } from '../db/schema';
import { describeEvent } from '../notifications/messages';
import { notify } from '../notifications/notify';
import { findingFacts } from './event-facts';
import { viewersAmong } from './finding-audience';
import { selectPage, type Page, type PageRequest } from './pagination';
import { denial, invalid, ok, type Result } from '../core/result';
import { inTransaction } from '../core/transaction';
import { idList, parseWith } from '../core/validation';

export const reviewRequestSchema = z.object({
  id: z.number().int(),
  finding: z.number().int(),
  requested_by: z.number().int().nullable(),
  reviewers: z.array(z.number().int()),
  created: z.iso.datetime(),
});
export type ReviewRequest = z.infer<typeof reviewRequestSchema>;

export const reviewRequestCreateSchema = z.object({
  reviewers: idList(100).min(1, 'Choose at least one reviewer.'),
});
export type ReviewRequestCreate = z.input<typeof reviewRequestCreateSchema>;

function toReviewRequest(row: typeof reviewRequests.$inferSelect, reviewers: number[]): ReviewRequest {
  return {
    id: row.id,
    finding: row.findingId,
    requested_by: row.requestedById,
    reviewers: [...reviewers].sort((a, b) => a - b),
    created: row.createdAt.toISOString(),
  };
}

/** Needs the right to edit the finding (Writer and up), as DefectDojo's request review does. */
export async function requestReview(
  db: Executor,
  actor: Actor,
  findingId: number,
  input: ReviewRequestCreate,
): Promise<Result<ReviewRequest>> {
  const parsed = parseWith(reviewRequestCreateSchema, input);
  if (!parsed.ok) return parsed;
  const reviewers = parsed.value.reviewers;
  return inTransaction(db, async (tx) => {
    const denied = denial(await authorize(tx, actor, { kind: 'finding', id: findingId }, 'edit'));
    if (denied) return denied;
    const viewers = await viewersAmong(tx, findingId, reviewers);
    const blind = reviewers.filter((id) => !viewers.has(id));
    // Same words for a user who does not exist, is inactive or cannot see the finding.
    if (blind.length) return invalid({ reviewers: blind.map((id) => `User ${id} cannot view this finding.`) });
    const [request] = await tx.insert(reviewRequests).values({ findingId, requestedById: actor.id }).returning();
    await tx.insert(reviewRequestReviewers).values(reviewers.map((userId) => ({ reviewRequestId: request!.id, userId })));
    const { finding, actor: requester } = await findingFacts(tx, findingId, actor.id);
    await notify({ ...describeEvent('review_requested', { finding, requester }), actorId: actor.id, recipients: reviewers }, tx);
    return ok(toReviewRequest(request!, reviewers));
  });
}

export async function listReviewRequests(
  db: Executor,
  actor: Actor,
  findingId: number,
  page: PageRequest,
): Promise<Result<Page<ReviewRequest>>> {
  const denied = denial(await authorize(db, actor, { kind: 'finding', id: findingId }, 'view'));
  if (denied) return denied;
  const rows = await selectPage(db, reviewRequests, eq(reviewRequests.findingId, findingId), page);
  const ids = rows.results.map((r) => r.id);
  const reviewers = ids.length
    ? await db.select().from(reviewRequestReviewers).where(inArray(reviewRequestReviewers.reviewRequestId, ids))
    : [];
  return ok({
    count: rows.count,
    results: rows.results.map((r) =>
      toReviewRequest(
        r,
        reviewers.filter((x) => x.reviewRequestId === r.id).map((x) => x.userId),
      ),
    ),
  });
}
