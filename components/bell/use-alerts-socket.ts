'use client';
// One socket per tab to the realtime sidecar; its events update the query cache in place, and each
// (re)connect refetches what may have been missed while disconnected (DESIGN §1: the database is
// the truth, the push only makes it quick).

import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { AlertView, ClientToServerEvents, ServerToClientEvents } from '@/lib/realtime/events';
import { alertKeys, type AlertPage } from './api';
import { needsRefill, withCount, withDeleted, withNewAlert, withRead } from './cache';

/** Where the sidecar is: its public URL when configured, else this page's host on its port. */
export interface RealtimeEndpoint {
  url: string | null;
  port: number;
}

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'refused';

/** Handshakes the sidecar refused for good (no, bad or expired session): retrying cannot help. */
const FINAL_REFUSALS = new Set(['no_session', 'invalid_session', 'session_expired', 'user_not_found', 'user_inactive', 'origin_not_allowed']);
const RETRY_REFUSED_MS = 10_000;

export function useAlertsSocket(endpoint: RealtimeEndpoint, onNewAlert: (alert: AlertView) => void): ConnectionState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ConnectionState>('connecting');
  // The announcer changes identity with the bell's renders; the socket must not reconnect for it.
  const onNewAlertRef = useRef(onNewAlert);
  useEffect(() => {
    onNewAlertRef.current = onNewAlert;
  });

  useEffect(() => {
    const url = endpoint.url ?? `${window.location.protocol}//${window.location.hostname}:${endpoint.port}`;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { withCredentials: true, transports: ['websocket', 'polling'] });
    let retry: ReturnType<typeof setTimeout> | undefined;

    socket.on('connect', () => {
      setState('live');
      // Whatever happened while this tab was not listening (first connect included: the first
      // fetch may have run before the socket joined its room).
      void queryClient.invalidateQueries({ queryKey: alertKeys.all });
    });
    socket.on('disconnect', () => setState('reconnecting'));
    socket.on('connect_error', (error: Error & { data?: { reason?: string } }) => {
      if (socket.active) {
        setState('reconnecting'); // a transport failure: socket.io retries by itself
        return;
      }
      // Refused by the sidecar's middleware: socket.io does not retry these on its own.
      const final = FINAL_REFUSALS.has(error.data?.reason ?? '');
      setState(final ? 'refused' : 'reconnecting');
      if (!final) retry = setTimeout(() => socket.connect(), RETRY_REFUSED_MS);
    });

    socket.on('alert:new', ({ alert, unread_count }) => {
      queryClient.setQueryData<AlertPage>(alertKeys.bell, (data) => withNewAlert(data, alert, unread_count));
      void queryClient.invalidateQueries({ queryKey: alertKeys.pages }); // the alerts page, when open
      onNewAlertRef.current(alert);
    });
    socket.on('alert:read', ({ ids, deleted }) => applyReadOrDeleted(queryClient, ids, deleted === true));
    socket.on('alerts:count', ({ unread_count }) => {
      queryClient.setQueryData<AlertPage>(alertKeys.bell, (data) => withCount(data, unread_count));
    });

    return () => {
      clearTimeout(retry);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [endpoint.url, endpoint.port, queryClient]);

  return state;
}

function applyReadOrDeleted(queryClient: QueryClient, ids: number[], deleted: boolean): void {
  const before = queryClient.getQueryData<AlertPage>(alertKeys.bell);
  const after = deleted ? withDeleted(before, ids) : withRead(before, ids);
  // The exact count follows in alerts:count; until then this is the count as far as the bell knows.
  queryClient.setQueryData<AlertPage>(alertKeys.bell, after);
  if (deleted && needsRefill(before, after)) void queryClient.invalidateQueries({ queryKey: alertKeys.bell });
  void queryClient.invalidateQueries({ queryKey: alertKeys.pages });
}
