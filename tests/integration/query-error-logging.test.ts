// A failed query is logged (and stored as a delivery's or a schedule run's error) by its statement and
// SQLSTATE code, never with its bind parameters: those are webhook URLs, encrypted secrets, addresses.
import { inspect } from 'node:util';
import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineEndpoint } from '@/lib/api/endpoint';
import { handle } from '@/lib/api/handle';
import { db, sqlClient } from '@/lib/db/client';
import { errorText, loggable } from '@/lib/db/error-text';
import { webhookEndpoints } from '@/lib/db/schema';
import { ok } from '@/lib/core/result';

const SECRET = 'https://hooks.example.com/services/T000/B000/SECRET-TOKEN-42';

afterEach(() => vi.restoreAllMocks());

/** An insert that violates NOT NULL, with the secret as one of its parameters. */
async function failingInsert(): Promise<unknown> {
  try {
    await db()
      .insert(webhookEndpoints)
      .values({ name: null as unknown as string, url: SECRET });
  } catch (error) {
    return error;
  }
  throw new Error('the insert did not fail');
}

describe('a failed query, described for a log line', () => {
  it('through drizzle: the statement and SQLSTATE, not the parameters', async () => {
    const error = await failingInsert();
    expect(String((error as Error).message)).toContain('SECRET-TOKEN'); // what drizzle's own message would have logged
    const text = errorText(error);
    expect(text).toMatch(/^Failed query \(SQLSTATE 23502\): insert into "webhook_endpoints"/);
    expect(text).not.toContain('SECRET-TOKEN');
    expect(inspect(loggable(error))).not.toContain('SECRET-TOKEN');
  });

  it('through postgres.js directly (the sidecar, the benches): the same', async () => {
    const error = await sqlClient()
      .unsafe('insert into webhook_endpoints (name, url) values (null, $1)', [SECRET])
      .catch((e: unknown) => e);
    expect(errorText(error)).toBe('Failed query (SQLSTATE 23502): insert into webhook_endpoints (name, url) values (null, $1)');
  });

  it('any other error keeps its message and, for console.error, its stack', () => {
    const plain = new Error('boom');
    expect(errorText(plain)).toBe('boom');
    expect(loggable(plain)).toBe(plain);
  });
});

describe("the API wrapper, when a handler's query fails", () => {
  it('logs the route, the statement and the code, and none of the parameters', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const endpoint = defineEndpoint({
      method: 'get',
      path: '/api/v2/test-query',
      tag: 'test',
      summary: 'query',
      public: true,
      response: z.object({}),
    });
    const route = handle(endpoint, async () => {
      await db()
        .insert(webhookEndpoints)
        .values({ name: null as unknown as string, url: SECRET });
      return ok({});
    });
    const response = await route(new NextRequest('http://localhost/api/v2/test-query'), { params: Promise.resolve({}) });
    expect(response.status).toBe(500);
    const line = logged.mock.calls
      .map((args) => args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 5 }))).join(' '))
      .join('\n');
    expect(line).toContain('GET /api/v2/test-query');
    expect(line).toContain('SQLSTATE 23502');
    expect(line).not.toContain('SECRET-TOKEN');
  });
});
