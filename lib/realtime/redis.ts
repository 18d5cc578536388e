// With REDIS_URL: the socket.io Redis adapter (sidecars share rooms: an emit to `user:7` on one
// reaches user 7's sockets on all) and the election of one handler per notification.
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { redisElection, type Election } from './election';
import { errorText, type Logger } from './logger';

export interface RedisLink {
  adapter: ReturnType<typeof createAdapter>;
  election: Election;
  close(): Promise<void>;
}

export async function connectRedis(url: string, keyPrefix: string, log: Logger): Promise<RedisLink> {
  // Without the offline queue, commands fail at once while Redis is away instead of piling up
  // (stale room broadcasts delivered late, claims that would stall the push queue).
  const pub = createClient({ url, disableOfflineQueue: true });
  const sub = pub.duplicate();
  for (const [name, client] of [
    ['pub', pub],
    ['sub', sub],
  ] as const) {
    client.on('error', (error: unknown) => log.error('redis error', { client: name, error: errorText(error) }));
  }
  await Promise.all([pub.connect(), sub.connect()]);
  return {
    adapter: createAdapter(pub, sub, { key: `${keyPrefix}:socket.io` }),
    election: redisElection(pub, keyPrefix, {
      onUnavailable: (error) => log.warn('redis unavailable: handling the notification here', { error: errorText(error) }),
    }),
    async close() {
      await Promise.allSettled([pub.close(), sub.close()]);
    },
  };
}
