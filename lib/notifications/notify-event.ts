// An event as emitters describe it, and what the fan-out needs to know about it.
import type { Executor } from '../db/client';
import type { Severity } from '../db/schema/enums';
import { EVENTS, type EventType } from '../core/event-catalog';
import type { Resolution } from './resolve';
import { locateSubject, type EventSubject } from './subject';

/** What notify() and previewRecipients() take: the events API's body, with users as ids. */
export interface NotifyEvent extends EventSubject {
  type: EventType;
  title: string;
  description?: string;
  url?: string | null;
  /** Who caused it (the note's author, the API token's user); null for schedules. */
  actorId?: number | null;
  /** Explicit recipients (mentions, review requests): only these users, still filtered by RBAC. */
  recipients?: number[] | null;
  /** The highest severity of the findings it is about, computed by the emitter; none: never filtered by severity. */
  severity?: Severity | null;
  /** What groups its alerts when finer than the subject, e.g. `risk_acceptance:4` (see alertGroupKey). */
  groupBy?: string;
}

export async function resolutionOf(db: Executor, event: NotifyEvent): Promise<Resolution> {
  const subject = await locateSubject(db, event);
  const actor = event.actorId ?? null;
  return {
    type: event.type,
    subject,
    recipientIds: event.recipients ? [...new Set(event.recipients)] : null,
    excludedUserIds: EVENTS[event.type].skipsActor && actor !== null ? [actor] : [],
    severity: event.severity ?? null,
  };
}
