/**
 * A placeholder the group is meant to replace: square brackets around words
 * that start with "your" (`[your local emergency number]`), not a link.
 */
const PLACEHOLDER = /\[\s*your\b[^\]\n]*\](?!\()/gi;

/** Every placeholder in a source text, with its offset; the frontmatter is skipped. */
export function findPlaceholders(source: string): { text: string; offset: number }[] {
  const front = /^---\r?\n[\s\S]*?\r?\n---(?:\r?\n|$)/.exec(source);
  const from = front ? front[0].length : 0;
  const out: { text: string; offset: number }[] = [];
  for (const match of source.slice(from).matchAll(PLACEHOLDER))
    out.push({ text: match[0], offset: from + (match.index ?? 0) });
  return out;
}
