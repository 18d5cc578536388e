// Titles, descriptions, links and subjects of events: one table keyed by event type, so emitters
// (domain mutations, schedules) pass facts and never write message text themselves.
import type { Severity } from '../db/schema/enums';
import type { EventType } from '../core/event-catalog';
import type { NotifyEvent } from './notify-event';
import { severityRank } from './filters-sql';

interface Named {
  id: number;
  name: string;
}

/** A finding as messages name it; its severity, when known, becomes the event's. */
type FindingNamed = Named & { severity?: string | null };

interface Posted {
  title: string;
  description?: string;
  url?: string | null;
}

/** The facts each event's message is built from. */
export interface EventFacts {
  product_type_added: { productType: Named };
  product_added: { product: Named; productType: Named };
  engagement_added: { engagement: Named; product: Named };
  test_added: { test: Named; engagement: Named; product: Named };
  upcoming_engagement: { engagement: Named; product: Named; startsOn: string };
  stale_engagement: { engagement: Named; product: Named; endedOn: string };
  auto_close_engagement: { engagement: Named; product: Named };
  close_engagement: { engagement: Named; product: Named };
  /** `summary`: what a DefectDojo-style import changed, by severity, with its first findings (lib/scans/changes.ts);
   * highest: among the findings the import created or reactivated. */
  scan_added: {
    test: Named;
    product: Named;
    created: number;
    reactivated: number;
    closed: number;
    summary?: string;
    highest?: Severity | null;
  };
  scan_added_empty: { test: Named; product: Named; summary?: string };
  sla_breach: { finding: Named & { severity: string }; product: Named; dueOn: string; daysLeft: number };
  sla_breach_combined: { product: Named; findings: { id: number; title: string; severity: string; dueOn: string; daysLeft: number }[] };
  /** highest: among its findings. */
  risk_acceptance_expiration: {
    riskAcceptance: Named;
    product: Named;
    expiresOn: string;
    expired: boolean;
    reactivated: number;
    highest?: Severity | null;
  };
  user_mentioned: { finding: FindingNamed; author: string; note: string };
  code_review: { finding: FindingNamed; requester: string; note?: string };
  review_requested: { finding: FindingNamed; requester: string; note?: string };
  jira_update: Posted & { product?: number | null; finding?: number | null };
  other: Posted;
}

export type EventMessage = Omit<NotifyEvent, 'actorId' | 'recipients'>;

const SEVERITY_WORDS = new Set<string>(['Critical', 'High', 'Medium', 'Low', 'Info']);

/** The highest of these severities (unknown words ignored); null for none. */
export function highestSeverity(severities: readonly (string | null | undefined)[]): Severity | null {
  const known = severities.filter((s): s is Severity => typeof s === 'string' && SEVERITY_WORDS.has(s));
  return known.reduce<Severity | null>((top, s) => (top === null || severityRank(s) > severityRank(top) ? s : top), null);
}

const links = {
  productType: (id: number) => `/product-types/${id}`,
  product: (id: number) => `/products/${id}`,
  engagement: (id: number) => `/engagements/${id}`,
  test: (id: number) => `/tests/${id}`,
  finding: (id: number) => `/findings/${id}`,
  /** Risk acceptances are listed on their product's page. */
  riskAcceptances: (productId: number) => `/products/${productId}#risk-acceptances`,
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const quoted = (text: string) => (text.length > 200 ? `${text.slice(0, 199)}…` : text);

const MESSAGES: { [K in EventType]: (facts: EventFacts[K]) => Omit<EventMessage, 'type'> } = {
  product_type_added: ({ productType }) => ({
    title: `Product type ${productType.name} added`,
    url: links.productType(productType.id),
    productType: productType.id,
  }),
  product_added: ({ product, productType }) => ({
    title: `Product ${product.name} added`,
    description: `In ${productType.name}.`,
    url: links.product(product.id),
    product: product.id,
  }),
  engagement_added: ({ engagement, product }) => ({
    title: `Engagement ${engagement.name} added`,
    description: `On ${product.name}.`,
    url: links.engagement(engagement.id),
    engagement: engagement.id,
  }),
  test_added: ({ test, engagement, product }) => ({
    title: `Test ${test.name} added`,
    description: `In ${engagement.name} on ${product.name}.`,
    url: links.test(test.id),
    test: test.id,
  }),
  upcoming_engagement: ({ engagement, product, startsOn }) => ({
    title: `Engagement ${engagement.name} starts on ${startsOn}`,
    description: `On ${product.name}.`,
    url: links.engagement(engagement.id),
    engagement: engagement.id,
  }),
  stale_engagement: ({ engagement, product, endedOn }) => ({
    title: `Engagement ${engagement.name} is stale`,
    description: `It ended on ${endedOn} and is still open, on ${product.name}.`,
    url: links.engagement(engagement.id),
    engagement: engagement.id,
  }),
  auto_close_engagement: ({ engagement, product }) => ({
    title: `Engagement ${engagement.name} closed automatically`,
    description: `It was stale, on ${product.name}.`,
    url: links.engagement(engagement.id),
    engagement: engagement.id,
  }),
  close_engagement: ({ engagement, product }) => ({
    title: `Engagement ${engagement.name} closed`,
    description: `On ${product.name}.`,
    url: links.engagement(engagement.id),
    engagement: engagement.id,
  }),
  scan_added: ({ test, product, created, reactivated, closed, summary, highest }) => ({
    title: `Scan imported into ${test.name}`,
    description: summary
      ? `${summary}\n\nOn ${product.name}.`
      : `${plural(created, 'new finding')}, ${reactivated} reactivated, ${closed} closed, on ${product.name}.`,
    url: links.test(test.id),
    test: test.id,
    severity: highest ?? null,
  }),
  scan_added_empty: ({ test, product, summary }) => ({
    title: `Scan imported into ${test.name}: no changes`,
    description: summary ? `${summary}\n\nOn ${product.name}.` : `On ${product.name}.`,
    url: links.test(test.id),
    test: test.id,
  }),
  sla_breach: ({ finding, product, dueOn, daysLeft }) => ({
    title: daysLeft < 0 ? `SLA breached: ${finding.name}` : `SLA breach in ${plural(daysLeft, 'day')}: ${finding.name}`,
    description: `${finding.severity} finding on ${product.name}, due on ${dueOn}.`,
    url: links.finding(finding.id),
    finding: finding.id,
    severity: highestSeverity([finding.severity]),
  }),
  sla_breach_combined: ({ product, findings }) => {
    const breached = findings.filter((f) => f.daysLeft < 0).length;
    return {
      title: `SLA: ${breached} breached, ${findings.length - breached} due soon on ${product.name}`,
      description: findings
        .map((f) => `${f.severity}: ${f.title} (${f.daysLeft < 0 ? `${-f.daysLeft} days overdue` : `due ${f.dueOn}`})`)
        .join('\n'),
      url: links.product(product.id),
      product: product.id,
      severity: highestSeverity(findings.map((f) => f.severity)),
    };
  },
  risk_acceptance_expiration: ({ riskAcceptance, product, expiresOn, expired, reactivated, highest }) => ({
    title: expired ? `Risk acceptance ${riskAcceptance.name} expired` : `Risk acceptance ${riskAcceptance.name} expires on ${expiresOn}`,
    description: expired
      ? `On ${product.name}: ${plural(reactivated, 'accepted finding')} reactivated.`
      : `On ${product.name}: its findings will be reactivated when it expires.`,
    url: links.riskAcceptances(product.id),
    product: product.id,
    severity: highest ?? null,
  }),
  user_mentioned: ({ finding, author, note }) => ({
    title: `${author} mentioned you on ${finding.name}`,
    description: quoted(note),
    url: links.finding(finding.id),
    finding: finding.id,
    severity: highestSeverity([finding.severity]),
  }),
  code_review: ({ finding, requester, note }) => ({
    title: `${requester} requested a code review of ${finding.name}`,
    description: note ?? '',
    url: links.finding(finding.id),
    finding: finding.id,
    severity: highestSeverity([finding.severity]),
  }),
  review_requested: ({ finding, requester, note }) => ({
    title: `${requester} requested your review of ${finding.name}`,
    description: note ?? '',
    url: links.finding(finding.id),
    finding: finding.id,
    severity: highestSeverity([finding.severity]),
  }),
  jira_update: (posted) => posted,
  other: (posted) => posted,
};

/** The event an emitter passes to notify(), built from its facts: `notify({ ...describeEvent(…), actorId })`. */
export function describeEvent<K extends EventType>(type: K, facts: EventFacts[K]): EventMessage {
  return { type, ...MESSAGES[type](facts) };
}
