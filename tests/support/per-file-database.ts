// Before each test file: its own database, copied from the migrated template, so files run in
// parallel and never see each other's rows. Dropped when the file ends.
import { afterAll, inject } from 'vitest';
import { closeDb } from '../../lib/db/client';
import { createDatabaseFromTemplate, dropDatabase } from './database';

const adminUrl = inject('adminUrl');
process.env.DATABASE_URL = await createDatabaseFromTemplate(adminUrl, inject('templateDatabase'));

afterAll(async () => {
  await closeDb();
  await dropDatabase(adminUrl, process.env.DATABASE_URL!);
});
