'use client';
// The alerts page's mutations through the alerts API. Afterwards every alerts query (this page and
// the bell) is refetched; the user's other tabs hear of it from the sidecar.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  ApiError,
  alertKeys,
  archiveAlerts,
  clearAlerts,
  deleteAlerts,
  markAlertsRead,
  markAlertsUnread,
  snoozeAlerts,
  unarchiveAlerts,
  type ReadFilter,
} from '@/components/bell/api';

type Action =
  | { kind: 'read' | 'unread' | 'archive' | 'unarchive' | 'delete'; ids: number[] }
  | { kind: 'snooze'; ids: number[]; until: Date }
  | { kind: 'read-all'; filter: ReadFilter }
  | { kind: 'clear' };

function run(action: Action): Promise<unknown> {
  switch (action.kind) {
    case 'read':
      return markAlertsRead({ ids: action.ids });
    case 'unread':
      return markAlertsUnread(action.ids);
    case 'archive':
      return archiveAlerts(action.ids);
    case 'unarchive':
      return unarchiveAlerts(action.ids);
    case 'snooze':
      return snoozeAlerts(action.ids, action.until);
    case 'read-all':
      return markAlertsRead({ all: true, ...action.filter });
    case 'delete':
      return deleteAlerts(action.ids);
    case 'clear':
      return clearAlerts();
  }
}

export function useAlertActions() {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: alertKeys.all }),
  });
  const perform = (action: Action, then?: () => void) => mutation.mutate(action, { onSuccess: () => then?.() });
  const error = mutation.error
    ? mutation.error instanceof ApiError && mutation.error.status === 404
      ? 'Some of those alerts no longer exist (deleted in another tab?). The list is up to date again: try once more.'
      : 'That did not work. Please try again.'
    : null;
  const on = (kind: 'read' | 'unread' | 'archive' | 'unarchive' | 'delete') => (ids: number[], then?: () => void) =>
    perform({ kind, ids }, then);
  return {
    busy: mutation.isPending,
    error,
    markRead: on('read'),
    markUnread: on('unread'),
    archive: on('archive'),
    unarchive: on('unarchive'),
    remove: on('delete'),
    snooze: (ids: number[], until: Date, then?: () => void) => perform({ kind: 'snooze', ids, until }, then),
    markAllRead: (filter: ReadFilter) => perform({ kind: 'read-all', filter }),
    clearAll: (then?: () => void) => perform({ kind: 'clear' }, then),
  };
}
