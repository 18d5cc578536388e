// Fan-out benchmark (DESIGN §8): one event on a product with 10,000 authorized users subscribed on
// alert + mail. Times, in the same database, notify(), the floor (a raw INSERT … SELECT of the same
// rows) and DefectDojo's algorithm (resolve and insert user by user).
// `--smoke`: 300 subscribers, one run each: fails (throws) when a variant writes other rows than expected.
import { sql } from 'drizzle-orm';
import { productViewersSql } from '../../lib/auth/authorization';
import { db, type Executor } from '../../lib/db/client';
import { updateIntegrations } from '../../lib/notifications/channel-integrations';
import { notify } from '../../lib/notifications/notify';

interface Size {
  subscribers: number;
  outsiders: number;
  runs: number;
}
const FULL: Size = { subscribers: 10_000, outsiders: 2_000, runs: 5 }; // outsiders: same settings, cannot see the product
const SMOKE: Size = { subscribers: 300, outsiders: 60, runs: 1 };
let { subscribers: SUBSCRIBERS, outsiders: OUTSIDERS, runs: RUNS } = FULL;
const EVENT = {
  type: 'scan_added',
  title: 'Scan imported into Bench test',
  description: '3 new findings',
  url: '/tests/1',
  severity: 'High',
} as const;

interface Scene {
  productId: number;
  testId: number;
}

async function buildScene(): Promise<Scene> {
  const [ids] = await db().execute<{ product_id: number; test_id: number }>(sql`
    with pt as (insert into product_types (name) values ('Bench') returning id),
    p as (insert into products (name, prod_type_id) select 'Bench product', id from pt returning id),
    e as (insert into engagements (product_id, name, target_start, target_end) select id, 'Bench', '2026-01-01', '2026-12-31' from p returning id),
    t as (insert into tests (engagement_id, title, test_type) select id, 'Bench test', 'ZAP Scan' from e returning id)
    select p.id as product_id, t.id as test_id from p, t`);
  const scene = { productId: ids!.product_id, testId: ids!.test_id };
  await db().execute(sql`
    insert into users (username, email, password_hash)
    select 'bench' || i, 'bench' || i || '@example.com', 'not a hash' from generate_series(1, ${SUBSCRIBERS + OUTSIDERS}) i`);
  await db().execute(sql`
    insert into product_members (product_id, user_id, role)
    select ${scene.productId}, id, 'Reader' from users order by id limit ${SUBSCRIBERS}`);
  // Floors the event passes, and mutes (by the outsiders) the fan-out must read: the noise filters' cost (§4b).
  await db().execute(sql`insert into notification_settings (user_id, scan_added, minimum_severity)
    select id, '{alert,mail}', '{"mail": "Medium"}' from users`);
  await db().execute(
    sql`insert into mutes (user_id, product_id) select id, ${scene.productId} from users order by id desc limit ${OUTSIDERS}`,
  );
  await updateIntegrations(db(), { enableMailNotifications: true });
  await db().execute(sql`analyze`);
  return scene;
}

async function recordEvent(tx: Executor, scene: Scene): Promise<number> {
  const [row] = await tx.execute<{ id: number }>(sql`
    insert into notification_events (type, title, description, url, product_id, test_id)
    values (${EVENT.type}, ${EVENT.title}, ${EVENT.description}, ${EVENT.url}, ${scene.productId}, ${scene.testId}) returning id`);
  return row!.id;
}

/** The floor: the same rows, knowing the answer in advance (every viewer gets alert and mail). */
async function rawInsertSelect(scene: Scene): Promise<void> {
  await db().transaction(async (tx) => {
    const eventId = await recordEvent(tx, scene);
    await tx.execute(sql`
      with viewers as (${productViewersSql(scene.productId)}),
      alert_rows as (
        insert into alerts (user_id, event_id, event_type, title, description, url)
        select user_id, ${eventId}, ${EVENT.type}, ${EVENT.title}, ${EVENT.description}, ${EVENT.url} from viewers
      )
      insert into deliveries (event_id, channel, kind, user_id, addresses)
      select ${eventId}, 'mail', 'personal', u.id, array[u.email] from viewers v join users u on u.id = v.user_id`);
  });
}

/** DefectDojo's algorithm: list who can see the product, then per user read settings and insert. */
async function perUserLoop(scene: Scene): Promise<void> {
  await db().transaction(async (tx) => {
    const eventId = await recordEvent(tx, scene);
    const viewers = await tx.execute<{ user_id: number }>(productViewersSql(scene.productId));
    const [system] = await tx.execute<{ channels: string[] | null }>(sql`
      select scan_added as channels from notification_settings where user_id is null and product_id is null and not template`);
    for (const { user_id: userId } of viewers) {
      const [user] = await tx.execute<{ email: string }>(sql`select email from users where id = ${userId}`);
      const rows = await tx.execute<{ channels: string[] }>(sql`
        select scan_added as channels from notification_settings
        where user_id = ${userId} and (product_id is null or product_id = ${scene.productId})`);
      const channels = new Set([...(system?.channels ?? ['alert']), ...rows.flatMap((r) => r.channels)]);
      if (channels.has('alert')) {
        await tx.execute(sql`insert into alerts (user_id, event_id, event_type, title, description, url)
          values (${userId}, ${eventId}, ${EVENT.type}, ${EVENT.title}, ${EVENT.description}, ${EVENT.url})`);
      }
      if (channels.has('mail') && user?.email) {
        await tx.execute(sql`insert into deliveries (event_id, channel, kind, user_id, addresses)
          values (${eventId}, 'mail', 'personal', ${userId}, array[${user.email}])`);
      }
    }
  });
}

async function viaNotify(scene: Scene): Promise<void> {
  const { recipients } = await notify({ ...EVENT, test: scene.testId });
  if (recipients !== SUBSCRIBERS) throw new Error(`notify() reached ${recipients} users, expected ${SUBSCRIBERS}`);
}

/** Runs a variant on an empty outbox and checks it produced exactly the expected rows. */
async function timed(run: (scene: Scene) => Promise<void>, scene: Scene): Promise<number> {
  // Cascade: mail_batch_members, outbox_emails and others refer to deliveries or events.
  await db().execute(sql`truncate alerts, deliveries, notification_events cascade`);
  const start = performance.now();
  await run(scene);
  const elapsed = performance.now() - start;
  const [counts] = await db().execute<{ alerts: number; jobs: number }>(sql`
    select (select count(*) from alerts)::int as alerts, (select count(*) from deliveries where channel = 'mail')::int as jobs`);
  if (counts?.alerts !== SUBSCRIBERS || counts.jobs !== SUBSCRIBERS) throw new Error(`unexpected rows: ${JSON.stringify(counts)}`);
  return elapsed;
}

async function median(run: (scene: Scene) => Promise<void>, scene: Scene, runs: number): Promise<number> {
  await timed(run, scene); // warm-up: caches, plans, first-touch of pages
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timed(run, scene));
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

export default async function fanout(args: string[] = []): Promise<void> {
  ({ subscribers: SUBSCRIBERS, outsiders: OUTSIDERS, runs: RUNS } = args.includes('--smoke') ? SMOKE : FULL);
  const scene = await buildScene();
  const notifyMs = await median(viaNotify, scene, RUNS);
  const rawMs = await median(rawInsertSelect, scene, RUNS);
  const loopMs = await timed(perUserLoop, scene);
  const ms = (n: number) => `${n.toFixed(0).padStart(7)} ms`;
  console.log(`fanout: one event, ${SUBSCRIBERS.toLocaleString('en')} authorized subscribers on alert + mail`);
  console.log(`  notify()              ${ms(notifyMs)}   (median of ${RUNS})`);
  console.log(`  raw INSERT … SELECT   ${ms(rawMs)}   (median of ${RUNS}; the floor)`);
  console.log(`  per-user loop         ${ms(loopMs)}   (1 run; DefectDojo's algorithm)`);
  console.log(`  notify / raw:  ${(notifyMs / rawMs).toFixed(2)}×   (target ≤ 2×)`);
  console.log(`  loop / notify: ${(loopMs / notifyMs).toFixed(1)}×   (target ≥ 20×)`);
}
