// An event type as people read it: "scan_added" → "Scan added", "sla_breach" → "SLA breach". Every
// page that names an event type uses this (matrices, preview, webhooks, deliveries, outbox).
import type { EventType } from '@/lib/core/event-catalog';

const ACRONYMS: Record<string, string> = { sla: 'SLA', jira: 'Jira' };

export function eventLabel(type: EventType | (string & {})): string {
  const words = type.split('_').map((word) => ACRONYMS[word] ?? word);
  const first = words[0]!;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...words.slice(1)].join(' ');
}
