import { describe, expect, it } from 'vitest';
import { redisElection, type RedisSetNx } from '@/lib/realtime/election';

/** A Redis that answers SET NX like the real one. */
function fakeRedis(): RedisSetNx {
  const keys = new Set<string>();
  return {
    async set(key) {
      if (keys.has(key)) return null;
      keys.add(key);
      return 'OK';
    },
  };
}

describe('the election of one sidecar per notification', () => {
  it('lets exactly one of several sidecars claim a key', async () => {
    const redis = fakeRedis();
    const sidecars = [1, 2, 3].map(() => redisElection(redis, 'tocsin'));
    const claims = await Promise.all(sidecars.map((s) => s.claim('event:42')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await sidecars[0]!.claim('event:43')).toBe(true);
  });

  it('claims anyway when Redis fails or does not answer, so users still get their alerts', async () => {
    const failing = redisElection({ set: async () => Promise.reject(new Error('ECONNREFUSED')) }, 'tocsin');
    const hanging = redisElection({ set: () => new Promise(() => {}) }, 'tocsin', { timeoutMs: 20 });
    expect(await failing.claim('event:1')).toBe(true);
    expect(await hanging.claim('event:1')).toBe(true);
  });
});
