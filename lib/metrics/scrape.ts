// Serving a process's metrics: Prometheus text format from its own registry, only to a scraper that
// presents METRICS_TOKEN (`Authorization: Bearer <token>`). Without a token configured the
// endpoints do not exist (404), so nothing about the install is exposed by default.
import crypto from 'node:crypto';
import type { Registry } from 'prom-client';

export type ScrapeAnswer = { status: number; contentType: string; body: string };

export function tokenMatches(authorization: string | null | undefined, token: string | undefined): boolean {
  if (!token) return false;
  const given = Buffer.from(authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export async function scrape(
  registry: Registry,
  authorization: string | null | undefined,
  token: string | undefined,
): Promise<ScrapeAnswer> {
  if (!token) return { status: 404, contentType: 'application/json', body: '{"detail":"Not found."}' };
  if (!tokenMatches(authorization, token)) {
    return { status: 401, contentType: 'application/json', body: '{"detail":"A valid metrics token is required."}' };
  }
  return { status: 200, contentType: registry.contentType, body: await registry.metrics() };
}
