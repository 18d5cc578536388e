// The fan-out of DESIGN §4 as one SQL query: who hears an event, on which channels, and why.
// notify() inserts from these CTEs and previewRecipients() reads them, so the two cannot drift.
import { sql, type SQL } from 'drizzle-orm';
import { productTypeViewersSql, productViewersSql } from '../auth/authorization';
import { defaultChannels, type EventType } from './catalog';
import { integrationsSql } from './integrations';
import type { LocatedSubject } from './subject';

export interface Resolution {
  type: EventType;
  subject: LocatedSubject;
  /** The named users (mentions, review requests); null sends to every user who can view the subject. */
  recipientIds: number[] | null;
  /** Users told nothing whatever the rules, e.g. the author of a note about their own mention. */
  excludedUserIds: number[];
}

/** Why a user gets a channel: their own row, their row for the product, the system-wide row, or being named. */
export type RouteSource = 'personal' | 'product' | 'system' | 'mention';

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
 *   personal_routes (user_id, channel, source, address)
 *                                  each channel that reaches a member of the audience, once per source
 *   shared_routes (channel, destination_product_id, webhook_endpoint_id, addresses)
 *                                  the shared destinations, one row each (rule 3)
 */
export function resolutionSql(r: Resolution): SQL {
  const channels = sql.identifier(r.type);
  const explicit = sql.raw(String(r.recipientIds !== null));
  const productId = sql`${r.subject.productId}::int`;
  return sql`
  with
  -- The system-wide row's channels for E; the catalog default while nobody has saved that row.
  system_channels as (
    select coalesce(
      (select s.${channels} from notification_settings s where s.user_id is null and s.product_id is null and not s.template),
      ${`{${defaultChannels(r.type).join(',')}}`}::text[]) as channels
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

  -- Rule 2, personal channels with where each comes from: the user's own row, their row for the
  -- product, the system-wide alert and, for named users only, the system-wide mail and Slack
  -- (DefectDojo's "system level trump"). Superusers get nothing more than anybody else.
  personal_sources as (
    select s.user_id, unnest(s.${channels}) as channel,
      case when s.product_id is null then 'personal' else 'product' end as source
    from notification_settings s join audience a on a.user_id = s.user_id
    where s.product_id is null or s.product_id = ${productId}
    union all
    select a.user_id, c.channel, case c.channel when 'alert' then 'system' else 'mention' end
    from audience a cross join system_channels sc cross join unnest(sc.channels) as c (channel)
    where c.channel = 'alert' or (${explicit} and c.channel in ('mail', 'slack'))
  ),
  -- Rule 4 for personal channels: mail needs mail enabled and the user's address; a Slack DM needs
  -- Slack configured and the user's Slack id or Slack email. The bell always works.
  personal_routes as (
    select ps.user_id, ps.channel, ps.source, target.address
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
