// The preamble of a browser test on the demo, once: a fresh database with the demo loaded, the app
// on it, a browser, and signing in as any demo user. Registers its own beforeAll/afterAll.
import type postgres from 'postgres';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_PASSWORD, type RunningApp } from './app-server';
import { launchBrowser, launchBrowserForUsers, signInOn } from './browser';
import { startDemoApp, type DemoApp } from './demo-app';

export interface DemoInBrowser {
  /** The running app (set once the beforeAll has run). */
  readonly app: RunningApp;
  /** A SQL connection to the demo's database. */
  readonly sql: postgres.Sql;
  /** A new page signed in as `username` through the login form. */
  signInAs(username: string, password?: string): Promise<Page>;
}

/**
 * `contexts: 'shared'` (the default): one browser profile, its cookies cleared at each sign-in, so
 * only the last signed-in user's pages are live. `'per-user'`: each sign-in in its own cookie-isolated
 * context, for tests that keep several users' pages open at once.
 */
export function demoInBrowser(options: { contexts?: 'shared' | 'per-user' } = {}): DemoInBrowser {
  let demo: DemoApp | undefined;
  let shared: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  let perUser: Browser | undefined;

  beforeAll(async () => {
    demo = await startDemoApp();
    if (options.contexts === 'per-user') perUser = await launchBrowserForUsers();
    else shared = await launchBrowser();
  });

  afterAll(async () => {
    await shared?.close();
    await perUser?.close();
    await demo?.stop();
  });

  return {
    get app() {
      return demo!.app;
    },
    get sql() {
      return demo!.sql;
    },
    async signInAs(username, password = DEMO_PASSWORD) {
      if (perUser) return signInOn(await (await perUser.newContext()).newPage(), demo!.app.url, username, password);
      await shared!.context.clearCookies();
      return signInOn(await shared!.context.newPage(), demo!.app.url, username, password);
    },
  };
}
