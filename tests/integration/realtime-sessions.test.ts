// Revoked sessions on the sidecar: a token of an older session version is refused on connect, and the
// sockets already open are dropped when the version is bumped (or the user deactivated).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeSessions } from '@/lib/auth/session-version';
import { db } from '@/lib/db/client';
import { changeOwnPassword } from '@/lib/domain/profile';
import { updateUser } from '@/lib/domain/users';
import { makeUser, PASSWORD } from '../support/fixtures';
import { connect, memoryLogger, refusal, sessionCookie, startSidecar, waitFor } from '../support/realtime';

const log = memoryLogger();
let sidecar: Awaited<ReturnType<typeof startSidecar>>;

beforeAll(async () => {
  sidecar = await startSidecar({ log });
});
afterAll(async () => {
  await sidecar?.close();
});

async function disconnectedBy(action: () => Promise<unknown>, cookie: string): Promise<string> {
  const socket = await connect(sidecar.port, { cookie });
  let reason = '';
  socket.on('disconnect', (r) => (reason = r));
  await action();
  await waitFor(() => reason !== '', 5000, 'the revocation disconnect');
  socket.close();
  return reason;
}

describe('session versions on the sidecar', () => {
  it('accepts a token of the current version, and one from before versions (version 0)', async () => {
    const user = await makeUser();
    (await connect(sidecar.port, { cookie: await sessionCookie(user.id, { claims: { sv: 0 } }) })).close();
    (await connect(sidecar.port, { cookie: await sessionCookie(user.id) })).close();
  });

  it('refuses a token of an older version after "sign out everywhere"', async () => {
    const user = await makeUser();
    const cookie = await sessionCookie(user.id, { claims: { sv: 0 } });
    await revokeSessions(db(), user.id);
    expect(await refusal(sidecar.port, { cookie })).toBe('session_revoked');
    (await connect(sidecar.port, { cookie: await sessionCookie(user.id, { claims: { sv: 1 } }) })).close();
  });

  it('drops the open sockets of a user who signs out everywhere, and only theirs', async () => {
    const [user, other] = [await makeUser(), await makeUser()];
    const bystander = await connect(sidecar.port, { cookie: await sessionCookie(other.id) });
    expect(await disconnectedBy(() => revokeSessions(db(), user.id), await sessionCookie(user.id))).toBe('io server disconnect');
    expect(bystander.connected).toBe(true);
    bystander.close();
    expect(log.lines.some((l) => l.msg === 'disconnect' && l.user === user.id && l.reason === 'session_revoked')).toBe(true);
  });

  it('drops the sockets of a user who changes their password', async () => {
    const user = await makeUser();
    const change = () => changeOwnPassword(db(), user, { current_password: PASSWORD, new_password: 'a-new-long-passphrase-7' });
    expect(await disconnectedBy(change, await sessionCookie(user.id))).toBe('io server disconnect');
  });

  it('drops the sockets of a user an admin deactivates or whose password an admin resets', async () => {
    const admin = await makeUser({ isSuperuser: true });
    const [deactivated, reset] = [await makeUser(), await makeUser()];
    const deactivate = () => updateUser(db(), admin, deactivated.id, { is_active: false });
    expect(await disconnectedBy(deactivate, await sessionCookie(deactivated.id))).toBe('io server disconnect');
    const resetPassword = () => updateUser(db(), admin, reset.id, { password: 'reset-by-the-admin-42' });
    expect(await disconnectedBy(resetPassword, await sessionCookie(reset.id))).toBe('io server disconnect');
  });
});
