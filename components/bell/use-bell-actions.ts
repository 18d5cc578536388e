'use client';
// The bell's per-item actions and "mark all read": each changes the cached lists at once (the
// same changes a push makes), then takes the server's count; a failure refetches the truth.

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AlertView } from '@/lib/notifications/alert-view';
import {
  alertKeys,
  archiveAlerts,
  deleteAlerts,
  markAlertsRead,
  markAlertsUnread,
  muteProduct,
  snoozeAlerts,
  unarchiveAlerts,
} from './api';
import { applyBellChange, type BellChange } from './bell-changes';

export type BellAction =
  | { kind: 'read' | 'unread' | 'archive' | 'unarchive' | 'delete' | 'mute'; alert: AlertView }
  | { kind: 'snooze'; alert: AlertView; until: Date }
  | { kind: 'read-all'; severity?: string };

async function run(action: BellAction): Promise<{ unread_count?: number }> {
  if (action.kind === 'read-all') return markAlertsRead({ all: true, severity: action.severity });
  if (action.kind === 'mute') return action.alert.product ? (await muteProduct(action.alert.product.id), {}) : {};
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
    case 'mute':
      return null;
  }
}

const DONE: Record<BellAction['kind'], string> = {
  read: 'Marked as read.',
  unread: 'Marked as unread.',
  archive: 'Archived.',
  unarchive: 'Restored to the inbox.',
  delete: 'Deleted.',
  snooze: 'Snoozed.',
  mute: 'Muted: nothing more about this product, except mentions and required events.',
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
      if (unread_count !== undefined) applyBellChange(queryClient, { kind: 'count', count: unread_count });
      // Restored alerts come back by push; once the server has them, the inbox tabs may refetch too.
      if (action.kind === 'unarchive') void queryClient.invalidateQueries({ queryKey: alertKeys.bell });
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
