import type { Rule } from "../context.ts";

/**
 * Reported by the parser (see `compile/parse.ts`): a component opened and never closed, closed by
 * the wrong tag, or a closing tag with nothing to close.
 */
export const unclosedTag: Rule = {
  id: "unclosed-tag",
  severity: "error",
  description: "A component that is never closed, a closing tag that does not match, or one that closes nothing.",
  applies: "both",
  check: () => {},
};
