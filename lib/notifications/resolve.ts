// The fan-out of DESIGN §4 as one SQL query: who hears an event, on which channels, and why.
// notify() inserts from these CTEs and previewRecipients() reads them, so the two cannot drift.
import { sql, type SQL } from 'drizzle-orm';
import { productTypeViewersSql, productViewersSql } from '../auth/authorization';
import type { Severity } from '../db/schema/enums';
import type { NotificationReason } from '../db/schema/notifications';
import { defaultChannels, type EventType } from '../core/event-catalog';
import { floorPassesSql, quietUntilSql } from './filters-sql';
import { integrationsSql } from './channel-integrations';
import type { LocatedSubject } from './subject';

export interface Resolution {
  type: EventType;
  subject: LocatedSubject;
  /** The named users (mentions, review requests); null sends to every user who can view the subject. */
  recipientIds: number[] | null;
  /** Users told nothing whatever the rules, e.g. the author of a note about their own mention. */
  excludedUserIds: number[];
  /** Null: never filtered by severity. */
  severity: Severity | null;
}

/**
 * Why a user gets a channel: their own row, their row for the product, the system-wide row, being
 * named, or the event being required.
 */
export type RouteSource = 'personal' | 'product' | 'system' | 'mention' | 'required';

/** The reason stored on an alert or a personal job of an event to named users: requests of reviews, else being named. */
export function explicitReason(type: EventType): NotificationReason {
  return type === 'review_requested' || type === 'code_review' ? 'review_request' : 'mention';
}

/** An int[] parameter: one bind value however many ids. */
export const intArray = (ids: readonly number[]) => sql`${`{${ids.map((id) => Math.trunc(id)).join(',')}}`}::int[]`;

/** Active users who can view the subject; an event about nothing is visible to every active user. */
function viewersSql(subject: LocatedSubject): SQL {
  if (subject.productId !== null) return productViewersSql(subject.productId);
  if (subject.productTypeId !== null) return productTypeViewersSql(subject.productTypeId);
  return sql`select id as user_id from users where is_active`;
}

/**
 * `with …` defining, among helpers, the CTEs callers select from:
 *   candidates (user_id)           the users considered: the named ones, or everybody
 *   audience (user_id)             candidates left after RBAC and exclusions (rule 1)
 *   muted (user_id)                members of the audience who muted the subject (§4b.2)
 *   personal_routes (user_id, channel, source, address, reason, reason_rank, held_until)
 *                                  each channel that reaches a member of the audience, once per source,
 *                                  after floors, mutes and required events; held_until: quiet hours
 *   personal_deliveries (user_id, channel, address, reason, held_until)
 *                                  one row per user and channel: what notify() writes
 *   shared_routes (channel, destination_product_id, webhook_endpoint_id, addresses)
 *                                  the shared destinations, one row each (rule 3)
 */
export function resolutionSql(r: Resolution): SQL {
  const channels = sql.identifier(r.type);
  const explicit = sql.raw(String(r.recipientIds !== null));
  const productId = sql`${r.subject.productId}::int`;
  const findingId = sql`${r.subject.findingId}::int`;
  const critical = sql.raw(String(r.severity === 'Critical'));
  const namedReason = explicitReason(r.type);
  return sql`
  with
  -- The system-wide row for E: its channels (the catalog default while nobody has saved that row),
  -- its floors and whether E is required.
  system_row as (
    select coalesce(s.${channels}, ${`{${defaultChannels(r.type).join(',')}}`}::text[]) as channels,
      coalesce(s.minimum_severity, '{}'::jsonb) as floors, coalesce(${r.type} = any(s.required), false) as required
    from (select 1) one
    left join notification_settings s on s.user_id is null and s.product_id is null and not s.template
  ),
  -- §4b.1: the system-wide floors filter the system-wide alert and the shared destinations;
  -- a required event's channels reach its users whatever the floors (all_channels).
  system_channels as (
    select array(select c from unnest(sr.channels) as c where ${floorPassesSql(sql`sr.floors`, sql`c`, r.severity)}) as channels,
      sr.channels as all_channels, sr.required
    from system_row sr
  ),
  integrations as (${integrationsSql}),

  -- Rule 1, audience: the named users or everybody, then only active users who can view the subject.
  candidates as (
    select id as user_id from users ${r.recipientIds === null ? sql`` : sql`where id = any(${intArray(r.recipientIds)})`}
  ),
  audience as (
    select c.user_id from candidates c
    where c.user_id in (${viewersSql(r.subject)}) and c.user_id <> all(${intArray(r.excludedUserIds)})
  ),
  -- §4b.2: mutes of the subject's product or finding still running. Events naming the user are never muted.
  muted as (
    select m.user_id, case when bool_or(m.until is null) then null else max(m.until) end as until from mutes m
    where not ${explicit} and (m.product_id = ${productId} or m.finding_id = ${findingId})
      and (m.until is null or m.until > now())
    group by m.user_id
  ),

  -- Rule 2, personal channels with where each comes from: the user's own row, their row for the
  -- product, the system-wide alert and, for named users only, the system-wide mail and Slack
  -- (DefectDojo's "system level trump"). Superusers get nothing more than anybody else. Each
  -- row's floors filter its own channels (§4b.1); a mute removes them all (§4b.2); a required
  -- event adds the system-wide channels for everyone in the audience (§4b.3).
  personal_sources as (
    select s.user_id, ch.channel, case when s.product_id is null then 'personal' else 'product' end as source
    from notification_settings s join audience a on a.user_id = s.user_id
    cross join unnest(s.${channels}) as ch (channel)
    where (s.product_id is null or s.product_id = ${productId})
      and ${floorPassesSql(sql`s.minimum_severity`, sql`ch.channel`, r.severity)}
      and s.user_id not in (select user_id from muted)
    union all
    select a.user_id, c.channel, case c.channel when 'alert' then 'system' else 'mention' end
    from audience a cross join system_channels sc cross join unnest(sc.channels) as c (channel)
    where (c.channel = 'alert' or (${explicit} and c.channel in ('mail', 'slack')))
      and a.user_id not in (select user_id from muted)
    union all
    select a.user_id, c.channel, 'required'
    from audience a cross join system_channels sc cross join unnest(sc.all_channels) as c (channel)
    where sc.required and c.channel in ('alert', 'mail', 'slack')
  ),
  -- Rule 4 for personal channels: mail needs mail enabled and the user's address; a Slack DM needs
  -- Slack configured and the user's Slack id or Slack email. The bell always works. §4b.4: mail and
  -- DMs wait for the end of the user's quiet hours, unless Critical or required.
  personal_routes as (
    select ps.user_id, ps.channel, ps.source, target.address,
      (case when ps.source = 'required' then 'required' when ${explicit} then ${namedReason} else ps.source end)::notification_reason as reason,
      case ps.source when 'required' then 1 when 'mention' then 2 when 'system' then 3 when 'product' then 4 else 5 end as reason_rank,
      case when ps.channel <> 'alert' and ps.source <> 'required' and not ${critical} then ${quietUntilSql(sql`u`)} end as held_until
    from personal_sources ps
    join users u on u.id = ps.user_id
    cross join integrations i
    cross join lateral (select case ps.channel
      when 'mail' then nullif(u.email, '')
      when 'slack' then coalesce(nullif(u.slack_user_id, ''), nullif(u.slack_email, '')) end as address) target
    where ps.channel = 'alert'
       or (ps.channel = 'mail' and i.mail and target.address is not null)
       or (ps.channel = 'slack' and i.slack and target.address is not null)
  ),
  -- One job per user and channel: the reason that matters most (required, being named, sent to
  -- all, the product's row, the user's own), held only when no route exempts it.
  personal_deliveries as (
    select user_id, channel, address, (array_agg(reason order by reason_rank))[1] as reason,
      case when bool_or(held_until is null) then null else max(held_until) end as held_until
    from personal_routes
    group by user_id, channel, address
  ),
  -- For the preview only (notify() never reads it, so PostgreSQL never runs it): the routes of
  -- rule 2 that a floor or a mute removed, with the floor or the mute's end.
  filtered_out as (
    select s.user_id, ch.channel, case when s.product_id is null then 'personal' else 'product' end as source,
      case when mu.user_id is not null then 'muted' else 'severity_floor' end as filter,
      s.minimum_severity ->> ch.channel as floor, mu.until
    from notification_settings s join audience a on a.user_id = s.user_id
    cross join unnest(s.${channels}) as ch (channel)
    left join muted mu on mu.user_id = s.user_id
    where (s.product_id is null or s.product_id = ${productId})
      and (mu.user_id is not null or not ${floorPassesSql(sql`s.minimum_severity`, sql`ch.channel`, r.severity)})
    union all
    select a.user_id, c.channel, case c.channel when 'alert' then 'system' else 'mention' end,
      case when mu.user_id is not null then 'muted' else 'severity_floor' end, sr.floors ->> c.channel, mu.until
    from audience a cross join system_row sr cross join unnest(sr.channels) as c (channel)
    left join muted mu on mu.user_id = a.user_id
    where (c.channel = 'alert' or (${explicit} and c.channel in ('mail', 'slack')))
      and (mu.user_id is not null or not ${floorPassesSql(sql`sr.floors`, sql`c.channel`, r.severity)})
  ),

  -- Every shared destination that can deliver for this subject (rule 4): the product's own mail
  -- list, Slack channel and Teams URL where it names them, else the system-wide ones; and the
  -- enabled webhook endpoints subscribed to E.
  shared_destinations as (
    select route.channel, route.destination_product_id, null::int as webhook_endpoint_id, route.addresses
    from integrations i
    left join (
      select product_id, nullif(mail_notifications_to, '{}') as mail_to, nullif(slack_channel, '') as slack_channel,
        nullif(msteams_url_encrypted, '') is not null as msteams_url_set
      from product_notification_destinations where product_id = ${productId}
    ) pd on true
    cross join lateral (values
      ('mail', case when pd.mail_to is not null then pd.product_id end, coalesce(pd.mail_to, i.mail_to),
        i.mail and cardinality(coalesce(pd.mail_to, i.mail_to)) > 0),
      ('slack', case when pd.slack_channel is not null then pd.product_id end, array[coalesce(pd.slack_channel, i.slack_channel)],
        i.slack and coalesce(pd.slack_channel, i.slack_channel) is not null),
      ('msteams', case when pd.msteams_url_set then pd.product_id end, null,
        i.msteams and (pd.msteams_url_set or i.msteams_url_set))
    ) as route (channel, destination_product_id, addresses, deliverable)
    where route.deliverable
    union all
    select 'webhooks', null, w.id, null
    from webhook_endpoints w cross join integrations i
    where i.webhooks and w.enabled and ${r.type} = any(w.events)
  ),
  -- Rule 3: one message per shared destination whose channel the system-wide row enables for E;
  -- none for events to named users.
  shared_routes as (
    select d.* from shared_destinations d cross join system_channels sc
    where not ${explicit} and d.channel = any(sc.channels)
  )`;
}
