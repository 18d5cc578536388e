// How one change (a push or the user's own action) updates every loaded tab of the bell.
import { InfiniteQueryObserver, QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { alertKeys, type AlertPage } from '@/components/bell/api';
import { applyBellChange, applyPushedChange, type BellData, unreadCountOf } from '@/components/bell/bell-changes';
import type { AlertView } from '@/lib/notifications/alert-view';

const alert = (id: number, read = false, archived = false): AlertView => ({
  id,
  event: 'other',
  title: `Alert ${id}`,
  description: '',
  url: null,
  created: '2026-01-01T00:00:00.000Z',
  read,
  archived,
  snoozed_until: null,
  product: null,
  reason: 'system',
  reason_label: 'sent to all users',
  settings_url: '/settings/notifications',
  severity: null,
  count: 1,
  event_ids: [id],
  finding: null,
});
const page = (alerts: AlertView[], unread: number, next: string | null = null): AlertPage => ({
  count: alerts.length,
  results: alerts,
  next,
  previous: null,
  unread_count: unread,
});
const infinite = (...pages: AlertPage[]): BellData => ({ pages, pageParams: pages.map(() => undefined) });

function bellWith(tabs: Partial<Record<'all' | 'unread' | 'archived', BellData>>, severity?: string): QueryClient {
  const client = new QueryClient();
  for (const [tab, data] of Object.entries(tabs)) client.setQueryData(alertKeys.bellTab(tab as 'all', severity), data);
  return client;
}
const ids = (client: QueryClient, tab: 'all' | 'unread' | 'archived', severity?: string) =>
  client.getQueryData<BellData>(alertKeys.bellTab(tab, severity))?.pages.flatMap((p) => p.results.map((a) => a.id));
const stale = (client: QueryClient, tab: 'all' | 'unread' | 'archived', severity?: string) =>
  client.getQueryState(alertKeys.bellTab(tab, severity))?.isInvalidated;

describe("the bell's tabs follow each change", () => {
  it('a new alert goes on top of All and Unread, and not into Archived', () => {
    const client = bellWith({
      all: infinite(page([alert(2)], 1)),
      unread: infinite(page([alert(2)], 1)),
      archived: infinite(page([alert(1, true, true)], 1)),
    });
    applyBellChange(client, { kind: 'new', alert: alert(3), count: 2 });
    expect(ids(client, 'all')).toEqual([3, 2]);
    expect(ids(client, 'unread')).toEqual([3, 2]);
    expect(ids(client, 'archived')).toEqual([1]);
  });

  it('with more pages loaded, a new alert does not push one off the first page', () => {
    const first = page(
      Array.from({ length: 10 }, (_, i) => alert(20 - i)),
      10,
      'c',
    );
    const client = bellWith({ all: infinite(first, page([alert(5)], 10)) });
    applyBellChange(client, { kind: 'new', alert: alert(21), count: 11 });
    expect(ids(client, 'all')).toEqual([21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 5]);
  });

  it('archiving takes the alert out of the inbox tabs and makes Archived refetch', () => {
    const client = bellWith({ all: infinite(page([alert(2), alert(1)], 2)), archived: infinite(page([], 2)) });
    applyBellChange(client, { kind: 'removed', ids: [2], reason: 'archived' });
    expect(ids(client, 'all')).toEqual([1]);
    expect(stale(client, 'archived')).toBe(true);
  });

  it('restoring takes it out of Archived; the inbox tabs wait for its push (a refetch now could race the server)', () => {
    const client = bellWith({ all: infinite(page([alert(2)], 1)), archived: infinite(page([alert(1, false, true)], 1)) });
    applyBellChange(client, { kind: 'unarchived', ids: [1] });
    expect(ids(client, 'archived')).toEqual([]);
    expect(stale(client, 'all')).toBe(false);
    applyBellChange(client, { kind: 'new', alert: alert(1), count: 2, back: 'unarchived' });
    expect(ids(client, 'all')).toEqual([2, 1]);
  });

  it('marking unread shows at once where the alert is listed; Unread refetches when it lacks it', () => {
    const client = bellWith({ all: infinite(page([alert(2, true)], 0)), unread: infinite(page([], 0)) });
    applyBellChange(client, { kind: 'unread', ids: [2] });
    expect(client.getQueryData<BellData>(alertKeys.bellTab('all'))?.pages[0]?.results[0]?.read).toBe(false);
    expect(client.getQueryData<BellData>(alertKeys.bellTab('all'))?.pages[0]?.unread_count).toBe(1);
    expect(stale(client, 'unread')).toBe(true);
  });

  it('a list filtered by severity takes the count of a new alert and refetches rather than guess', () => {
    const client = bellWith({ all: infinite(page([alert(2)], 1)) }, 'High');
    applyBellChange(client, { kind: 'new', alert: alert(3), count: 2 });
    expect(ids(client, 'all', 'High')).toEqual([2]);
    expect(client.getQueryData<BellData>(alertKeys.bellTab('all', 'High'))?.pages[0]?.unread_count).toBe(2);
    expect(stale(client, 'all', 'High')).toBe(true);
  });
});

describe('a push while a list is being fetched', () => {
  // The database as the server reads it: what a GET answers when it reads.
  let database: AlertPage;
  /** A bell tab watched as the panel watches it, whose GETs answer only when `answer()` is called. */
  function watchedTab(client: QueryClient) {
    const pending: (() => void)[] = [];
    const observer = new InfiniteQueryObserver(client, {
      queryKey: alertKeys.bellTab('all'),
      queryFn: () => {
        const read = database; // the GET reads now and answers later
        return new Promise<AlertPage>((resolve) => pending.push(() => resolve(read)));
      },
      initialPageParam: undefined as string | undefined,
      getNextPageParam: () => undefined,
    });
    const unsubscribe = observer.subscribe(() => {});
    const answer = async () => {
      while (pending.length > 0) pending.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 0));
    };
    return { unsubscribe, answer };
  }
  const count = (client: QueryClient) => unreadCountOf(client.getQueryData<BellData>(alertKeys.bellTab('all')));

  it("keeps the pushed alert when the fetch's older answer comes after it (the refetch on connect)", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    database = page([alert(1)], 1);
    const tab = watchedTab(client);
    await tab.answer();
    expect(count(client)).toBe(1);

    void client.invalidateQueries({ queryKey: alertKeys.all }); // the socket connected: refetch
    database = page([alert(2), alert(1)], 2); // an event commits, its push arrives before the answer
    applyPushedChange(client, { kind: 'new', alert: alert(2), count: 2 });
    await tab.answer(); // the first GET answers what it read before the event, then the second
    await tab.answer();
    expect(count(client)).toBe(2);
    expect(ids(client, 'all')).toEqual([2, 1]);
    tab.unsubscribe();
  });

  it("the user's own change does not restart a fetch (the server may not have done it yet)", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    database = page([alert(1)], 1);
    const tab = watchedTab(client);
    await tab.answer();
    void client.invalidateQueries({ queryKey: alertKeys.all });
    applyBellChange(client, { kind: 'read', ids: [1] });
    expect(client.getQueryState(alertKeys.bellTab('all'))?.fetchStatus).toBe('fetching');
    await tab.answer();
    expect(client.getQueryState(alertKeys.bellTab('all'))?.fetchStatus).toBe('idle');
    tab.unsubscribe();
  });
});
