// The bound on requests in flight (the shared rate limits: tests/integration/delivery-shared-limits.test.ts).
import { describe, expect, it } from 'vitest';
import { Semaphore } from '@/lib/delivery/pacing';

describe('Semaphore', () => {
  it('never runs more than its limit at once, and runs everything', async () => {
    const limit = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const done = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 1 + (i % 3)));
          running -= 1;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(done).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('a task that throws frees its place', async () => {
    const limit = new Semaphore(1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit.run(async () => 'next')).toBe('next');
  });
});
