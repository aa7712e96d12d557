import { attributeText } from "../../compile/attributes.ts";
import type { Rule } from "../context.ts";

const HAS_ID = new Set(["Scene", "Ending", "Principle"]);

export const duplicateId: Rule = {
  id: "duplicate-id",
  severity: "error",
  description: "Two scenes, endings or principles share an id.",
  applies: "both",
  check(context, report) {
    const first = new Map<string, number>();
    for (const { node } of context.nodes) {
      if (node.type !== "mdxJsxFlowElement" || !HAS_ID.has(node.name ?? "")) continue;
      const id = attributeText(node, "id");
      if (!id) continue;
      const line = first.get(id);
      if (line === undefined) first.set(id, node.position?.start.line ?? 1);
      else
        report(
          context.attributePosition(node, "id"),
          `Unexpected duplicate id \`${id}\` (first used on line ${line}), expected each id once`,
        );
    }
  },
};
