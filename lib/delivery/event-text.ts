// The words every channel shows around an event's own title and description: its kind and subjects.
import type { DeliveryEvent } from './types';

const LABELS: Record<string, string> = {
  product_type_added: 'Product type added',
  product_added: 'Product added',
  engagement_added: 'Engagement added',
  test_added: 'Test added',
  scan_added: 'Scan added',
  scan_added_empty: 'Scan added (no changes)',
  jira_update: 'Issue tracker update',
  upcoming_engagement: 'Upcoming engagement',
  stale_engagement: 'Stale engagement',
  auto_close_engagement: 'Engagement closed automatically',
  close_engagement: 'Engagement closed',
  user_mentioned: 'You were mentioned',
  code_review: 'Code review requested',
  review_requested: 'Review requested',
  other: 'Notification',
  sla_breach: 'SLA breach',
  sla_breach_combined: 'SLA breaches',
  risk_acceptance_expiration: 'Risk acceptance expiring',
};

/** "Engagement added" for `engagement_added`; an unknown type is spelled out from its name. */
export function eventLabel(type: string): string {
  const known = LABELS[type];
  if (known) return known;
  const words = type.replace(/_/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Notification';
}

/** A severity's colour, always shown beside its word (never colour alone). */
export const SEVERITY_COLOURS: Record<string, { hex: string; emoji: string; teams: string }> = {
  Critical: { hex: '#b91c1c', emoji: ':red_circle:', teams: 'Attention' },
  High: { hex: '#c2410c', emoji: ':large_orange_circle:', teams: 'Attention' },
  Medium: { hex: '#a16207', emoji: ':large_yellow_circle:', teams: 'Warning' },
  Low: { hex: '#1d4ed8', emoji: ':large_blue_circle:', teams: 'Accent' },
  Info: { hex: '#475569', emoji: ':white_circle:', teams: 'Default' },
};

export interface SubjectLine {
  label: string;
  value: string;
}

/** The subjects the event is about, broadest first. Values are user text: escape them per channel. */
export function subjectLines(event: DeliveryEvent): SubjectLine[] {
  const lines: SubjectLine[] = [];
  if (event.product_type) lines.push({ label: 'Product type', value: event.product_type.name });
  if (event.product) lines.push({ label: 'Product', value: event.product.name });
  if (event.engagement) lines.push({ label: 'Engagement', value: event.engagement.name });
  if (event.test) lines.push({ label: 'Test', value: event.test.name });
  if (event.finding) {
    lines.push({ label: 'Finding', value: `${event.finding.title} (${event.finding.severity})` });
  }
  return lines;
}
