'use client';
// The bell's per-item actions and "mark all read": each changes the cached lists at once (the
// same changes a push makes), then takes the server's count; a failure refetches the truth.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AlertView } from '@/lib/realtime/events';
import {
  alertKeys,
  archiveAlerts,
  deleteAlerts,
  markAlertsRead,
  markAlertsUnread,
  snoozeAlerts,
  unarchiveAlerts,
} from './api';
import { applyBellChange, type BellChange } from './bell-changes';

export type BellAction =
  | { kind: 'read' | 'unread' | 'archive' | 'unarchive' | 'delete'; alert: AlertView }
  | { kind: 'snooze'; alert: AlertView; until: Date }
  | { kind: 'read-all'; severity?: string };

function run(action: BellAction) {
  if (action.kind === 'read-all') return markAlertsRead({ all: true, severity: action.severity });
  const ids = [action.alert.id];
  switch (action.kind) {
    case 'read':
      return markAlertsRead({ ids });
    case 'unread':
      return markAlertsUnread(ids);
    case 'archive':
      return archiveAlerts(ids);
    case 'unarchive':
      return unarchiveAlerts(ids);
    case 'delete':
      return deleteAlerts(ids);
    case 'snooze':
      return snoozeAlerts(ids, action.until);
  }
}

function localChange(action: BellAction): BellChange | null {
  if (action.kind === 'read-all') return action.severity ? null : { kind: 'all-read' }; // filtered: the push says which
  const ids = [action.alert.id];
  switch (action.kind) {
    case 'read':
      return { kind: 'read', ids };
    case 'unread':
      return { kind: 'unread', ids };
    case 'archive':
      return { kind: 'removed', ids, reason: 'archived' };
    case 'snooze':
      return { kind: 'removed', ids, reason: 'snoozed' };
    case 'unarchive':
      return { kind: 'unarchived', ids };
    case 'delete':
      return { kind: 'deleted', ids };
  }
}

const DONE: Record<BellAction['kind'], string> = {
  read: 'Marked as read.',
  unread: 'Marked as unread.',
  archive: 'Archived.',
  unarchive: 'Restored to the inbox.',
  delete: 'Deleted.',
  snooze: 'Snoozed.',
  'read-all': 'All marked as read.',
};

export function useBellActions() {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState('');
  const mutation = useMutation({
    mutationFn: run,
    onMutate: async (action) => {
      await queryClient.cancelQueries({ queryKey: alertKeys.bell });
      const change = localChange(action);
      if (change) applyBellChange(queryClient, change);
    },
    onSuccess: ({ unread_count }, action) => {
      applyBellChange(queryClient, { kind: 'count', count: unread_count });
      setMessage(
        action.kind === 'snooze'
          ? `Snoozed until ${action.until.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' })}.`
          : DONE[action.kind],
      );
    },
    onError: () => {
      setMessage('That did not work: the list is up to date again, please try once more.');
      void queryClient.invalidateQueries({ queryKey: alertKeys.all });
    },
  });
  return { perform: (action: BellAction) => mutation.mutate(action), message };
}
