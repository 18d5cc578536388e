'use client';
// The notification settings matrix: one row per event (grouped, explained), one column per channel.
// Every toggle saves at once, optimistically; a refused save is rolled back and says why.
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useId, useState } from 'react';
import type { ActionState } from '@/lib/session/action';
import { EVENT_GROUPS, EVENT_TYPES, EVENTS, type EventType } from '@/lib/core/event-catalog';
import type { ChannelMatrix, SettingsChanges, SeverityFloors } from '@/lib/notifications/settings-schema';
import { eventLabel } from './event-label';
import { FloorSelect } from './floor-select';

export interface MatrixChannel {
  id: string;
  label: string;
  /** What ticking this column does, in words. */
  description?: string;
  /** Why the system cannot deliver on this channel; the column is greyed out. */
  unavailable?: string | null;
  /** Where to fix what makes it unavailable ("Add your Slack ID in your profile" → /profile). */
  fix?: { href: string; label: string } | null;
}

/** Event → channel → where it already comes from ("from system-wide"). */
export type InheritedChannels = Partial<Record<EventType, Partial<Record<string, string>>>>;

/** Event → channel → why the cell is checked and cannot be changed (required events). */
export type LockedChannels = InheritedChannels;

interface Props {
  /** Names the matrix for screen readers ("Personal notification settings"). */
  title: string;
  channels: MatrixChannel[];
  initial: ChannelMatrix;
  inherited?: InheritedChannels;
  /** The row's severity floors, chosen at the head of each column. */
  floors?: SeverityFloors;
  /** Event → channel → why the box is ticked and cannot be changed here (required, or sent by the system-wide row). */
  locked?: LockedChannels;
  /** System-wide only: the required events, with a column to change them. */
  required?: EventType[];
  save: (changes: SettingsChanges) => Promise<ActionState>;
}

type Changes = Partial<ChannelMatrix>;

export function NotificationMatrix(props: Props) {
  const { title, channels, initial, inherited = {}, floors: initialFloors = {}, locked = {}, required: initialRequired, save } = props;
  const uid = useId();
  const [matrix, setMatrix] = useState<ChannelMatrix>(initial);
  const [floors, setFloors] = useState<SeverityFloors>(initialFloors);
  const [required, setRequired] = useState<EventType[] | undefined>(initialRequired);
  const [error, setError] = useState<string | null>(null);
  const available = channels.filter((c) => !c.unavailable).map((c) => c.id);

  // Floors and required events save like the boxes: at once, rolled back when refused.
  const extras = useMutation({
    mutationFn: async (changes: Pick<SettingsChanges, 'minimum_severity' | 'required'>) => {
      const result = await save(changes);
      if (!result.ok) throw new Error(messageOf(result));
    },
    onMutate: (changes) => {
      setError(null);
      const previous = { floors, required };
      if (changes.minimum_severity) {
        setFloors((current) => {
          const next: Record<string, string | null | undefined> = { ...current, ...changes.minimum_severity };
          return Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as SeverityFloors;
        });
      }
      if (changes.required) setRequired(changes.required);
      return previous;
    },
    onError: (failure, _changes, previous) => {
      if (previous) {
        setFloors(previous.floors);
        setRequired(previous.required);
      }
      setError(`Not saved: ${failure instanceof Error && failure.message ? failure.message : 'the server did not answer.'}`);
    },
  });

  const mutation = useMutation({
    mutationFn: async (changes: Changes) => {
      const result = await save(changes);
      if (!result.ok) throw new Error(messageOf(result));
    },
    onMutate: (changes: Changes) => {
      setError(null);
      const previous: Changes = {};
      for (const type of Object.keys(changes) as EventType[]) previous[type] = matrix[type];
      setMatrix((current) => ({ ...current, ...changes }));
      return { previous };
    },
    onError: (failure, _changes, context) => {
      if (context) setMatrix((current) => ({ ...current, ...context.previous }));
      setError(`Not saved: ${failure instanceof Error && failure.message ? failure.message : 'the server did not answer.'}`);
    },
  });

  const has = (type: EventType, channel: string) => matrix[type].includes(channel);
  const withChannel = (type: EventType, channel: string, on: boolean) =>
    on ? [...new Set([...matrix[type], channel])] : matrix[type].filter((c) => c !== channel);

  const toggle = (type: EventType, channel: string, on: boolean) => mutation.mutate({ [type]: withChannel(type, channel, on) });
  const toggleRow = (type: EventType) => {
    const on = !available.every((c) => has(type, c));
    mutation.mutate({ [type]: on ? [...new Set([...matrix[type], ...available])] : matrix[type].filter((c) => !available.includes(c)) });
  };
  const toggleColumn = (channel: string) => {
    const on = !EVENT_TYPES.every((type) => has(type, channel));
    mutation.mutate(Object.fromEntries(EVENT_TYPES.map((type) => [type, withChannel(type, channel, on)])));
  };

  return (
    <div>
      <p data-testid="matrix-status" aria-live="polite" className="mb-2 min-h-5 text-sm text-slate-500">
        {mutation.isPending || extras.isPending ? 'Saving…' : mutation.isSuccess || extras.isSuccess ? 'Saved.' : ''}
      </p>
      {error && (
        <p
          data-testid="matrix-error"
          aria-live="polite"
          className="mb-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
        >
          {error}
        </p>
      )}
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm" aria-label={title}>
          <thead className="bg-slate-50 text-left align-bottom">
            <tr>
              <th scope="col" className="sticky left-0 bg-slate-50 px-3 py-2 font-medium">
                Event
              </th>
              {channels.map((channel) => (
                <th key={channel.id} scope="col" className={`px-3 py-2 font-medium ${channel.unavailable ? 'text-slate-500' : ''}`}>
                  <div>{channel.label}</div>
                  {channel.description && <div className="max-w-40 text-xs font-normal text-slate-600">{channel.description}</div>}
                  {channel.unavailable && <div className="max-w-40 text-xs font-normal text-amber-800">{channel.unavailable}</div>}
                  {channel.fix && (
                    <Link href={channel.fix.href} className="block max-w-40 text-xs font-normal text-indigo-700 underline">
                      {channel.fix.label}
                    </Link>
                  )}
                  <button
                    type="button"
                    disabled={Boolean(channel.unavailable)}
                    onClick={() => toggleColumn(channel.id)}
                    className="mt-1 text-xs font-normal text-indigo-700 hover:underline disabled:text-slate-500 disabled:no-underline"
                  >
                    all / none<span className="sr-only">: {channel.label} for all events</span>
                  </button>
                  <FloorSelect
                    channel={channel.id}
                    label={channel.label}
                    value={floors[channel.id as keyof SeverityFloors]}
                    disabled={Boolean(channel.unavailable)}
                    onChange={(severity) => extras.mutate({ minimum_severity: { [channel.id]: severity } })}
                  />
                </th>
              ))}
              {required && (
                <th scope="col" className="px-3 py-2 font-medium">
                  <div>Required</div>
                  <div className="max-w-40 text-xs font-normal text-slate-500">
                    Reaches everyone who can see it, whatever their settings.
                  </div>
                </th>
              )}
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">Whole row</span>
              </th>
            </tr>
          </thead>
          {EVENT_GROUPS.map((group) => (
            <tbody key={group} className="border-t border-slate-200">
              <tr>
                <th
                  scope="rowgroup"
                  colSpan={channels.length + (required ? 3 : 2)}
                  className="bg-slate-100 px-3 py-1.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase"
                >
                  {group}
                </th>
              </tr>
              {EVENT_TYPES.filter((type) => EVENTS[type].group === group).map((type) => (
                <tr key={type} className="border-t border-slate-100">
                  <th scope="row" className="sticky left-0 bg-white px-3 py-2 text-left font-normal">
                    <div className="font-medium">{eventLabel(type)}</div>
                    <div className="max-w-64 text-xs text-slate-500">{EVENTS[type].explanation}</div>
                  </th>
                  {channels.map((channel) => {
                    const lock = locked[type]?.[channel.id];
                    const from = lock ? undefined : inherited[type]?.[channel.id];
                    const reasonId = `${uid}-${type}-${channel.id}-reason`;
                    return (
                      <td key={channel.id} className="px-3 py-2 align-middle">
                        <label className="inline-flex items-center gap-1.5" title={lock ?? channel.unavailable ?? undefined}>
                          <input
                            type="checkbox"
                            className="size-4 accent-indigo-600 disabled:opacity-40"
                            aria-label={`${channel.label} for ${eventLabel(type)}`}
                            aria-describedby={lock ? reasonId : undefined}
                            checked={Boolean(lock) || has(type, channel.id)}
                            disabled={Boolean(channel.unavailable) || Boolean(lock)}
                            onChange={(e) => toggle(type, channel.id, e.currentTarget.checked)}
                          />
                          {lock && (
                            <span id={reasonId} data-testid="locked-reason" className="max-w-44 text-xs text-slate-600">
                              {lock}
                            </span>
                          )}
                          {from && (
                            <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs whitespace-nowrap text-slate-600">{from}</span>
                          )}
                        </label>
                      </td>
                    );
                  })}
                  {required && (
                    <td className="px-3 py-2 align-middle">
                      <input
                        type="checkbox"
                        className="size-4 accent-indigo-600"
                        aria-label={`${eventLabel(type)} is required`}
                        checked={required.includes(type)}
                        onChange={(e) =>
                          extras.mutate({
                            required: e.currentTarget.checked ? [...required, type] : required.filter((t) => t !== type),
                          })
                        }
                      />
                    </td>
                  )}
                  <td className="px-3 py-2">
                    <button type="button" onClick={() => toggleRow(type)} className="text-xs text-indigo-700 hover:underline">
                      all / none<span className="sr-only">: All channels for {eventLabel(type)}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </div>
  );
}

function messageOf(result: ActionState): string {
  const fields = Object.entries(result.errors ?? {}).map(([field, messages]) => `${field}: ${messages.join(' ')}`);
  return [result.detail, ...fields].filter(Boolean).join(' ');
}
