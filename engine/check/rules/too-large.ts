import type { Rule } from "../context.ts";

/**
 * Reported before parsing (see `compile/guard.ts`): the file, or one paragraph
 * or scene in it, holds more than the parser can read in bounded time and
 * memory (over 8 MiB, about 10,000 scenes' worth of markup, or thousands of
 * `&…;` references, braces, `<` or inline components in one block).
 */
export const tooLarge: Rule = {
  id: "too-large",
  severity: "error",
  description:
    "The file, or one paragraph or scene in it, is too large to check: over 8 MiB, more markup than about 10,000 scenes, over 2,000 `&…;` references, 500 braces, 1,000 `<` or 1,000 inline marks in one paragraph, or over 500 one-line components or 20,000 markup characters in one scene.",
  applies: "both",
  check: () => {},
};
