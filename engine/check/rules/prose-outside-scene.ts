import { nodePosition } from "../../compile/attributes.ts";
import type { Rule } from "../context.ts";

/** Top-level nodes other rules speak for (frontmatter, components, expressions, imports) or that show nothing. */
const NOT_PROSE = new Set(["yaml", "toml", "mdxJsxFlowElement", "mdxFlowExpression", "mdxjsEsm", "definition"]);

export const proseOutsideScene: Rule = {
  id: "prose-outside-scene",
  severity: "warning",
  description: "Prose outside every `<Scene>` and `<Ending>`: no player shows it.",
  applies: "scenario",
  check(context, report) {
    for (const node of context.tree.children ?? []) {
      if (NOT_PROSE.has(node.type)) continue;
      report(
        nodePosition(node),
        "Unexpected prose outside a scene, expected it inside a `<Scene>` or `<Ending>` (no player shows it here)",
      );
    }
  },
};
