import { nodePosition } from "../../compile/attributes.ts";
import { closest } from "../../compile/frontmatter.ts";
import { own } from "../../own.ts";
import type { Rule } from "../context.ts";

export const unknownComponent: Rule = {
  id: "unknown-component",
  severity: "error",
  description: "A component outside the vocabulary, or one in the wrong place.",
  applies: "both",
  check(context, report) {
    const names = Object.keys(context.vocabulary);
    for (const { node, parent } of context.elements) {
      const name = node.name ?? "";
      const spec = own(context.vocabulary, name);
      if (!spec) {
        const near = name ? closest(name, names) : undefined;
        const shown = name ? `\`<${name}>\`` : "fragment `<>`";
        report(
          nodePosition(node),
          `Unexpected ${shown}, expected ${near ? `\`<${near}>\`` : `one of ${names.map((n) => `\`<${n}>\``).join(", ")}`}`,
          near ? `did you mean \`<${near}>\`?` : undefined,
        );
        continue;
      }
      const parentName = parent?.name ?? null;
      if (parent && !own(context.vocabulary, parent.name ?? "")) continue; // the parent is reported already
      if (!spec.parents.includes(parentName)) {
        const inside = parentName ? `inside \`<${parentName}>\`` : "at the top level";
        const allowed = spec.parents.map((p) => (p ? `inside \`<${p}>\`` : "at the top level")).join(" or ");
        report(nodePosition(node), `Unexpected \`<${name}>\` ${inside}, expected it ${allowed}`);
      }
    }
  },
};
