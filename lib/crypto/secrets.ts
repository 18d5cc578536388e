// Secrets at rest (Slack token, Teams URL, webhook secrets, Resend key): AES-256-GCM with the key
// from TOCSIN_ENCRYPTION_KEY. Stored as `v1:<iv>:<tag>:<ciphertext>`, each part base64url, so a
// later key or algorithm can be told apart by its prefix. Decrypt only where a secret is used.
import crypto from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12; // GCM's standard nonce size
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

/** Undecryptable: tampered, truncated, another key, or not in our format. Never carries the value. */
export class SecretDecryptionError extends Error {
  constructor(reason: string) {
    super(`the stored secret cannot be decrypted (${reason})`);
    this.name = 'SecretDecryptionError';
  }
}

/** A 32-byte key written as 64 hex digits or as base64 / base64url (44 or 43 characters). */
export function parseEncryptionKey(text: string): Buffer {
  const value = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(value)
    ? Buffer.from(value, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(value)
      ? Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
      : null;
  if (!key || key.length !== KEY_BYTES) {
    throw new SecretKeyError('TOCSIN_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64');
  }
  return key;
}

/** A new random key in the form TOCSIN_ENCRYPTION_KEY takes (base64). */
export function generateEncryptionKey(): string {
  return crypto.randomBytes(KEY_BYTES).toString('base64');
}

let parsed: { text: string; key: Buffer } | undefined;

/** The key of this process, read from the environment (the launcher provides it in development). */
export function encryptionKey(env: Record<string, string | undefined> = process.env): Buffer {
  const text = env.TOCSIN_ENCRYPTION_KEY?.trim();
  if (!text) throw new SecretKeyError('TOCSIN_ENCRYPTION_KEY is not set: start Tocsin with `npm run dev` or `npm start`, or set it');
  if (parsed?.text !== text) parsed = { text, key: parseEncryptionKey(text) };
  return parsed.key;
}

export function encryptSecret(plaintext: string, key: Buffer = encryptionKey()): string {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join(':');
}

export function decryptSecret(stored: string, key: Buffer = encryptionKey()): string {
  const parts = stored.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretDecryptionError('unknown format');
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer, Buffer];
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretDecryptionError('malformed');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptionError('altered, or encrypted with another key');
  }
}

/** Whether a stored value has our ciphertext shape (it may still fail to decrypt). */
export function looksEncrypted(stored: string): boolean {
  return stored.startsWith(`${VERSION}:`) && stored.split(':').length === 4;
}
