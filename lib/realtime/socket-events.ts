// What the sidecar pushes to a browser, by socket.io event name. Plain types and constants with
// no server imports, so the bell (a client component) can import them too.
import type { AlertView } from '../notifications/alert-view';

/** Why alerts left the bell without being deleted. */
export type RemovedReason = 'archived' | 'snoozed';

export interface ServerToClientEvents {
  /**
   * A new alert for this user, with the user's unread count right after it; also an alert coming
   * back to the bell (`back`: its snooze ended, or it was unarchived). An alert already shown may
   * come again with the same id: a grouped alert updated by a newer event (its title, description,
   * created, count and event_ids changed); the client replaces it.
   */
  'alert:new': (payload: { alert: AlertView; unread_count: number; back?: 'snooze_ended' | 'unarchived' }) => void;
  /** Alerts of this user marked unread elsewhere. */
  'alert:unread': (payload: { ids: number[] }) => void;
  /** Alerts of this user archived or snoozed elsewhere: they leave the bell. */
  'alert:removed': (payload: { ids: number[]; reason: RemovedReason }) => void;
  /** Alerts of this user were read (or, with `deleted`, deleted) elsewhere: another tab, the API. */
  'alert:read': (payload: { ids: number[]; deleted?: true }) => void;
  /** The user's unread count after a read or delete. */
  'alerts:count': (payload: { unread_count: number }) => void;
}

/** The browser sends nothing: the sidecar registers no handler, so no message can join a room. */
export type ClientToServerEvents = Record<string, never>;

/** Why a handshake was refused: the `connect_error`'s `data.reason` (and the log line's). */
export type RejectReason =
  | 'origin_not_allowed'
  | 'no_session'
  | 'invalid_session'
  | 'session_expired'
  | 'session_revoked'
  | 'user_not_found'
  | 'user_inactive'
  | 'server_error';

/** The room of a user; a socket joins its own and nothing else. */
export const userRoom = (userId: number): string => `user:${userId}`;
