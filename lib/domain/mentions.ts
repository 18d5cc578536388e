// `@username` in a note's text. Usernames may hold letters, digits and . + - _ (Django's set, less
// `@`); a full stop or hyphen that ends a sentence ("thanks @bob.") is tried both with and without.
const MENTION = /(?<![\w.+@-])@([\w.+-]{1,150})/g;

/** The lower-cased usernames a note may be mentioning, each form at most once. */
export function mentionedUsernames(entry: string): string[] {
  const names = new Set<string>();
  for (const match of entry.matchAll(MENTION)) {
    const name = match[1]!.toLowerCase();
    names.add(name);
    const trimmed = name.replace(/[.-]+$/, '');
    if (trimmed) names.add(trimmed);
  }
  return [...names];
}
