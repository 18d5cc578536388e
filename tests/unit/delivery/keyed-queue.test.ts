// One holder per key, in arrival order; other keys do not wait; a key without holders is forgotten.
import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '@/lib/delivery/keyed-queue';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('KeyedQueue', () => {
  it('lets one holder per key in at a time, in the order they came, and others keys through at once', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    const hold = async (key: string, name: string, ms: number) => {
      const leave = await queue.enter(key);
      order.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      order.push(`${name} out`);
      leave();
      leave(); // twice is harmless
    };
    await Promise.all([hold('a', 'a1', 30), hold('a', 'a2', 5), hold('a', 'a3', 5), hold('b', 'b1', 5)]);
    expect(order.filter((e) => e.startsWith('a'))).toEqual(['a1 in', 'a1 out', 'a2 in', 'a2 out', 'a3 in', 'a3 out']);
    expect(order.indexOf('b1 out')).toBeLessThan(order.indexOf('a1 out'));
    await tick();
    expect(queue.size()).toBe(0);
  });
});
