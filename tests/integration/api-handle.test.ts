// The wrapper itself, without a server: what leaves when a handler fails unexpectedly or returns
// more than its contract declares.
import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineEndpoint } from '@/lib/api/endpoint';
import { handle } from '@/lib/api/handle';
import { ok } from '@/lib/core/result';

const context = { params: Promise.resolve({}) };

afterEach(() => vi.restoreAllMocks());

describe('handle()', () => {
  it('an unexpected error is logged with its context and answered with a short 500, no stack trace', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const endpoint = defineEndpoint({
      method: 'get',
      path: '/api/v2/test-boom',
      tag: 'test',
      summary: 'boom',
      public: true,
      response: z.object({}),
    });
    const route = handle(endpoint, async () => {
      throw new Error('secret internals at /srv/app/lib/x.ts:12');
    });
    const response = await route(new NextRequest('http://localhost/api/v2/test-boom'), context);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"detail":"Internal error"}');
    expect(logged).toHaveBeenCalledOnce();
    expect(String(logged.mock.calls[0]![0])).toContain('GET /api/v2/test-boom');
  });

  it('only the fields the response schema declares leave the server', async () => {
    const endpoint = defineEndpoint({
      method: 'get',
      path: '/api/v2/test-strip',
      tag: 'test',
      summary: 'strip',
      public: true,
      response: z.object({ id: z.number() }),
    });
    const route = handle(endpoint, async () => ok({ id: 1, password_hash: 'argon2…' } as { id: number }));
    const response = await route(new NextRequest('http://localhost/api/v2/test-strip'), context);
    expect(await response.json()).toEqual({ id: 1 });
  });

  it('a page holds count, absolute next and previous links, and the results', async () => {
    const endpoint = defineEndpoint({
      method: 'get',
      path: '/api/v2/test-page',
      tag: 'test',
      summary: 'page',
      public: true,
      paginated: true,
      response: z.object({ id: z.number() }),
    });
    const route = handle(endpoint, async ({ page }) => ok({ count: 10, results: [{ id: page.offset }] }));
    const response = await route(
      new NextRequest('http://localhost/api/v2/test-page?limit=3&offset=3&x=1', { headers: { host: 'tocsin.example' } }),
      context,
    );
    expect(await response.json()).toEqual({
      count: 10,
      next: 'http://tocsin.example/api/v2/test-page?limit=3&offset=6&x=1',
      previous: 'http://tocsin.example/api/v2/test-page?limit=3&x=1',
      results: [{ id: 3 }],
    });
  });
});
