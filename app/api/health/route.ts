// GET /api/health: for load balancers and probes. No authentication, nothing internal in the answer.
import { sqlClient } from '@/lib/db/client';
import { databaseHealth } from '@/lib/health/database-health';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const health = await databaseHealth(sqlClient());
  return Response.json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
