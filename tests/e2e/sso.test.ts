// Single sign-on against a real OpenID Provider (oidc-provider) on 127.0.0.1, in Chromium: the
// first sign-in creates the user as an admin would (template applied), later ones update email and
// names, a local account with the same verified email is linked, groups follow the claim, a forged
// state and a token from another issuer are refused, and OIDC_ONLY hides the password form.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startApp, type RunningApp } from '../support/app-server';
import { freePort } from '../support/free-port';
import { launchBrowserForUsers } from '../support/browser';
import { freshDatabase } from '../support/e2e-database';
import { startOidcProvider, type TestProvider } from '../support/oidc-provider';

let app: RunningApp;
let provider: TestProvider;
let sql: postgres.Sql;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let browser: Awaited<ReturnType<typeof launchBrowserForUsers>>;
let port: number;
let otherPort: number;

beforeAll(async () => {
  database = await freshDatabase();
  sql = postgres(database.url, { max: 1, onnotice: () => {} });
  [port, otherPort] = [await freePort(), await freePort()];
  provider = await startOidcProvider({ redirectUris: [port, otherPort].map((p) => `http://127.0.0.1:${p}/api/auth/callback/oidc`) });
  app = await startApp({
    databaseUrl: database.url,
    port,
    env: {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_NAME: 'Corp SSO',
      OIDC_GROUPS_CLAIM: 'groups',
    },
  });
  browser = await launchBrowserForUsers();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await provider?.close();
  await sql?.end();
  await database?.drop();
});

/** Clicks "Sign in with Corp SSO", signs in at the provider as `login`, consents, and returns the page. */
async function signInThroughProvider(page: Page, appUrl: string, login: string): Promise<void> {
  await page.goto(`${appUrl}/login`);
  await page.getByRole('button', { name: 'Sign in with Corp SSO' }).click();
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

async function userNamed(username: string) {
  const [user] = await sql`select id, username, email, first_name, last_name from users where username = ${username}`;
  return user;
}

describe('single sign-on', () => {
  it('the first sign-in creates the user with the template, later ones update email, names and groups', async () => {
    await sql`insert into groups (name) values ('AppSec'), ('Platform')`;
    await sql`insert into notification_settings (template, scan_added) values (true, '{alert,mail}')
      on conflict on constraint notification_settings_owner_uniq do update set scan_added = excluded.scan_added`;
    provider.accounts.set('alice', {
      sub: 'alice-0001',
      preferred_username: 'alice',
      email: 'alice@corp.example',
      email_verified: true,
      given_name: 'Alice',
      family_name: 'Ng',
      groups: ['AppSec', 'No Such Group'],
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInThroughProvider(page, app.url, 'alice');
    await page.waitForURL(`${app.url}/`);
    await page.getByText('alice').first().waitFor();

    const alice = await userNamed('alice');
    expect(alice).toMatchObject({ email: 'alice@corp.example', first_name: 'Alice', last_name: 'Ng' });
    const [identity] = await sql`select issuer, subject from user_identities where user_id = ${alice!.id}`;
    expect(identity).toEqual({ issuer: provider.issuer, subject: 'alice-0001' });
    const groups = await sql`select g.name from group_members m join groups g on g.id = m.group_id where m.user_id = ${alice!.id}`;
    expect(groups.map((g) => g.name)).toEqual(['AppSec']);
    // The template was applied exactly as createUser applies it for an admin-created user.
    const [personal] = await sql`select scan_added from notification_settings where user_id = ${alice!.id} and product_id is null`;
    expect(personal!.scan_added).toEqual(['alert', 'mail']);
    await context.close();

    provider.accounts.set('alice', {
      ...provider.accounts.get('alice')!,
      email: 'alice.ng@corp.example',
      family_name: 'Ng-Smith',
      groups: ['Platform'],
    });
    const again = await browser.newContext();
    const second = await again.newPage();
    await signInThroughProvider(second, app.url, 'alice');
    await second.waitForURL(`${app.url}/`);
    expect(await userNamed('alice')).toMatchObject({ id: alice!.id, email: 'alice.ng@corp.example', last_name: 'Ng-Smith' });
    const now = await sql`select g.name from group_members m join groups g on g.id = m.group_id where m.user_id = ${alice!.id}`;
    expect(now.map((g) => g.name)).toEqual(['Platform']);
    expect((await sql`select count(*)::int as n from users where lower(username) like 'alice%'`)[0]!.n).toBe(1);
    // The audit log: the account made by single sign-on, then the group sync as Alice's own sign-ins.
    const audit = await sql`select actor_id, actor_name, object_kind, object_label, action from audit_log
      where (object_kind = 'user' and object_id = ${String(alice!.id)}) or (object_kind = 'group_member' and actor_id = ${alice!.id}) order by id`;
    expect(audit.map((r) => ({ ...r }))).toEqual([
      { actor_id: null, actor_name: 'single sign-on', object_kind: 'user', object_label: 'alice', action: 'created' },
      {
        actor_id: alice!.id,
        actor_name: 'alice (single sign-on)',
        object_kind: 'group_member',
        object_label: 'alice in AppSec',
        action: 'joined',
      },
      {
        actor_id: alice!.id,
        actor_name: 'alice (single sign-on)',
        object_kind: 'group_member',
        object_label: 'alice in AppSec',
        action: 'left',
      },
      {
        actor_id: alice!.id,
        actor_name: 'alice (single sign-on)',
        object_kind: 'group_member',
        object_label: 'alice in Platform',
        action: 'joined',
      },
    ]);
    await again.close();
  });

  it('links a local user with the same verified email instead of creating another', async () => {
    const response = await fetch(`${app.url}/api/v2/api-token-auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { token } = (await response.json()) as { token: string };
    const created = await fetch(`${app.url}/api/v2/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${token}` },
      body: JSON.stringify({ username: 'bob', email: 'bob@corp.example', password: 'a-long-local-password-1' }),
    });
    expect(created.status).toBe(201);
    provider.accounts.set('robert', { sub: 'bob-sso', preferred_username: 'robert', email: 'bob@corp.example', email_verified: true });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInThroughProvider(page, app.url, 'robert');
    await page.waitForURL(`${app.url}/`);
    expect(await userNamed('robert')).toBeUndefined();
    const bob = await userNamed('bob');
    expect((await sql`select subject from user_identities where user_id = ${bob!.id}`).map((r) => r.subject)).toEqual(['bob-sso']);
    await context.close();
  });

  it('an unverified email is not linked: the account gets a user of its own', async () => {
    provider.accounts.set('mallory', { sub: 'mallory-1', preferred_username: 'bob', email: 'bob@corp.example', email_verified: false });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInThroughProvider(page, app.url, 'mallory');
    await page.waitForURL(`${app.url}/`);
    const bob = await userNamed('bob');
    expect((await sql`select subject from user_identities where user_id = ${bob!.id}`).map((r) => r.subject)).toEqual(['bob-sso']);
    const [own] = await sql`select u.username from user_identities i join users u on u.id = i.user_id where i.subject = 'mallory-1'`;
    expect(own!.username).toBe('bob-2');
    await context.close();
  });

  it('a forged state is refused and no session is made', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.url}/login`);
    await page.getByRole('button', { name: 'Sign in with Corp SSO' }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.goto(`${app.url}/api/auth/callback/oidc?code=forged-code&state=forged-state`);
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.has('error'));
    await page.getByText('Single sign-on did not complete.').waitFor();
    const session = await page.evaluate(async () => (await fetch('/api/auth/session')).json());
    expect(session).toEqual({});
    await context.close();
  });
});

describe('another issuer; OIDC_ONLY with the break-glass admin', () => {
  it('an ID token whose issuer is not the configured one signs nobody in; passwords only for the first admin', async () => {
    // A discovery document served from another origin: it names the real provider's endpoints and
    // issuer, so every token it leads to comes from an issuer other than the one configured.
    const proxy = http.createServer((req, res) => {
      void fetch(`${provider.issuer}${req.url}`).then(async (upstream) => {
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyIssuer = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const other = await startApp({
      databaseUrl: database.url,
      port: otherPort,
      env: {
        TOCSIN_WORKER: '0',
        OIDC_ONLY: '1',
        ADMIN_LOCAL_LOGIN: '1',
        OIDC_ISSUER: proxyIssuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_NAME: 'Corp SSO',
      },
    });
    try {
      provider.accounts.set('eve', { sub: 'eve-1', preferred_username: 'eve', email: 'eve@corp.example', email_verified: true });
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${other.url}/login`);
      await page.getByRole('button', { name: 'Sign in with Corp SSO' }).click();
      await page.waitForURL((url) => url.origin === provider.issuer);
      await page.locator('input[name=login]').fill('eve');
      await page.locator('input[name=password]').fill('x');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((url) => url.origin === other.url && url.pathname === '/login');
      expect(await userNamed('eve')).toBeUndefined();
      const session = await page.evaluate(async () => (await fetch('/api/auth/session')).json());
      expect(session).toEqual({});
      expect(other.logs()).toContain('Single sign-on refused: wrong_issuer');

      // OIDC_ONLY: a password signs nobody in, except the first admin's (ADMIN_LOCAL_LOGIN=1).
      await page.getByText('Break-glass sign-in for the first admin').waitFor();
      await page.getByLabel('Username').fill('bob');
      await page.getByLabel('Password').fill('a-long-local-password-1');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByText('Invalid username or password.').waitFor();
      await page.getByLabel('Username').fill(ADMIN.username);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(`${other.url}/`);
      await context.close();
    } finally {
      await other.stop();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
