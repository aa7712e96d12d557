import type { Rule } from "../context.ts";

/**
 * Reported before and just after parsing (see `compile/guard.ts` and
 * `compile/parse.ts`): brackets, components, block quotes or lists nested
 * deeper than any scenario needs, which would exhaust the parser's stack.
 */
export const nestedTooDeeply: Rule = {
  id: "nested-too-deeply",
  severity: "error",
  description:
    "Brackets, components, block quotes, lists or emphasis nested more than 100 levels deep (200 levels of the parsed tree).",
  applies: "both",
  check: () => {},
};
