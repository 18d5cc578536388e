// The bell bench's baseline: the barest NOTIFY → socket path. LISTEN on one channel and emit each
// payload to every connected socket; no auth, no query, no rooms. Same libraries as the sidecar.
// Env: DATABASE_URL, RELAY_CHANNEL, RELAY_PORT.
import http from 'node:http';
import postgres from 'postgres';
import { Server } from 'socket.io';

async function main(): Promise<void> {
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const httpServer = http.createServer();
  const io = new Server(httpServer, { serveClient: false });
  await sql.listen(process.env.RELAY_CHANNEL!, (payload) => io.emit('raw', payload));
  const port = Number(process.env.RELAY_PORT);
  httpServer.listen(port, () => console.log(JSON.stringify({ msg: 'started', port })));
  process.once('SIGTERM', () => {
    void io
      .close()
      .then(() => sql.end({ timeout: 2 }))
      .then(() => process.exit(0));
  });
}

void main();
