// Events posted by tools (`POST /api/v2/events`) and their preview ("who will hear this"). The
// body names the subject by id and the recipients by username; both are checked before notify().
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, membershipRoles, placementOf, type Actor, type Subject } from '../auth/authorization';
import type { ObjectKind } from '../auth/permissions';
import type { Executor } from '../db/client';
import { SEVERITIES, type Role } from '../db/schema/enums';
import { appPath } from '../links/app-path';
import { EVENT_TYPES, EVENTS, type EventType } from '../core/event-catalog';
import type { NotifyEvent } from '../notifications/notify-event';
import { ALERT_DESCRIPTION_MAX, ALERT_TITLE_MAX, notify } from '../notifications/notify';
import { previewRecipients, type Preview } from '../notifications/preview';
import { locateSubject, SubjectNotFoundError, type EventSubject } from '../notifications/subject';
import { idempotently } from './idempotency';
import { forbidden, notFound, ok, type Failure, type Result } from '../core/result';
import { inTransaction } from '../core/transaction';
import { id, parseWith, requiredText, text } from '../core/validation';

/**
 * A link in the bell and in messages: a path of this app, parsed (messages make it absolute on the
 * app's URL and label it "Open in Tocsin", so a link to another site is refused rather than disguised).
 */
const eventUrl = text(2000).refine(
  (url) => url.startsWith('/') && appPath(url) !== null,
  'Enter a path of this app starting with / (such as /findings/12); links to other sites are not accepted.',
);

const subjectId = id.nullable().optional();

export const eventPostSchema = z
  .object({
    type: z.enum(EVENT_TYPES, {
      error: (issue) =>
        issue.input === undefined ? 'This field is required.' : `Unknown event type: expected one of ${EVENT_TYPES.join(', ')}.`,
    }),
    title: requiredText(ALERT_TITLE_MAX),
    description: text(ALERT_DESCRIPTION_MAX).optional(),
    url: eventUrl.nullable().optional(),
    product_type: subjectId,
    product: subjectId,
    engagement: subjectId,
    test: subjectId,
    finding: subjectId,
    recipients: z
      .array(requiredText(150))
      .min(1, 'Name at least one recipient, or leave the field out.')
      .max(1000)
      .optional()
      .meta({ description: 'Usernames: only these users are told (still only if they can see the subject).' }),
    severity: z
      .enum(SEVERITIES, `Unknown severity: expected one of ${SEVERITIES.join(', ')}.`)
      .nullable()
      .optional()
      .meta({ description: "The highest severity of the findings it is about; settings' floors filter on it. None: never filtered." }),
  })
  .refine((body) => !EVENTS[body.type].explicitRecipients || body.recipients, {
    path: ['recipients'],
    message: 'This event type is sent to named users: give the recipients.',
    when: (payload) => payload.issues.length === 0,
  });
export type EventPost = z.input<typeof eventPostSchema>;
type ParsedPost = z.output<typeof eventPostSchema>;

export const eventPostedSchema = z.object({
  id: z.number().int().meta({ description: 'The event.' }),
  recipients: z.number().int().meta({ description: 'How many users it reaches on at least one channel.' }),
});
export type EventPosted = z.infer<typeof eventPostedSchema>;

/** Scan events may come from API Importers; other events about a subject need Writer or above on it. */
const SCAN_EVENTS: ReadonlySet<EventType> = new Set(['scan_added', 'scan_added_empty']);
const POSTING_ROLES: ReadonlySet<Role> = new Set(['Writer', 'Maintainer', 'Owner']);
const IMPORTING_ROLES: ReadonlySet<Role> = new Set(['API Importer', ...POSTING_ROLES]);

/** Records the event (once per Idempotency-Key, when one is given); answers its id and reach. */
export async function postEvent(db: Executor, actor: Actor, input: EventPost, idempotencyKey?: string): Promise<Result<EventPosted>> {
  const parsed = parseWith(eventPostSchema, input);
  if (!parsed.ok) return parsed;
  const work = (tx: Executor) => recordEvent(tx, actor, parsed.value);
  if (idempotencyKey === undefined) return inTransaction(db, work);
  return idempotently(db, { userId: actor.id, key: idempotencyKey, request: { endpoint: 'events', body: parsed.value } }, work);
}

async function recordEvent(tx: Executor, actor: Actor, post: ParsedPost): Promise<Result<EventPosted>> {
  const event = await toNotifyEvent(tx, actor, post, mayPost);
  if (!event.ok) return event;
  const { eventId, recipients } = await notify(event.value, tx);
  return ok({ id: eventId, recipients });
}

/** What notify() would do with this body, recording nothing. Superusers only. */
export async function previewEvent(db: Executor, actor: Actor, input: EventPost): Promise<Result<Preview>> {
  if (!actor.isSuperuser) return forbidden('Only superusers may preview notifications.');
  const parsed = parseWith(eventPostSchema, input);
  if (!parsed.ok) return parsed;
  const event = await toNotifyEvent(db, actor, parsed.value, async () => null);
  return event.ok ? ok(await previewRecipients(event.value, db)) : event;
}

type PostingCheck = (tx: Executor, actor: Actor, type: EventType, subject: Subject | null) => Promise<Failure | null>;

/** The body as notify() takes it: the subject found (404 if not, or not visible) and allowed, the usernames known. */
async function toNotifyEvent(tx: Executor, actor: Actor, post: ParsedPost, check: PostingCheck): Promise<Result<NotifyEvent>> {
  const subject: EventSubject = {
    productType: post.product_type,
    product: post.product,
    engagement: post.engagement,
    test: post.test,
    finding: post.finding,
  };
  try {
    await locateSubject(tx, subject);
  } catch (error) {
    if (error instanceof SubjectNotFoundError) return notFound();
    throw error;
  }
  const deepest = deepestSubject(post);
  if (deepest && (await authorize(tx, actor, deepest, 'view')) !== 'allowed') return notFound();
  const denied = await check(tx, actor, post.type, deepest);
  if (denied) return denied;
  const recipients = post.recipients ? await userIdsOf(tx, post.recipients) : null;
  if (recipients && !recipients.ok) return recipients;
  return ok({
    type: post.type,
    title: post.title,
    description: post.description,
    url: post.url ?? null,
    ...subject,
    actorId: actor.id,
    recipients: recipients?.value ?? null,
    severity: post.severity ?? null,
  });
}

/**
 * Writer or above on the subject (by membership of it or its product type, directly or through a
 * group, or a global role); API Importer suffices for scan events. Events about nothing in
 * particular reach every user, so only superusers post them.
 */
async function mayPost(tx: Executor, actor: Actor, type: EventType, subject: Subject | null): Promise<Failure | null> {
  if (actor.isSuperuser) return null;
  if (!subject) return forbidden('Only superusers may post events without a subject.');
  const roles = await membershipRoles(tx, actor.id, (await placementOf(tx, subject))!);
  if (actor.globalRole) roles.push(actor.globalRole);
  const allowed = SCAN_EVENTS.has(type) ? IMPORTING_ROLES : POSTING_ROLES;
  if (roles.some((role) => allowed.has(role))) return null;
  return forbidden(
    SCAN_EVENTS.has(type)
      ? 'Posting a scan event needs the API Importer role or above on its subject.'
      : 'Posting an event needs the Writer role or above on its subject.',
  );
}

/** The events API's subject fields are named like the object kinds; the deepest given is the subject. */
const DEEPEST_FIRST: ObjectKind[] = ['finding', 'test', 'engagement', 'product', 'product_type'];

function deepestSubject(post: ParsedPost): Subject | null {
  const kind = DEEPEST_FIRST.find((k) => typeof post[k] === 'number');
  return kind ? { kind, id: post[kind]! } : null;
}

/**
 * The ids of the named users that exist, in any case. A name that matches nobody is passed over like a
 * user who cannot see the subject: an error naming it would tell the caller which usernames exist.
 */
async function userIdsOf(tx: Executor, usernames: string[]): Promise<Result<number[]>> {
  const wanted = [...new Set(usernames.map((name) => name.toLowerCase()))];
  const rows = await tx.execute<{ id: number }>(sql`select id from users where lower(username) in ${wanted}`);
  return ok(rows.map((r) => r.id));
}
