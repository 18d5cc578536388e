// For end-to-end files: a fresh database for the app under test, copied from the migrated template.
import { inject } from 'vitest';
import { createDatabaseFromTemplate, dropDatabase } from './database';

export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('adminUrl');
  const url = await createDatabaseFromTemplate(adminUrl, inject('templateDatabase'));
  return { url, drop: () => dropDatabase(adminUrl, url) };
}
