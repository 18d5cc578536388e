// The sidecar's /metrics: connected sockets, queue length and the push latency of alerts it pushed,
// behind METRICS_TOKEN (404 without a token configured).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notify } from '@/lib/notifications/notify';
import { addProductMember, makeProduct, makeProductType, makeUser } from '../support/fixtures';
import { connect, record, sessionCookie, startSidecar, waitFor, type ClientSocket } from '../support/realtime';

const TOKEN = 'sidecar-metrics-token';
let sidecar: Awaited<ReturnType<typeof startSidecar>>;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  sidecar = await startSidecar({ metricsToken: TOKEN });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await sidecar?.close();
});

const scrape = (authorization?: string) =>
  fetch(`http://127.0.0.1:${sidecar.port}/metrics`, { headers: authorization ? { authorization } : {} });

it('counts sockets and times pushes, for the token holder only', async () => {
  expect((await scrape()).status).toBe(401);
  expect((await scrape('Bearer wrong')).status).toBe(401);

  const product = await makeProduct((await makeProductType()).id);
  const user = await makeUser();
  await addProductMember(product.id, user.id, 'Reader');
  const socket = await connect(sidecar.port, { cookie: await sessionCookie(user.id) });
  sockets.push(socket);
  const seen = record(socket, 'alert:new');
  await notify({
    type: 'product_added',
    title: 'Product added',
    description: 'A product',
    url: `/products/${product.id}`,
    product: product.id,
  });
  await waitFor(() => seen.length === 1);

  const response = await scrape(`Bearer ${TOKEN}`);
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).toMatch(/^tocsin_realtime_sockets 1$/m);
  expect(text).toMatch(/^tocsin_realtime_queue_length 0$/m);
  expect(text).toMatch(/^tocsin_realtime_push_latency_seconds_count 1$/m);
});

it('is not served without a token configured', async () => {
  const bare = await startSidecar();
  try {
    expect((await fetch(`http://127.0.0.1:${bare.port}/metrics`)).status).toBe(404);
  } finally {
    await bare.close();
  }
});
