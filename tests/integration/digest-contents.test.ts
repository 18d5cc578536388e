// A digest's content is counted in the database and carries only the newest few events of each
// type: a storm's digest gathers thousands of events, which the worker must not load one by one.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { loadDigestContents } from '@/lib/delivery/digest-contents';
import { addProductMember, makeProduct, makeProductType, makeUser } from '../support/fixtures';

describe('digest contents', () => {
  it('counts every event per product and type, and lists the newest five of each', async () => {
    const user = await makeUser();
    const product = await makeProduct((await makeProductType()).id, 'Payments');
    await addProductMember(product.id, user.id, 'Reader'); // a digest carries only what its user may still see
    const [digest] = await db().execute<{ id: string; event_id: string }>(sql`
      with e as (insert into notification_events (type, title) values ('other', 'Digest anchor') returning id)
      insert into deliveries (event_id, channel, kind, user_id, addresses, digest_window, status)
      select id, 'mail', 'digest', ${user.id}, array[${user.email}], 'hourly:2026-12-02T10', 'pending' from e returning id, event_id`);
    await db().execute(sql`
      with e as (
        insert into notification_events (type, title, product_id)
        select case when i <= 7 then 'sla_breach' else 'scan_added' end, 'Event ' || i, ${product.id} from generate_series(1, 9) i
        returning id
      )
      insert into deliveries (event_id, channel, kind, user_id, status, digest_id)
      select id, 'mail', 'personal', ${user.id}, 'digested', ${digest!.id}::uuid from e`);
    const content = (await loadDigestContents(db(), [digest!.id])).get(digest!.id);
    expect(content).toEqual({
      window: 'hourly:2026-12-02T10',
      total: 9,
      products: [
        {
          product: 'Payments',
          count: 9,
          types: [
            {
              type: 'scan_added',
              count: 2,
              latest: [
                { title: 'Event 9', url: null },
                { title: 'Event 8', url: null },
              ],
            },
            { type: 'sla_breach', count: 7, latest: [7, 6, 5, 4, 3].map((i) => ({ title: `Event ${i}`, url: null })) },
          ],
        },
      ],
    });
  });
});
