import { describe, expect, it } from 'vitest';
import { safeCallbackUrl } from '@/lib/auth/callback-url';

const origin = 'http://localhost:3000';

describe('the page after sign-in', () => {
  it('is a path on this site', () => {
    expect(safeCallbackUrl('/products/3?tab=findings', origin)).toBe('/products/3?tab=findings');
    expect(safeCallbackUrl('/findings/7#notes', origin)).toBe('/findings/7#notes');
    expect(safeCallbackUrl('http://localhost:3000/alerts?page=2', origin)).toBe('/alerts?page=2');
  });

  it('is never another origin, however it is spelled', () => {
    for (const hostile of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'javascript:alert(1)',
      '',
      '/\t/evil.example/phish',
      '/\n/evil.example',
      '/\r/evil.example',
      '\t//evil.example',
      '/.//evil.example',
      '/..//evil.example',
      'http://localhost:3001/',
      'https://localhost:3000/',
    ]) {
      expect(safeCallbackUrl(hostile, origin), JSON.stringify(hostile)).toBe('/');
    }
    expect(safeCallbackUrl(undefined, origin)).toBe('/');
  });

  it('refuses control characters and whitespace anywhere', () => {
    for (const c of ['\t', '\n', '\r', '\u007f', '\u0000', '\u2028', '\u2029', ' ', '\u00a0', '\u0085']) {
      expect(safeCallbackUrl(`/x${c}y`, origin), JSON.stringify(c)).toBe('/');
    }
  });

  it('keeps what it returns safe for a Location header', () => {
    expect(safeCallbackUrl('/products?q=é', origin)).toBe('/products?q=%C3%A9');
  });
});
