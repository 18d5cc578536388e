// GET /api/metrics: the web process's Prometheus metrics, for a scraper holding METRICS_TOKEN.
import { config } from '@/lib/config';
import { scrape } from '@/lib/metrics/scrape';
import { webMetrics } from '@/lib/metrics/web';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const answer = await scrape(webMetrics().registry, request.headers.get('authorization'), config().METRICS_TOKEN);
  return new Response(answer.body, { status: answer.status, headers: { 'content-type': answer.contentType, 'cache-control': 'no-store' } });
}
