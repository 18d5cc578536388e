'use client';
// One socket per tab to the realtime sidecar; its events update the query cache in place, and each
// (re)connect refetches what may have been missed while disconnected (DESIGN §1: the database is
// the truth, the push only makes it quick). When the socket cannot connect (a blocked port, a
// proxy without WebSocket), the bell polls the alerts API instead, and goes back to push as soon
// as the socket connects again.

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/realtime/socket-events';
import type { AlertView } from '@/lib/notifications/alert-view';
import { alertKeys } from './api';
import { applyPushedChange } from './bell-changes';

/** Where the sidecar is: its public URL when configured, else this page's host on its port. */
export interface RealtimeEndpoint {
  url: string | null;
  port: number;
}

/** `polling`: the socket cannot connect; the bell asks the API every POLL_MS instead. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'polling' | 'refused';

/** Handshakes the sidecar refused for good (no, bad or expired session): retrying cannot help. */
const FINAL_REFUSALS = new Set([
  'no_session',
  'invalid_session',
  'session_expired',
  'user_not_found',
  'user_inactive',
  'origin_not_allowed',
]);
const RETRY_REFUSED_MS = 10_000;
export const POLL_MS = 10_000;

export function useAlertsSocket(endpoint: RealtimeEndpoint, onNewAlert: (alert: AlertView, back?: string) => void): ConnectionState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectionState>('connecting');
  // The announcer changes identity with the bell's renders; the socket must not reconnect for it.
  const onNewAlertRef = useRef(onNewAlert);
  useEffect(() => {
    onNewAlertRef.current = onNewAlert;
  });

  useEffect(() => {
    const url = endpoint.url ?? `${window.location.protocol}//${window.location.hostname}:${endpoint.port}`;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
      withCredentials: true,
      transports: ['websocket', 'polling'],
    });
    let retry: ReturnType<typeof setTimeout> | undefined;
    let poll: ReturnType<typeof setInterval> | undefined;
    const refetch = () => void queryClient.invalidateQueries({ queryKey: alertKeys.all });
    const startPolling = () => {
      setState('polling');
      poll ??= setInterval(refetch, POLL_MS);
    };
    const stopPolling = () => {
      clearInterval(poll);
      poll = undefined;
    };

    socket.on('connect', () => {
      stopPolling();
      setState('live');
      // Whatever happened while this tab was not listening (first connect included: the first
      // fetch may have run before the socket joined its room).
      refetch();
    });
    socket.on('disconnect', () => setState('reconnecting'));
    socket.on('connect_error', (error: Error & { data?: { reason?: string } }) => {
      if (socket.active) {
        startPolling(); // a transport failure: socket.io retries by itself, the bell polls meanwhile
        return;
      }
      // Refused by the sidecar's middleware: socket.io does not retry these on its own.
      const final = FINAL_REFUSALS.has(error.data?.reason ?? '');
      if (final) {
        stopPolling();
        setState('refused');
        return;
      }
      startPolling();
      retry = setTimeout(() => socket.connect(), RETRY_REFUSED_MS);
    });

    socket.on('alert:new', ({ alert, unread_count, back }) => {
      applyPushedChange(queryClient, { kind: 'new', alert, count: unread_count, back });
      if (back !== 'unarchived') onNewAlertRef.current(alert, back);
    });
    socket.on('alert:read', ({ ids, deleted }) => applyPushedChange(queryClient, { kind: deleted ? 'deleted' : 'read', ids }));
    socket.on('alert:unread', ({ ids }) => applyPushedChange(queryClient, { kind: 'unread', ids }));
    socket.on('alert:removed', ({ ids, reason }) => applyPushedChange(queryClient, { kind: 'removed', ids, reason }));
    socket.on('alerts:count', ({ unread_count }) => applyPushedChange(queryClient, { kind: 'count', count: unread_count }));

    return () => {
      clearTimeout(retry);
      stopPolling();
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [endpoint.url, endpoint.port, queryClient]);

  return state;
}
