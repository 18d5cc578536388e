// The bell's cache rules: what each socket event and action does to the cached count and list.
import { describe, expect, it } from 'vitest';
import type { AlertPage } from '@/components/bell/api';
import { badgeText, bellLabel, needsRefill, withAllRead, withCount, withDeleted, withNewAlert, withRead } from '@/components/bell/cache';
import { formatRelative } from '@/components/bell/relative-time';
import { titleWithCount } from '@/components/bell/use-unread-title';
import { encodeCursor } from '@/lib/notifications/alerts';
import type { AlertView } from '@/lib/notifications/alert-view';

const alert = (id: number, read = false): AlertView => ({
  id,
  event: 'other',
  title: `Alert ${id}`,
  description: '',
  url: null,
  created: '2026-01-01T00:00:00.000Z',
  read,
  reason: 'system',
  reason_label: 'sent to all users',
  settings_url: '/settings/notifications',
  severity: null,
  count: 1,
  event_ids: [id],
  product: null,
  finding: null,
  archived: false,
  snoozed_until: null,
});
const bell = (ids: number[], unread: number, next: string | null = null): AlertPage => ({
  count: ids.length,
  results: ids.map((id) => alert(id)),
  next,
  previous: null,
  unread_count: unread,
});
const ids = (data: AlertPage | undefined) => data?.results.map((a) => a.id);

describe('alert:new', () => {
  it('goes on top with the pushed count, the list capped at 10', () => {
    const after = withNewAlert(bell([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 10), alert(11), 11);
    expect(ids(after)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
    expect(after?.unread_count).toBe(11);
    expect(after?.next).toBe(encodeCursor(2)); // more exist now: below the last one kept
  });

  it('is added once however often it is pushed, and finds its place by id', () => {
    const once = withNewAlert(bell([5, 3], 2), alert(4), 3);
    expect(ids(withNewAlert(once, alert(4), 3))).toEqual([5, 4, 3]);
  });

  it('replaces an alert pushed again with its id (a grouped alert updated by a newer event)', () => {
    const grouped = { ...alert(4), title: 'Scan imported (3)', count: 3, event_ids: [1, 2, 4] };
    const after = withNewAlert(bell([5, 4, 3], 3), grouped, 3);
    expect(ids(after)).toEqual([5, 4, 3]);
    expect(after?.results[1]).toEqual(grouped);
    expect(after?.unread_count).toBe(3);
  });

  it('leaves data that is not loaded yet alone (the fetch will bring it)', () => {
    expect(withNewAlert(undefined, alert(1), 1)).toBeUndefined();
  });
});

describe('reads and deletes', () => {
  it('a read marks the alerts and lowers the count by the unread ones among them', () => {
    const data = { ...bell([3, 2, 1], 5), results: [alert(3), alert(2, true), alert(1)] };
    const after = withRead(data, [3, 2]);
    expect(after?.results.map((a) => a.read)).toEqual([true, true, false]);
    expect(after?.unread_count).toBe(4);
    expect(withRead(data, [3], 0)?.unread_count).toBe(0); // the server's count wins
  });

  it('mark all read', () => {
    const after = withAllRead(bell([2, 1], 7));
    expect(after).toMatchObject({ unread_count: 0, results: [{ read: true }, { read: true }] });
  });

  it('a delete removes the alerts; a short list with more behind it refills', () => {
    const before = bell([3, 2, 1], 3, 'cursor');
    const after = withDeleted(before, [2]);
    expect(ids(after)).toEqual([3, 1]);
    expect(after?.unread_count).toBe(2);
    expect(needsRefill(before, after)).toBe(true);
    expect(needsRefill(bell([3, 2, 1], 3), withDeleted(bell([3, 2, 1], 3), [2]))).toBe(false);
  });

  it('alerts:count sets the count', () => {
    expect(withCount(bell([1], 1), 42)?.unread_count).toBe(42);
  });
});

describe('what the user sees', () => {
  it('the badge is exact up to 99', () => {
    expect([1, 99, 100, 5000].map(badgeText)).toEqual(['1', '99', '99+', '99+']);
  });

  it('the label says how many are unread', () => {
    expect([undefined, 0, 3, 150].map(bellLabel)).toEqual([
      'Notifications',
      'Notifications, no unread',
      'Notifications, 3 unread',
      'Notifications, 150 unread',
    ]);
  });

  it('the tab title carries the count and loses it at zero', () => {
    expect(titleWithCount('Dashboard · Tocsin', 3)).toBe('(3) Dashboard · Tocsin');
    expect(titleWithCount('(3) Dashboard · Tocsin', 4)).toBe('(4) Dashboard · Tocsin');
    expect(titleWithCount('(3) Dashboard · Tocsin', 0)).toBe('Dashboard · Tocsin');
  });

  it('times are relative', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    const at = (ms: number) => new Date(now - ms).toISOString();
    expect(formatRelative(at(10_000), now)).toBe('just now');
    expect(formatRelative(at(5 * 60_000), now)).toBe('5 minutes ago');
    expect(formatRelative(at(3 * 3_600_000), now)).toBe('3 hours ago');
    expect(formatRelative(at(24 * 3_600_000), now)).toBe('yesterday');
    expect(formatRelative(at(9 * 86_400_000), now)).toBe('last week');
  });
});
