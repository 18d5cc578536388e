// Stored secrets (AES-256-GCM, TOCSIN_ENCRYPTION_KEY): what goes in comes out, and nothing else does.
import { describe, expect, it } from 'vitest';
import {
  decryptSecret,
  encryptionKey,
  encryptSecret,
  generateEncryptionKey,
  looksEncrypted,
  parseEncryptionKey,
  SecretDecryptionError,
  SecretKeyError,
} from '@/lib/crypto/secrets';

const key = parseEncryptionKey(generateEncryptionKey());
const otherKey = parseEncryptionKey(generateEncryptionKey());
const TOKEN = 'xoxb-1234-5678-abcdefghijklmnop';

describe('secrets at rest', () => {
  it('a secret encrypted with a key decrypts with it to the same text', () => {
    for (const secret of [TOKEN, '', 'whsec_' + 'A'.repeat(44), 'ünïcødé ✓ https://x.logic.azure.com/?sig=a&b=c']) {
      expect(decryptSecret(encryptSecret(secret, key), key)).toBe(secret);
    }
  });

  it('the stored form is versioned, base64url, and does not contain the secret', () => {
    const stored = encryptSecret(TOKEN, key);
    expect(stored).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(TOKEN);
    expect(looksEncrypted(stored)).toBe(true);
    expect(looksEncrypted(TOKEN)).toBe(false);
  });

  it('encrypting the same secret twice gives two different ciphertexts (a fresh IV each time)', () => {
    expect(encryptSecret(TOKEN, key)).not.toBe(encryptSecret(TOKEN, key));
  });

  it('a tampered ciphertext, tag or IV is refused, not decrypted to something else', () => {
    const stored = encryptSecret(TOKEN, key);
    const [version, iv, tag, ct] = stored.split(':') as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0]! ^= 1;
      return bytes.toString('base64url');
    };
    for (const altered of [
      [version, iv, tag, flip(ct)],
      [version, iv, flip(tag), ct],
      [version, flip(iv), tag, ct],
      [version, iv, tag, ct.slice(0, -2)],
    ]) {
      expect(() => decryptSecret(altered.join(':'), key)).toThrow(SecretDecryptionError);
    }
  });

  it('another key cannot decrypt it', () => {
    expect(() => decryptSecret(encryptSecret(TOKEN, key), otherKey)).toThrow(SecretDecryptionError);
  });

  it('a value not in the format (plain text, unknown version) is refused', () => {
    expect(() => decryptSecret(TOKEN, key)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(encryptSecret(TOKEN, key).replace(/^v1:/, 'v9:'), key)).toThrow(SecretDecryptionError);
  });

  it('the error never repeats the stored value or the secret', () => {
    const stored = encryptSecret(TOKEN, key);
    try {
      decryptSecret(stored, otherKey);
    } catch (error) {
      expect(String(error)).not.toContain(stored.split(':')[3]);
      expect(String(error)).not.toContain(TOKEN);
    }
  });

  it('the key is 32 bytes given as hex or base64; anything else is refused', () => {
    const bytes = Buffer.alloc(32, 7);
    expect(parseEncryptionKey(bytes.toString('hex'))).toEqual(bytes);
    expect(parseEncryptionKey(bytes.toString('base64'))).toEqual(bytes);
    expect(parseEncryptionKey(bytes.toString('base64url'))).toEqual(bytes);
    for (const bad of ['', 'short', Buffer.alloc(16).toString('base64'), Buffer.alloc(31).toString('hex') + 'zz']) {
      expect(() => parseEncryptionKey(bad)).toThrow(SecretKeyError);
    }
  });

  it('without TOCSIN_ENCRYPTION_KEY there is no key, and the error says how to get one', () => {
    expect(() => encryptionKey({})).toThrow(/TOCSIN_ENCRYPTION_KEY is not set/);
    expect(encryptionKey({ TOCSIN_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('hex') })).toEqual(Buffer.alloc(32, 1));
  });
});
