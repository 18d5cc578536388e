// Who can see a finding: the people a note may mention or a review may be requested from.
import { sql } from 'drizzle-orm';
import { authorize, placementOf, productViewersSql, type Actor } from '../auth/authorization';
import type { Executor } from '../db/client';
import { denial, ok, type Result } from '../core/result';

export type FindingViewer = { id: number; username: string; first_name: string; last_name: string };

/** Active users who can view the finding's product, as `select user_id`; null when the finding does not exist. */
export async function findingViewersSql(db: Executor, findingId: number) {
  const at = await placementOf(db, { kind: 'finding', id: findingId });
  return at?.productId ? productViewersSql(at.productId) : null;
}

/** For pickers and `@` autocomplete: the users who can see the finding (for a caller who can too). */
export async function listFindingViewers(db: Executor, actor: Actor, findingId: number): Promise<Result<FindingViewer[]>> {
  const denied = denial(await authorize(db, actor, { kind: 'finding', id: findingId }, 'view'));
  if (denied) return denied;
  const viewers = (await findingViewersSql(db, findingId))!;
  const rows = await db.execute<FindingViewer>(sql`
    select u.id, u.username, u.first_name, u.last_name from users u
    where u.id in (${viewers}) order by lower(u.username)`);
  return ok([...rows]);
}

/** The subset of the given user ids that can view the finding. */
export async function viewersAmong(db: Executor, findingId: number, userIds: number[]): Promise<Set<number>> {
  const viewers = await findingViewersSql(db, findingId);
  if (!viewers || userIds.length === 0) return new Set();
  const rows = await db.execute<{ user_id: number }>(sql`
    select v.user_id from (${viewers}) v where v.user_id in ${userIds}`);
  return new Set(rows.map((r) => r.user_id));
}
