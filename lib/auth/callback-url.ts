/** Where to go after sign-in: only a path on this site, never another origin. */
export function safeCallbackUrl(value: string | undefined | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
