import { describe, expect, it } from 'vitest';
import { safeCallbackUrl } from '@/lib/auth/callback-url';

describe('the page after sign-in', () => {
  it('is a path on this site', () => {
    expect(safeCallbackUrl('/products/3?tab=findings')).toBe('/products/3?tab=findings');
  });

  it('is never another origin, however it is spelled', () => {
    for (const hostile of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '']) {
      expect(safeCallbackUrl(hostile)).toBe('/');
    }
    expect(safeCallbackUrl(undefined)).toBe('/');
  });
});
