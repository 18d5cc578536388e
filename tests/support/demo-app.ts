// For browser tests: a fresh database with the demo loaded, the app running on it, and a SQL
// connection to look inside; stop() undoes all three.
import postgres from 'postgres';
import { DEMO_PASSWORD, startApp, type RunningApp } from './app-server';
import { freshDatabase } from './e2e-database';

export interface DemoApp {
  app: RunningApp;
  sql: postgres.Sql;
  stop: () => Promise<void>;
}

export async function startDemoApp(): Promise<DemoApp> {
  const database = await freshDatabase();
  const app = await startApp({ databaseUrl: database.url, env: { TOCSIN_DEMO: '1', DEMO_PASSWORD } });
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  return {
    app,
    sql,
    stop: async () => {
      await sql.end({ timeout: 5 });
      await app.stop();
      await database.drop();
    },
  };
}
