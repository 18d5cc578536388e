// One LISTEN connection per sidecar for both channels (postgres.js opens a single dedicated
// connection for all of a client's listens, and reconnects and re-LISTENs when it drops).
import type postgres from 'postgres';
import { ALERTS_CHANNEL, alertsChangedPayload, EVENTS_CHANNEL } from './channels';
import { errorText, type Logger } from './logger';
import type { Pusher } from './push';

export interface Listening {
  stop(): Promise<void>;
}

export async function listenForNotifications(sql: postgres.Sql, pusher: Pusher, log: Logger): Promise<Listening> {
  let listens = 0;
  // Called on every (re)connect; NOTIFYs sent while the connection was down are lost, which is why
  // the bell refetches on reconnect and the database, not the push, is the truth.
  const onListen = () => {
    if (++listens > 2) log.warn('listener reconnected: notifications sent while it was down were not pushed');
  };

  const events = await sql.listen(EVENTS_CHANNEL, (payload) => {
    const eventId = Number(payload);
    if (Number.isSafeInteger(eventId) && eventId > 0) pusher.eventCommitted(eventId);
    else log.warn('ignored a malformed notification', { channel: EVENTS_CHANNEL });
  }, onListen);

  const alerts = await sql.listen(ALERTS_CHANNEL, (payload) => {
    const parsed = alertsChangedPayload.safeParse(safeJson(payload));
    if (parsed.success) pusher.alertsChanged(parsed.data);
    else log.warn('ignored a malformed notification', { channel: ALERTS_CHANNEL });
  }, onListen);

  log.info('listening', { channels: `${EVENTS_CHANNEL},${ALERTS_CHANNEL}` });
  return {
    async stop() {
      await Promise.all([events.unlisten(), alerts.unlisten()]).catch((error) => log.warn('unlisten failed', { error: errorText(error) }));
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
