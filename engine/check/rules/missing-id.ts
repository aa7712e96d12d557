import { attributeText, nodePosition } from "../../compile/attributes.ts";
import type { Rule } from "../context.ts";

const NEEDS_ID = new Set(["Scene", "Ending", "Principle", "Contact"]);

export const missingId: Rule = {
  id: "missing-id",
  severity: "error",
  description: "A Scene, Ending or Principle without an `id`.",
  applies: "both",
  check(context, report) {
    for (const { node } of context.elements) {
      if (node.type !== "mdxJsxFlowElement" || !NEEDS_ID.has(node.name ?? "")) continue;
      const id = attributeText(node, "id");
      if (id === undefined || id.trim() === "") {
        report(
          nodePosition(node),
          `Unexpected \`<${node.name}>\` without an id, expected id="…" (ASCII letters, digits, \`-\` and \`_\`)`,
        );
      }
      // An id that is there but not a valid name (`café`, `a b`) is `invalid-name`'s to report.
    }
  },
};
