// The launcher's word on the demo users' password: given on the first start, and on every restart
// it says again where the password is kept.
import { describe, expect, it } from 'vitest';
import { demoPasswordLine } from '@/lib/launcher/demo-password-line';

describe('the demo password line', () => {
  it('gives the password when the demo was just loaded', () => {
    expect(demoPasswordLine({ seededNow: true, password: 'pw-1', fromEnv: false, secretsFile: '.data/secrets.json' })).toMatch(
      /^demo data loaded: users olivia, .* with password "pw-1"$/,
    );
  });

  it('on a restart says where the password is kept', () => {
    expect(demoPasswordLine({ seededNow: false, password: 'pw-1', fromEnv: false, secretsFile: '.data/secrets.json' })).toMatch(
      /^demo users olivia, .* sign in with the password kept in \.data\/secrets\.json$/,
    );
    expect(demoPasswordLine({ seededNow: false, password: 'pw-1', fromEnv: true, secretsFile: '.data/secrets.json' })).toMatch(
      /sign in with the password from DEMO_PASSWORD$/,
    );
  });
});
