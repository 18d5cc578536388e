// Which sidecar handles a notification. Every sidecar LISTENs, and with the Redis adapter an emit
// from any one reaches sockets on all of them, so exactly one must emit per NOTIFY.
//
// Why Redis `SET key NX EX`: it is one round trip, atomic, and the key expires by itself (no table
// to sweep, no schema change); the sidecars already depend on that Redis for their rooms. A
// PostgreSQL advisory lock would not do: it is released when the winner finishes, after which a
// slower sidecar takes it and emits again; a durable claim (`UPDATE … RETURNING`) would need a
// column on the engine's tables and a write per event. The trade-off: a winner that dies between
// the claim and its emits drops that live push; clients refetch on reconnect, and the database
// still holds every alert.
//
// When Redis does not answer, every sidecar claims: the adapter cannot relay between sidecars
// then, so each one emitting to its own sockets is what reaches users (at worst twice, never zero).

export interface Election {
  /** True for exactly one caller per key (within the TTL) while Redis answers. */
  claim(key: string): Promise<boolean>;
}

/** A lone sidecar (no Redis): its rooms are its own sockets, so it handles everything. */
export const soleSidecar: Election = { claim: async () => true };

/** The one Redis command the election needs (node-redis's `set`). */
export interface RedisSetNx {
  set(key: string, value: string, options: { condition: 'NX'; expiration: { type: 'EX'; value: number } }): Promise<unknown>;
}

export interface RedisElectionOptions {
  ttlSeconds?: number;
  /** How long to wait for Redis before claiming anyway. */
  timeoutMs?: number;
  onUnavailable?: (error: unknown) => void;
}

export function redisElection(client: RedisSetNx, prefix: string, options: RedisElectionOptions = {}): Election {
  const { ttlSeconds = 60, timeoutMs = 500, onUnavailable = () => {} } = options;
  return {
    async claim(key) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        const reply = await Promise.race([
          client.set(`${prefix}:claim:${key}`, '1', { condition: 'NX', expiration: { type: 'EX', value: ttlSeconds } }),
          timeout,
        ]);
        return reply === 'OK';
      } catch (error) {
        onUnavailable(error);
        return true;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
