// What the launcher says about the demo users' password, on the first start and on every restart.
import { DEMO_USERS } from './demo-seed';

export function demoPasswordLine(options: { seededNow: boolean; password: string; fromEnv: boolean; secretsFile: string }): string {
  const users = DEMO_USERS.map((u) => u.username).join(', ');
  if (options.seededNow) return `demo data loaded: users ${users} with password "${options.password}"`;
  return options.fromEnv
    ? `demo users ${users} sign in with the password from DEMO_PASSWORD`
    : `demo users ${users} sign in with the password kept in ${options.secretsFile}`;
}
