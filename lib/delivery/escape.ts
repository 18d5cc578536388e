// Making user text inert in each channel's format, and cutting it to a channel's limits.
// HTML needs nothing here: React Email escapes text nodes and attributes, and no template uses
// dangerouslySetInnerHTML.

/**
 * Slack mrkdwn: only `&`, `<` and `>` are control characters (`&` first, or its own entities would be
 * re-escaped). With these escaped, `<!channel>` or `<https://x|y>` in user text stays text, and a plain
 * "@channel" pings nobody as long as `link_names` is never set.
 */
export function escapeSlackMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// CommonMark lets a backslash escape any ASCII punctuation; these are the ones the Adaptive Card
// subset (bold, italic, lists, links) and Teams (`<at>` mentions, `{{DATE()}}` functions) give meaning.
const TEAMS_MARKDOWN = /[\\`*_{}[\]()#+\-.!<>|~]/g;

/** Adaptive Card TextBlock and Fact text: user text cannot add links, emphasis, lists or mentions. */
export function escapeTeamsMarkdown(text: string): string {
  return text.replace(TEAMS_MARKDOWN, (c) => `\\${c}`);
}

/** The link only if it is an absolute http(s) URL: no `javascript:` or `data:` from an events API caller. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** At most `max` UTF-16 units, ending in "…" when cut, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (end > 0 && /[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * Escapes, then fits in `max`: the raw text is cut, not the escaped one, so no entity or escape is
 * left half-written. Escaping only lengthens text, so the longest raw prefix that fits is found by
 * bisection.
 */
export function escapeWithin(text: string, max: number, escape: (raw: string) => string): string {
  const whole = escape(text);
  if (whole.length <= max) return whole;
  let fits = 1;
  let tooLong = text.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (escape(truncate(text, middle)).length <= max) fits = middle;
    else tooLong = middle;
  }
  return escape(truncate(text, fits));
}
