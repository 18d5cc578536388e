'use client';
// The alerts page's mutations through the alerts API. Afterwards every alerts query (this page and
// the bell) is refetched; the user's other tabs hear of it from the sidecar.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, alertKeys, clearAlerts, deleteAlerts, markAlertsRead } from '@/components/bell/api';

type Action = { kind: 'read'; ids: number[] } | { kind: 'read-all' } | { kind: 'delete'; ids: number[] } | { kind: 'clear' };

function run(action: Action): Promise<unknown> {
  switch (action.kind) {
    case 'read': return markAlertsRead({ ids: action.ids });
    case 'read-all': return markAlertsRead({ all: true });
    case 'delete': return deleteAlerts(action.ids);
    case 'clear': return clearAlerts();
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
  return {
    busy: mutation.isPending,
    error,
    markRead: (ids: number[], then?: () => void) => perform({ kind: 'read', ids }, then),
    markAllRead: () => perform({ kind: 'read-all' }),
    remove: (ids: number[], then?: () => void) => perform({ kind: 'delete', ids }, then),
    clearAll: (then?: () => void) => perform({ kind: 'clear' }, then),
  };
}
