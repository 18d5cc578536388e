import { alertEndpoints as endpoints, DEFAULT_ALERTS_PAGE } from '@/lib/api/contracts/alerts';
import { handle } from '@/lib/api/handle';
import { clearAlerts } from '@/lib/notifications/alert-mutations';
import { listAlerts } from '@/lib/notifications/alerts';
import { ok } from '@/lib/core/result';

export const GET = handle(endpoints.list, async ({ db, caller, query }) =>
  ok(
    await listAlerts(db, caller.id, {
      box: query.archived ? 'archived' : query.snoozed ? 'snoozed' : 'inbox',
      unread: query.unread,
      type: query.type,
      product: query.product,
      severity: query.severity,
      ...query.cursor,
      limit: query.limit ?? DEFAULT_ALERTS_PAGE,
    }),
  ),
);
export const DELETE = handle(endpoints.clear, ({ db, caller }) => clearAlerts(db, caller.id));
