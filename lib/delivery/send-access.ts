// Access checked again when a job is sent, not only when it was enqueued: a job held for a digest or
// retried hours later must not reach a user who has since lost access to its subject or was
// deactivated (DESIGN §4b). The check is SQL, for the queries that build the messages.
import { sql, type SQL } from 'drizzle-orm';
import { productTypeViewersSql, productViewersSql } from '../auth/authorization';

/**
 * Whether the user `userId` may still see the event `e` (an alias of notification_events), by the
 * rule the fan-out applied: the product's viewers, else the product type's, else every active user.
 */
export function stillVisibleSql(userId: SQL, e = sql.raw('e')): SQL {
  return sql`(case
    when ${e}.product_id is not null then ${userId} in (${productViewersSql(sql`${e}.product_id`)})
    when ${e}.product_type_id is not null then ${userId} in (${productTypeViewersSql(sql`${e}.product_type_id`)})
    else ${userId} in (select id from users where is_active) end)`;
}

/** Why a personal job is not sent; null when it may be. */
export function suppressionReason(row: { user_active: boolean | null; still_visible: boolean | null }): string | null {
  if (row.user_active === null) return null; // a shared job: no user to check
  if (!row.user_active) return 'suppressed: the user was deactivated';
  if (!row.still_visible) return 'suppressed: the user can no longer see what the event is about';
  return null;
}
