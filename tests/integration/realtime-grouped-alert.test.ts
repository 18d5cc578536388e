// A grouped alert (DESIGN §4b.5) updated by a newer event is pushed again as `alert:new` with the
// same id, its new text, count and event ids, and the same unread count: the bell replaces it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notify } from '@/lib/notifications/notify';
import { addProductMember, makeProductType, makeProgram, makeUser } from '../support/fixtures';
import { connect, record, sessionCookie, startSidecar, waitFor, type ClientSocket } from '../support/realtime';

let sidecar: Awaited<ReturnType<typeof startSidecar>>;
let socket: ClientSocket | undefined;

beforeAll(async () => {
  sidecar = await startSidecar();
});
afterAll(async () => {
  socket?.close();
  await sidecar?.close();
});

it('an alert updated by grouping is pushed again with the same id, its count grown and the unread count unchanged', async () => {
  const p = await makeProgram((await makeProductType()).id);
  const user = await makeUser();
  await addProductMember(p.product.id, user.id, 'Reader');
  socket = await connect(sidecar.port, { cookie: await sessionCookie(user.id) });
  const seen = record(socket, 'alert:new');

  const first = await notify({ type: 'scan_added', title: 'Scan one', test: p.test.id, severity: 'Low' });
  await waitFor(() => seen.length === 1, 5000, 'the first alert');
  const second = await notify({ type: 'scan_added', title: 'Scan two', test: p.test.id, severity: 'High' });
  await waitFor(() => seen.length === 2, 5000, 'the update');

  expect(seen[1]!.alert.id).toBe(seen[0]!.alert.id);
  expect(seen[1]).toMatchObject({
    alert: { title: 'Scan two', count: 2, event_ids: [first.eventId, second.eventId], severity: 'High', read: false },
    unread_count: 1,
  });
});
