// POST /api/internal/deliveries/drain: one bounded batch of the delivery queue, for HTTP cron.
// Authorized by `Authorization: Bearer $CRON_SECRET`; absent (404) while CRON_SECRET is unset.
import { z } from 'zod';
import { config } from '@/lib/config';
import { db } from '@/lib/db/client';
import { drainDeliveries, isCronAuthorized } from '@/lib/delivery/drain';

export const dynamic = 'force-dynamic';

const query = z.object({ limit: z.coerce.number().int().min(1).max(500).optional() });

export async function POST(request: Request): Promise<Response> {
  const secret = config().CRON_SECRET;
  if (!secret) return Response.json({ error: 'Not found' }, { status: 404 });
  if (!isCronAuthorized(request.headers.get('authorization'), secret)) {
    return Response.json({ error: 'Unauthorized' }, { status: 401, headers: { 'www-authenticate': 'Bearer' } });
  }
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: 'limit must be an integer from 1 to 500' }, { status: 400 });
  const { claimed, sent, retried, dead, deferred } = await drainDeliveries(db(), undefined, parsed.data.limit);
  return Response.json({ claimed, sent, retried, dead, deferred });
}
