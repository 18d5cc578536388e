// Pacing by key (a Slack channel, Resend, a Teams flow) and the bound on requests in flight.
import { describe, expect, it } from 'vitest';
import { Pacer, Semaphore } from '@/lib/delivery/pacing';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('Pacer', () => {
  it('gives each unit of a key its own slot, 1/rate apart with a 5 % margin; other keys are not held up', () => {
    const time = clock();
    const pacer = new Pacer(1, time.now);
    const slots = ['a', 'b', 'c'].map((unit) => pacer.reserve('slack:C1', unit) - time.now());
    expect(slots).toEqual([0, 1050, 2100]);
    expect(pacer.reserve('slack:C2', 'd')).toBe(time.now());
  });

  it('a unit given back keeps its slot when it comes back', () => {
    const time = clock();
    const pacer = new Pacer(1, time.now);
    pacer.reserve('k', 'first');
    const slot = pacer.reserve('k', 'later');
    pacer.reserve('k', 'after');
    time.advance(500);
    expect(pacer.reserve('k', 'later')).toBe(slot);
  });

  it('keeps actual sends apart even when one went late', () => {
    const time = clock();
    const pacer = new Pacer(10, time.now);
    pacer.sent('resend', 'x');
    expect(pacer.delayBeforeSend('resend')).toBe(105);
    time.advance(105);
    expect(pacer.delayBeforeSend('resend')).toBe(0);
  });

  it('a pause (Retry-After, an exhausted window) holds the key and moves its slots after it', () => {
    const time = clock();
    const pacer = new Pacer(1, time.now);
    pacer.pause('k', time.now() + 30_000);
    expect(pacer.delayBeforeSend('k')).toBe(30_000);
    expect(pacer.reserve('k', 'u') - time.now()).toBe(30_000);
    expect(pacer.reserve('other', 'v')).toBe(time.now());
  });

  it('follows a lower announced limit, never a higher one than configured', () => {
    const time = clock();
    const pacer = new Pacer(10, time.now);
    pacer.limitTo('resend', 2);
    pacer.reserve('resend', 'a');
    expect(pacer.reserve('resend', 'b') - time.now()).toBe(525);
    pacer.limitTo('resend', 100);
    pacer.reserve('resend', 'c');
    expect(pacer.reserve('resend', 'd') - pacer.reserve('resend', 'c')).toBe(105);
  });
});

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
