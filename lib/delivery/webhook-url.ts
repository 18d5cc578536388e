// A webhook endpoint's URL at rest: encrypted (it often carries a token), shown to admins masked.
// Rows from before the encrypted column keep the URL in the clear until the launcher encrypts them.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { decryptSecret, encryptSecret, SecretDecryptionError } from '../crypto/secrets';

export interface StoredWebhookUrl {
  url: string | null;
  urlEncrypted: string | null;
}

/** The URL itself, for sending; null when the row has none. Throws SecretDecryptionError. */
export function webhookUrlOf(row: StoredWebhookUrl, key?: Buffer): string | null {
  if (row.urlEncrypted) return decryptSecret(row.urlEncrypted, key);
  return row.url;
}

/** What admins see once it is saved: scheme and host, the rest elided (paths and queries hold tokens). */
export function maskedWebhookUrl(row: StoredWebhookUrl): string {
  let url: string | null;
  try {
    url = webhookUrlOf(row);
  } catch (error) {
    if (error instanceof SecretDecryptionError) return '(cannot be decrypted with this key)';
    throw error;
  }
  if (!url) return '';
  try {
    const parsed = new URL(url);
    const hidden = parsed.pathname.length > 1 || parsed.search || parsed.hash;
    return `${parsed.protocol}//${parsed.host}${hidden ? '/…' : ''}`;
  } catch {
    return '…';
  }
}

/** The stored columns for a new URL: encrypted, the clear column emptied. */
export function storedWebhookUrl(url: string): StoredWebhookUrl {
  return { url: null, urlEncrypted: encryptSecret(url) };
}

/** Encrypts the URLs still stored in the clear (rows written before the column existed); returns how many. */
export async function encryptLegacyWebhookUrls(db: Executor, key?: Buffer): Promise<number> {
  const rows = await db.execute<{ id: number; url: string }>(
    sql`select id, url from webhook_endpoints where url is not null and url_encrypted is null`,
  );
  for (const row of rows) {
    await db.execute(sql`update webhook_endpoints set url_encrypted = ${encryptSecret(row.url, key)}, url = null
      where id = ${row.id} and url = ${row.url} and url_encrypted is null`);
  }
  return rows.length;
}
