import { describe, expect, it } from 'vitest';
import { newPasswordProblem } from '@/lib/auth/password-policy';

describe('a new password', () => {
  it('has at least 12 characters', () => {
    expect(newPasswordProblem('short-pw-11', 'dana')).toBe('At least 12 characters.');
    expect(newPasswordProblem('river-lantern-77', 'dana')).toBeNull();
  });

  it('is not the username and does not contain it, in any case', () => {
    expect(newPasswordProblem('danaDANAdana', 'dana')).toBe('Must not contain your username.');
    expect(newPasswordProblem('my-name-is-Dana-ok', 'dana')).toBe('Must not contain your username.');
    expect(newPasswordProblem('administrator', 'administrator')).toBe('Must not contain your username.');
  });

  it.each([
    'password1234',
    'Password!2024',
    'qwertyuiop123',
    '123456789012',
    'aaaaaaaaaaaa',
    'abcabcabcabc',
    'Welcome12345!',
    '1q2w3e4r5t6y',
    'iloveyou2026',
    'correct horse battery staple',
    'letmein-letmein',
  ])('%s is too common', (password) => {
    expect(newPasswordProblem(password, 'someone')).toMatch(/too common/);
  });

  it.each(['violet-harbor-canoe', 'Tr4in-of-thought!', 'quiet lemon staircase'])('%s is fine', (password) => {
    expect(newPasswordProblem(password, 'someone')).toBeNull();
  });
});
