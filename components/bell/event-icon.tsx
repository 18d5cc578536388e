// Small inline icons for alerts, one per event type (drawn after the lucide names the catalog
// gives, 24×24 strokes), tinted by the event's group. No icon library: a dozen paths do.
import type { ReactNode } from 'react';
import { EVENTS, type EventGroup, type EventType } from '@/lib/core/event-catalog';

const PATHS: Record<string, ReactNode> = {
  bell: (
    <>
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </>
  ),
  folder: <path d="M20 20a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2h-7.9a2 2 0 0 1-1.7-.9L9.6 3.9A2 2 0 0 0 7.9 3H4a2 2 0 0 0-2 2v13a2 2 0 0 0 2 2Z" />,
  package: (
    <>
      <path d="M21 8a2 2 0 0 0-1-1.7l-7-4a2 2 0 0 0-2 0l-7 4A2 2 0 0 0 3 8v8a2 2 0 0 0 1 1.7l7 4a2 2 0 0 0 2 0l7-4a2 2 0 0 0 1-1.7Z" />
      <path d="m3.3 7 8.7 5 8.7-5M12 22V12" />
    </>
  ),
  calendar: (
    <>
      <rect width="18" height="18" x="3" y="4" rx="2" />
      <path d="M16 2v4M8 2v4M3 10h18" />
    </>
  ),
  flask: <path d="M10 2v7.3M14 9.3V2M8.5 2h7M14 9.3a6.5 6.5 0 1 1-4 0M5.5 16h13" />,
  scan: (
    <>
      <path d="M3 7V5a2 2 0 0 1 2-2h2M17 3h2a2 2 0 0 1 2 2v2M21 17v2a2 2 0 0 1-2 2h-2M7 21H5a2 2 0 0 1-2-2v-2" />
      <circle cx="12" cy="12" r="3" />
      <path d="m16 16-1.9-1.9" />
    </>
  ),
  alarm: (
    <>
      <circle cx="12" cy="13" r="8" />
      <path d="M12 9v4l2 2M5 3 2 6M22 6l-3-3" />
    </>
  ),
  shield: (
    <>
      <path d="M20 13c0 5-3.5 7.5-7.7 9a1 1 0 0 1-.6 0C7.5 20.5 4 18 4 13V6a1 1 0 0 1 1-1c2 0 4.5-1.2 6.2-2.7a1.2 1.2 0 0 1 1.6 0C14.5 3.8 17 5 19 5a1 1 0 0 1 1 1Z" />
      <path d="M12 8v4M12 16h.01" />
    </>
  ),
  at: (
    <>
      <circle cx="12" cy="12" r="4" />
      <path d="M16 8v5a3 3 0 0 0 6 0v-1a10 10 0 1 0-4 8" />
    </>
  ),
  message: <path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2Z" />,
  check: <path d="M20 6 9 17l-5-5" />,
  dot: <circle cx="12" cy="12" r="4" />,
  archive: (
    <>
      <rect width="20" height="5" x="2" y="3" rx="1" />
      <path d="M4 8v11a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8M10 12h4" />
    </>
  ),
  restore: (
    <>
      <path d="M9 14 4 9l5-5" />
      <path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />
    </>
  ),
  clock: (
    <>
      <circle cx="12" cy="12" r="10" />
      <path d="M12 6v6l4 2" />
    </>
  ),
  more: (
    <>
      <circle cx="12" cy="12" r="1" />
      <circle cx="19" cy="12" r="1" />
      <circle cx="5" cy="12" r="1" />
    </>
  ),
  refresh: (
    <>
      <path d="M3 12a9 9 0 0 1 9-9 9.8 9.8 0 0 1 6.7 2.7L21 8M21 3v5h-5" />
      <path d="M21 12a9 9 0 0 1-9 9 9.8 9.8 0 0 1-6.7-2.7L3 16M8 16H3v5" />
    </>
  ),
};

const ICON_OF: Record<EventType, keyof typeof PATHS> = {
  product_type_added: 'folder',
  product_added: 'package',
  engagement_added: 'calendar',
  test_added: 'flask',
  upcoming_engagement: 'calendar',
  stale_engagement: 'calendar',
  auto_close_engagement: 'calendar',
  close_engagement: 'calendar',
  scan_added: 'scan',
  scan_added_empty: 'scan',
  sla_breach: 'alarm',
  sla_breach_combined: 'alarm',
  risk_acceptance_expiration: 'shield',
  user_mentioned: 'at',
  code_review: 'message',
  review_requested: 'message',
  jira_update: 'refresh',
  other: 'bell',
};

const TONE: Record<EventGroup, string> = {
  Products: 'bg-indigo-50 text-indigo-600',
  Engagements: 'bg-sky-50 text-sky-600',
  'Findings & SLA': 'bg-amber-50 text-amber-700',
  Collaboration: 'bg-emerald-50 text-emerald-600',
  Other: 'bg-slate-100 text-slate-600',
};

export function Icon({ name, className = 'size-4' }: { name: keyof typeof PATHS; className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
      focusable="false"
      className={className}
    >
      {PATHS[name]}
    </svg>
  );
}

/** The icon of an event type in its group's tint; unknown types (a catalog change) get the bell. */
export function EventIcon({ event }: { event: string }) {
  const definition = (EVENTS as Record<string, { group: EventGroup } | undefined>)[event];
  const name = ICON_OF[event as EventType] ?? 'bell';
  return (
    <span className={`flex size-8 shrink-0 items-center justify-center rounded-full ${TONE[definition?.group ?? 'Other']}`}>
      <Icon name={name} />
    </span>
  );
}
