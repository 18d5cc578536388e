// What a new password must be (set by its user or an admin): at least 12 characters, not the
// username or containing it, not one of the most common passwords. Shown next to the field.
import { text } from '../core/validation';

export const MIN_PASSWORD_LENGTH = 12;
export const PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters, not your username, not a common password.`;

/** The field's own rules (length); the username rules need the username: newPasswordProblem(). */
export const newPasswordSchema = text(1024).min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters.`);

// The words the most common leaked passwords are built on (with digits and symbols around them),
// and whole common passwords of 12 characters and more. Small on purpose: length does the rest.
const COMMON_WORDS = new Set([
  'password',
  'passwort',
  'passw',
  'qwerty',
  'qwertyuiop',
  'qwertz',
  'azerty',
  'asdfgh',
  'asdfghjkl',
  'zxcvbnm',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'root',
  'login',
  'iloveyou',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'master',
  'sunshine',
  'princess',
  'shadow',
  'superman',
  'trustno',
  'secret',
  'changeme',
  'default',
  'test',
  'guest',
  'abc',
  'abcdef',
  'abcdefgh',
  'abcdefghijkl',
  'tocsin',
  'defectdojo',
  'security',
  'summer',
  'winter',
  'spring',
  'autumn',
  'hello',
  'freedom',
  'whatever',
  'starwars',
  'pokemon',
  'michael',
  'jennifer',
]);
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'qazwsxedcrfv',
  '1q2w3e4r5t6y7u',
  'qwer1234asdf',
  'zaq12wsxcde3',
  '!qaz2wsx#edc',
  'q1w2e3r4t5y6',
  'a1b2c3d4e5f6',
  'correcthorsebatterystaple',
  'correct horse battery staple',
  'passwordpassword',
  'qwertyqwerty',
]);

function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return true;
  if (/^(.)\1+$/.test(lower) || /^(.{1,4})\1+$/.test(lower)) return true; // "aaaaaaaaaaaa", "abcabcabcabc"
  if (/^[0-9\s]+$/.test(lower)) return true;
  // "Password!2024", "Welcome123456", "qwerty!!!!!!": one common word padded with digits and symbols.
  const letters = lower.replace(/[^a-z]/g, '');
  const repeated = /^(.+?)\1+$/.exec(letters)?.[1]; // "letmein-letmein"
  return letters === '' || COMMON_WORDS.has(letters) || (repeated !== undefined && COMMON_WORDS.has(repeated));
}

/** Why this password may not be set for this username, or null. */
export function newPasswordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `At least ${MIN_PASSWORD_LENGTH} characters.`;
  const name = username.trim().toLowerCase();
  if (name && password.toLowerCase().includes(name)) return 'Must not contain your username.';
  if (isCommon(password)) return 'This password is too common: choose a longer phrase of unrelated words.';
  return null;
}
