// The event catalog (DESIGN §3) and the channels: what can be notified, how, and the defaults.
// Plain data with no server imports: the schema, the settings matrix UI and the API all read it.

export const EVENT_GROUPS = ['Products', 'Engagements', 'Findings & SLA', 'Collaboration', 'Other'] as const;
export type EventGroup = (typeof EVENT_GROUPS)[number];

/** What the system-wide row may send: personal channels plus the shared-only Teams and webhooks. */
export const SYSTEM_CHANNELS = ['alert', 'mail', 'slack', 'msteams', 'webhooks'] as const;
export type SystemChannel = (typeof SYSTEM_CHANNELS)[number];

/** What a user may receive personally (personal, per-product and template rows). */
export const PERSONAL_CHANNELS = ['alert', 'mail', 'slack'] as const;
export type PersonalChannel = (typeof PERSONAL_CHANNELS)[number];

export interface EventDefinition {
  group: EventGroup;
  /** One line for the settings matrix and the API docs. */
  explanation: string;
  /** Sent to named users (mentions, review requests) rather than to every viewer of the subject. */
  explicitRecipients: boolean;
  /** Never sent to the user who caused it (the author of a note is not told about their own mention). */
  skipsActor: boolean;
  /** Icon name for the bell and the settings matrix (lucide names). */
  icon: string;
}

const event = (group: EventGroup, icon: string, explanation: string, extra: Partial<EventDefinition> = {}): EventDefinition => ({
  group,
  icon,
  explanation,
  explicitRecipients: false,
  skipsActor: false,
  ...extra,
});
const explicit = { explicitRecipients: true } as const;

export const EVENTS = {
  product_type_added: event('Products', 'folder-plus', 'A product type is created.'),
  product_added: event('Products', 'package-plus', 'A product is created.'),
  engagement_added: event('Engagements', 'calendar-plus', 'An engagement is created.'),
  test_added: event('Engagements', 'flask-conical', 'A test is added to an engagement.'),
  upcoming_engagement: event('Engagements', 'calendar-clock', 'An engagement starts within the next days.'),
  stale_engagement: event('Engagements', 'calendar-x', 'An engagement is past its end date and still open.'),
  auto_close_engagement: event('Engagements', 'calendar-check', 'A stale engagement was closed automatically.'),
  close_engagement: event('Engagements', 'calendar-check-2', 'An engagement is closed.'),
  scan_added: event('Findings & SLA', 'scan-search', 'A scan import created, reactivated or closed findings.'),
  scan_added_empty: event('Findings & SLA', 'scan', 'A scan import changed no finding.'),
  sla_breach: event('Findings & SLA', 'alarm-clock', "A finding's SLA is breached or about to be (one message per finding)."),
  sla_breach_combined: event('Findings & SLA', 'alarm-clock-check', 'SLA breaches combined into one message per product.'),
  risk_acceptance_expiration: event('Findings & SLA', 'shield-alert', 'A risk acceptance expired or is about to expire.'),
  user_mentioned: event('Collaboration', 'at-sign', 'You are @mentioned in a note on a finding you can see.', {
    ...explicit,
    skipsActor: true,
  }),
  code_review: event('Collaboration', 'git-pull-request', 'A code review is requested from you.', explicit),
  review_requested: event('Collaboration', 'user-check', 'A review of a finding is requested from you.', explicit),
  jira_update: event('Other', 'refresh-cw', 'An issue-tracker sync changed something.'),
  other: event('Other', 'bell', 'Anything else posted through the API.'),
} as const satisfies Record<string, EventDefinition>;

export type EventType = keyof typeof EVENTS;
export const EVENT_TYPES = Object.keys(EVENTS) as [EventType, ...EventType[]];

/**
 * DefectDojo's defaults for a settings row nobody has saved yet (system-wide and template; a new
 * user's personal row is a copy of the template): `alert` for every event but `scan_added_empty`,
 * plus `mail` for mentions and review requests.
 */
export function defaultChannels(type: EventType): PersonalChannel[] {
  if (type === 'scan_added_empty') return [];
  if (type === 'user_mentioned' || type === 'review_requested') return ['alert', 'mail'];
  return ['alert'];
}
