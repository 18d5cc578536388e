import 'next-auth';
import 'next-auth/jwt';

declare module 'next-auth' {
  interface Session {
    user?: { id?: string; name?: string | null; email?: string | null; image?: string | null };
    /** The user's session version when this session was signed in (lib/auth/session-version.ts). */
    sessionVersion?: number;
  }
  interface User {
    sessionVersion?: number;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    /** Session version: a request whose `sv` differs from the user's row is signed out. */
    sv?: number;
  }
}
