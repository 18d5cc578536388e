'use client';
// The per-item menus of an alert (real menus, role=menu): when to snooze it until, and more
// actions (delete, the settings that sent it). Non-modal and rendered in place, so nothing else on
// the page is hidden from assistive technology while one is open and Tab still leaves the panel.

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import Link from 'next/link';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { AlertView } from '@/lib/notifications/alert-view';
import { SNOOZE_CHOICES, toLocalInput, tomorrowMorning } from './snooze-times';

export const ICON_BUTTON =
  'rounded p-1.5 text-slate-600 hover:bg-slate-200 hover:text-slate-900 ' +
  'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-700';
const MENU = 'z-50 min-w-44 rounded-md border border-slate-200 bg-white p-1 text-sm text-slate-800 shadow-lg';
const MENU_ITEM =
  'block cursor-pointer rounded px-2 py-1.5 outline-none data-[highlighted]:bg-indigo-50 ' +
  'data-[highlighted]:text-indigo-900 data-[highlighted]:outline-2 data-[highlighted]:outline-indigo-700';

function Menu({ label, icon, children }: { label: string; icon: ReactNode; children: ReactNode }) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger aria-label={label} title={label} className={ICON_BUTTON}>
        {icon}
      </DropdownMenu.Trigger>
      <DropdownMenu.Content align="end" sideOffset={4} className={MENU} aria-label={label}>
        {children}
      </DropdownMenu.Content>
    </DropdownMenu.Root>
  );
}

/** "Snooze": the preset times, or "Pick a date…", which opens a small form in the item. */
export function SnoozeMenu({ alert, icon, onSnooze }: { alert: AlertView; icon: ReactNode; onSnooze: (until: Date) => void }) {
  const [picking, setPicking] = useState(false);
  return (
    <>
      <Menu label={`Snooze: ${alert.title}`} icon={icon}>
        {SNOOZE_CHOICES.map((choice) => (
          <DropdownMenu.Item key={choice.label} className={MENU_ITEM} onSelect={() => onSnooze(choice.until(new Date()))}>
            {choice.label}
          </DropdownMenu.Item>
        ))}
        <DropdownMenu.Item className={MENU_ITEM} onSelect={() => setPicking(true)}>
          Pick a date…
        </DropdownMenu.Item>
      </Menu>
      {picking && (
        <SnoozeForm
          onSnooze={(until) => {
            setPicking(false);
            onSnooze(until);
          }}
          onCancel={() => setPicking(false)}
        />
      )}
    </>
  );
}

function SnoozeForm({ onSnooze, onCancel }: { onSnooze: (until: Date) => void; onCancel: () => void }) {
  const [value, setValue] = useState(() => toLocalInput(tomorrowMorning(new Date())));
  const [error, setError] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const until = new Date(value);
    if (Number.isNaN(until.getTime()) || until.getTime() <= Date.now()) return setError('Pick a time in the future.');
    onSnooze(until);
  };
  return (
    <form
      onSubmit={submit}
      className="absolute inset-x-2 top-full z-10 mt-1 rounded-md border border-slate-200 bg-white p-2 shadow-lg"
      onKeyDown={(event) => event.key === 'Escape' && (event.stopPropagation(), onCancel())}
    >
      <label className="flex flex-col gap-1 text-xs text-slate-700">
        Snooze until
        <input
          type="datetime-local"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          autoFocus
          required
          aria-invalid={error ? true : undefined}
          className="rounded border border-slate-400 px-2 py-1 text-sm"
        />
      </label>
      {error && <p className="mt-1 text-xs text-red-700">{error}</p>}
      <div className="mt-2 flex justify-end gap-2">
        <button type="button" onClick={onCancel} className="rounded border border-slate-300 px-2 py-1 text-xs">
          Cancel
        </button>
        <button type="submit" className="rounded bg-indigo-600 px-2 py-1 text-xs font-medium text-white">
          Snooze
        </button>
      </div>
    </form>
  );
}

/** "More actions": mute the product, delete, and the settings that decide what reaches this user about the alert's subject. */
export function MoreMenu({
  alert,
  icon,
  onDelete,
  onMute,
}: {
  alert: AlertView;
  icon: ReactNode;
  onDelete: () => void;
  onMute: () => void;
}) {
  return (
    <Menu label={`More actions: ${alert.title}`} icon={icon}>
      {alert.product && (
        <DropdownMenu.Item className={MENU_ITEM} onSelect={onMute}>
          Mute {alert.product.name}
        </DropdownMenu.Item>
      )}
      <DropdownMenu.Item asChild className={MENU_ITEM}>
        <Link href={settingsHref(alert)}>
          {alert.product ? `Notification settings for ${alert.product.name}` : 'Notification settings'}
        </Link>
      </DropdownMenu.Item>
      <DropdownMenu.Item className={`${MENU_ITEM} text-red-700`} onSelect={onDelete}>
        Delete
      </DropdownMenu.Item>
    </Menu>
  );
}

/** The settings behind an alert: the product's own when the event is about one, else the personal ones. */
export function settingsHref(alert: AlertView): string {
  return alert.product ? `/products/${alert.product.id}/notifications` : '/settings/notifications';
}
