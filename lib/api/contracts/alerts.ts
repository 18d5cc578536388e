import 'server-only';
import { z } from 'zod';
import { SEVERITIES } from '../../db/schema/enums';
import { EVENT_TYPES } from '../../core/event-catalog';
import {
  alertPageSchema,
  alertSchema,
  archiveSchema,
  decodeCursor,
  deleteAlertsSchema,
  markReadSchema,
  markUnreadSchema,
  snoozeSchema,
  unreadCountSchema,
} from '../../notifications/alerts';
import { defineEndpoint } from '../endpoint';
import { textBoolean } from '../query';
import { named } from '../registry';

export const MAX_ALERTS_PAGE = 100;
export const DEFAULT_ALERTS_PAGE = 20;

const cursor = z
  .string()
  .transform(
    (text, ctx) =>
      decodeCursor(text) ?? (ctx.addIssue({ code: 'custom', message: 'Invalid cursor: use the `next` of a previous page.' }), z.NEVER),
  )
  .meta({ description: 'The `next` (older) or `previous` (newer) of another page.' });

const limit = z
  .string()
  .regex(/^[0-9]{1,4}$/, 'A positive integer is required.')
  .transform(Number)
  .pipe(z.number().int().min(1, 'A positive integer is required.').max(MAX_ALERTS_PAGE, `At most ${MAX_ALERTS_PAGE}.`))
  .meta({ description: `Page size (default ${DEFAULT_ALERTS_PAGE}, at most ${MAX_ALERTS_PAGE}).` });

const productId = z
  .string()
  .regex(/^[0-9]{1,9}$/, 'A product id is required.')
  .transform(Number)
  .pipe(z.number().int().min(1, 'A product id is required.'));

const listQuery = z
  .object({
    unread: textBoolean.optional().meta({ description: 'true: unread only; false: read only.' }),
    archived: textBoolean.optional().meta({ description: 'true: the archived alerts (left out otherwise).' }),
    snoozed: textBoolean.optional().meta({ description: 'true: the alerts still snoozed (left out otherwise).' }),
    type: z.enum(EVENT_TYPES, 'Unknown event type.').optional(),
    product: productId.optional().meta({ description: 'Only alerts about this product.' }),
    severity: z
      .enum(SEVERITIES, `Unknown severity: expected one of ${SEVERITIES.join(', ')}.`)
      .optional()
      .meta({ description: 'Only alerts of this severity or above (alerts without severity are left out).' }),
    cursor: cursor.optional(),
    limit: limit.optional(),
  })
  .refine((q) => !(q.archived && q.snoozed), {
    message: 'Ask for archived or snoozed alerts, not both.',
    path: ['snoozed'],
  });

/** Alert ids are bigint: up to 15 digits in the path. */
const alertIdParams = z.object({
  id: z
    .string()
    .regex(/^[0-9]{1,15}$/, 'A positive integer is required.')
    .transform(Number)
    .pipe(z.number().int().min(1, 'A positive integer is required.')),
});

const unreadCount = named('UnreadCount', unreadCountSchema);
const base = { tag: 'alerts' } as const;

export const alertEndpoints = {
  list: defineEndpoint({
    ...base,
    method: 'get',
    path: '/api/v2/alerts',
    query: listQuery,
    summary: 'Your alerts (the bell), newest first, by cursor; with your unread count',
    response: named('AlertPage', alertPageSchema.extend({ results: z.array(named('Alert', alertSchema)) })),
  }),
  read: defineEndpoint({
    ...base,
    method: 'post',
    path: '/api/v2/alerts/read',
    summary: 'Mark your alerts read: the ids given (all of them yours, else 404) or all',
    body: named('AlertsRead', markReadSchema),
    response: unreadCount,
  }),
  unread: defineEndpoint({
    ...base,
    method: 'post',
    path: '/api/v2/alerts/unread',
    summary: 'Mark your alerts unread again: the ids given (all of them yours, else 404)',
    body: named('AlertsUnread', markUnreadSchema),
    response: unreadCount,
  }),
  archive: defineEndpoint({
    ...base,
    method: 'post',
    path: '/api/v2/alerts/archive',
    summary: 'Archive your alerts (out of the bell and the unread count): the ids given or all',
    body: named('AlertsArchive', archiveSchema),
    response: unreadCount,
  }),
  unarchive: defineEndpoint({
    ...base,
    method: 'post',
    path: '/api/v2/alerts/unarchive',
    summary: 'Restore archived alerts to the bell: the ids given or all',
    body: named('AlertsUnarchive', archiveSchema),
    response: unreadCount,
  }),
  snooze: defineEndpoint({
    ...base,
    method: 'post',
    path: '/api/v2/alerts/snooze',
    summary: 'Snooze your alerts until a time: they leave the bell, then come back unread on top (with a new id)',
    body: named('AlertsSnooze', snoozeSchema),
    response: unreadCount,
  }),
  deleteMany: defineEndpoint({
    ...base,
    method: 'post',
    path: '/api/v2/alerts/delete',
    summary: 'Delete the alerts given (all of them yours, else 404)',
    body: named('AlertsDelete', deleteAlertsSchema),
    response: unreadCount,
  }),
  remove: defineEndpoint({
    ...base,
    method: 'delete',
    path: '/api/v2/alerts/{id}',
    params: alertIdParams,
    summary: 'Delete one of your alerts',
  }),
  clear: defineEndpoint({ ...base, method: 'delete', path: '/api/v2/alerts', summary: 'Delete all your alerts' }),
};
