'use client';
// The alerts page's keyboard shortcuts (documented on the page): j / k move between rows, x selects,
// r marks read or unread, e archives (restores in Archived), Enter opens. Keys typed in a field or
// with a modifier are left alone.

import { useEffect } from 'react';
import type { AlertView } from '@/lib/notifications/alert-view';

export interface ShortcutHandlers {
  alerts: AlertView[];
  toggleRead: (alert: AlertView) => void;
  toggleArchive: (alert: AlertView) => void;
  select: (alert: AlertView) => void;
}

const rows = () => [...document.querySelectorAll<HTMLElement>('[data-testid="alert-row"]')];
const currentRow = () => (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-testid="alert-row"]') ?? null;

export function useAlertShortcuts(handlers: ShortcutHandlers): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement;
      if (target.closest('input, select, textarea, [contenteditable="true"], [role="menu"], dialog')) return;
      const all = rows();
      const row = currentRow();
      const index = row ? all.indexOf(row) : -1;
      const alert = row ? handlers.alerts.find((a) => String(a.id) === row.dataset.alertId) : undefined;
      switch (event.key) {
        case 'j':
          all[Math.min(index + 1, all.length - 1)]?.focus();
          break;
        case 'k':
          all[Math.max(index - 1, 0)]?.focus();
          break;
        case 'x':
          if (alert) handlers.select(alert);
          else return;
          break;
        case 'r':
          if (alert) handlers.toggleRead(alert);
          else return;
          break;
        case 'e':
          if (!alert) return;
          // The row goes: the next one (or the previous, at the end) takes the focus.
          (all[index + 1] ?? all[index - 1])?.focus();
          handlers.toggleArchive(alert);
          break;
        case 'Enter':
          if (!alert || target !== row) return;
          row.querySelector<HTMLAnchorElement>('a[href]')?.click();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [handlers]);
}
