'use client';
// The bell in the top bar: the unread count as a badge and in the tab title, a panel (a non-modal
// dialog: Escape closes it and returns focus to the bell, Tab out of it or a click elsewhere closes
// it) with the user's alerts by tab, live updates from the realtime sidecar (or polling when it
// cannot be reached), and a polite live region announcing new alerts.

import { useCallback, useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import type { AlertView } from '@/lib/notifications/alert-view';
import type { BellTab } from './api';
import { unreadCountOf, type BellData } from './bell-changes';
import { BellPanel, useBellTab } from './bell-panel';
import { badgeText, bellLabel } from './cache';
import { Icon } from './event-icon';
import { useAlertsSocket, type RealtimeEndpoint } from './use-alerts-socket';
import { useBellActions } from './use-bell-actions';
import { useUnreadTitle } from './use-unread-title';

const TRIGGER =
  'relative rounded-full p-2 text-slate-700 hover:bg-slate-100 hover:text-slate-900 ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-700';
const BADGE =
  'absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-600 ' + 'px-1 text-center text-[11px] font-semibold leading-5 text-white';

export function Bell({ realtime }: { realtime: RealtimeEndpoint }) {
  const all = useBellTab('all'); // always loaded: its first page carries the unread count
  const count = unreadCountOf(all.data as BellData | undefined);
  const [open, setOpen] = useState(false);
  const [tab, setTab] = useState<BellTab>('all');
  const [severity, setSeverity] = useState('any');
  const [announcement, setAnnouncement] = useState('');
  const announce = useCallback(
    (alert: AlertView, back?: string) =>
      setAnnouncement(`${back === 'snooze_ended' ? 'Back from snooze' : 'New notification'}: ${alert.title}`),
    [],
  );
  const connection = useAlertsSocket(realtime, announce);
  useUnreadTitle(count);
  const actions = useBellActions();
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);

  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  }, []);

  // A click anywhere else closes the panel.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) close(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open, close]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open && !event.defaultPrevented) {
      event.preventDefault();
      close(true);
    }
  };
  // Focus leaving the bell and its panel (Tab past the last item, Shift+Tab before the first) closes it.
  const onBlur = (event: FocusEvent) => {
    const next = event.relatedTarget as Node | null;
    if (open && next && !root.current?.contains(next)) close(false);
  };

  return (
    <div ref={root} className="relative" onKeyDown={onKeyDown} onBlur={onBlur}>
      <button
        ref={trigger}
        type="button"
        aria-label={bellLabel(count)}
        data-testid="bell"
        data-connection={connection}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
        className={TRIGGER}
      >
        <Icon name="bell" className="size-5" />
        {count ? (
          <span data-testid="bell-badge" aria-hidden className={BADGE}>
            {badgeText(count)}
          </span>
        ) : null}
      </button>
      {open && (
        <BellPanel
          id={panelId}
          tab={tab}
          onTab={setTab}
          severity={severity}
          onSeverity={setSeverity}
          count={count}
          connection={connection}
          message={actions.message}
          onAction={actions.perform}
        />
      )}
      <div role="status" aria-live="polite" className="sr-only" data-testid="bell-announcer">
        {announcement}
      </div>
    </div>
  );
}
