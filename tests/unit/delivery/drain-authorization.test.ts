// Who may call the drain route: `Authorization: Bearer <CRON_SECRET>`, exactly.
import { describe, expect, it } from 'vitest';
import { isCronAuthorized } from '@/lib/delivery/drain';

const SECRET = 'cron-secret-0123456789';

describe("the drain route's authorization", () => {
  it('accepts the bearer secret', () => {
    expect(isCronAuthorized(`Bearer ${SECRET}`, SECRET)).toBe(true);
  });

  it('refuses no header, another scheme, the bare secret, a wrong or longer or shorter secret', () => {
    for (const header of [
      null,
      '',
      `Basic ${SECRET}`,
      SECRET,
      'Bearer ',
      `Bearer ${SECRET}x`,
      `Bearer ${SECRET.slice(0, -1)}`,
      'Bearer wrong',
    ]) {
      expect(isCronAuthorized(header, SECRET)).toBe(false);
    }
  });

  it('refuses everything when no secret is configured', () => {
    expect(isCronAuthorized('Bearer ', '')).toBe(false);
    expect(isCronAuthorized('Bearer x', '')).toBe(false);
  });
});
