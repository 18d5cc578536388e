// Access checked again when a job is sent, not only when it was enqueued: a job held for a digest or
// retried hours later must not reach a user who has since lost access to its subject or was
// deactivated (DESIGN §4b). The check is SQL, for the queries that build the messages.
import { sql, type SQL } from 'drizzle-orm';
import { memberOfProductSql, memberOfProductTypeSql } from '../auth/authorization';

/**
 * Whether the user `userId` may still see the event `e` (an alias of notification_events), by the
 * rule the fan-out applied: the product's viewers, else the product type's, else every active user
 * (a viewer is active and reaches everything, or is a member). Asked from the user's side, a few
 * index lookups per row: listing the viewers of each row's product instead (productViewersSql)
 * made a storm's digests, a thousand events each, take minutes to read.
 */
export function stillVisibleSql(userId: SQL, e = sql.raw('e')): SQL {
  return sql`exists (select 1 from users viewer where viewer.id = ${userId} and viewer.is_active and (
    viewer.is_superuser or viewer.global_role is not null or case
      when ${e}.product_id is not null then ${memberOfProductSql(userId, sql`${e}.product_id`)}
      when ${e}.product_type_id is not null then ${memberOfProductTypeSql(userId, sql`${e}.product_type_id`)}
      else true end))`;
}

/** Why a personal job is not sent; null when it may be. */
export function suppressionReason(row: { user_active: boolean | null; still_visible: boolean | null }): string | null {
  if (row.user_active === null) return null; // a shared job: no user to check
  if (!row.user_active) return 'suppressed: the user was deactivated';
  if (!row.still_visible) return 'suppressed: the user can no longer see what the event is about';
  return null;
}
