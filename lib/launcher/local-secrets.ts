// Secrets a development install generates once and keeps under .data/ (mode 0600).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateEncryptionKey } from '../crypto/secrets';

export interface LocalSecrets {
  postgresPassword: string;
  nextauthSecret: string;
  adminPassword: string;
  demoPassword: string;
  /** TOCSIN_ENCRYPTION_KEY for stored integration secrets, when none is set. */
  encryptionKey: string;
}

const generate = (): string => crypto.randomBytes(18).toString('base64url');

export function loadLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, 'secrets.json');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const existing: Partial<LocalSecrets> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  const secrets: LocalSecrets = {
    postgresPassword: existing.postgresPassword ?? generate(),
    nextauthSecret: existing.nextauthSecret ?? crypto.randomBytes(32).toString('base64'),
    adminPassword: existing.adminPassword ?? generate(),
    demoPassword: existing.demoPassword ?? generate(),
    encryptionKey: existing.encryptionKey ?? generateEncryptionKey(),
  };
  if (JSON.stringify(secrets) !== JSON.stringify(existing)) {
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  }
  return secrets;
}
