// A digest's words, shared by the mail template and the Slack message (no database here).
import type { DigestContent } from './digest-contents';

/** "Hourly digest, 2026-11-25 17:00" / "Daily digest, 2026-11-25" / "While your quiet hours lasted". */
export function digestHeading(window: string): string {
  const [frequency, key = ''] = window.split(':', 2);
  if (frequency === 'quiet') return 'While your quiet hours lasted';
  return frequency === 'daily' ? `Daily digest, ${key}` : `Hourly digest, ${key.replace('T', ' ')}:00`;
}

export function digestSummary(digest: DigestContent): string {
  return `${digest.total} notification${digest.total === 1 ? '' : 's'}`;
}
