import { attributeText } from "../../compile/attributes.ts";
import type { Rule } from "../context.ts";

const HAS_ID = new Set(["Scene", "Ending", "Principle", "Contact"]);

export const duplicateId: Rule = {
  id: "duplicate-id",
  severity: "error",
  description: "Two scenes, endings or principles share an id, or two choices in one scene do.",
  applies: "both",
  check(context, report) {
    const first = new Map<string, number>();
    for (const { node } of context.elements) {
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
    // Choice ids name choices in run records, so they are unique within their scene.
    for (const scene of context.draft?.nodes ?? []) {
      const seen = new Map<string, number>();
      for (const choice of scene.choices) {
        if (!choice.id) continue;
        const line = seen.get(choice.id);
        if (line === undefined) seen.set(choice.id, choice.position.line);
        else
          report(
            context.attributePosition(choice.node, "id"),
            `Unexpected duplicate choice id \`${choice.id}\` in scene \`${scene.id ?? "?"}\` (first used on line ${line}), expected each choice id once in a scene`,
          );
      }
    }
  },
};
