import type { Rule } from "../context.ts";

/** Reported by the parser itself (see `compile/parse.ts`): the file does not parse as MDX. */
export const mdxSyntax: Rule = {
  id: "mdx-syntax",
  severity: "error",
  description: "The MDX does not parse.",
  applies: "both",
  check: () => {},
};
