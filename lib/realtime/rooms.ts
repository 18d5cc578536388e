// Which users have a socket: the rooms the socket.io adapter knows. The in-memory adapter knows this
// sidecar's; the Redis adapter's allRooms() asks every sidecar (and rejects when one does not answer).
import type { Server } from 'socket.io';

const USER_ROOM = /^user:(\d+)$/;

interface RoomsAdapter {
  rooms: Map<string, Set<string>>;
  allRooms?: () => Promise<Set<string>>;
}

/** Ids of the users with at least one socket, here (`local`) or on any sidecar, in ascending order. */
export async function connectedUserIds(io: Server, options: { local?: boolean } = {}): Promise<number[]> {
  // The namespace's adapter: socket.io types it as the in-memory one, whatever io.adapter() set.
  const adapter = io.of('/').adapter as unknown as RoomsAdapter;
  const rooms = !options.local && adapter.allRooms ? await adapter.allRooms() : adapter.rooms.keys();
  const ids: number[] = [];
  for (const room of rooms) {
    const match = USER_ROOM.exec(room);
    if (match) ids.push(Number(match[1]));
  }
  return ids.sort((a, b) => a - b);
}
