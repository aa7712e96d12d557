import { attributeKeyPosition } from "../../compile/attributes.ts";
import { closest } from "../../compile/frontmatter.ts";
import { literalKeys } from "../../compile/literal.ts";
import type { Rule } from "../context.ts";

export const unknownPrinciple: Rule = {
  id: "unknown-principle",
  severity: "error",
  description: "A score names a principle the code of ethics does not define.",
  applies: "scenario",
  check(context, report) {
    const code = context.code;
    if (!code) return;
    const ids = code.principles.map((p) => p.id);
    for (const scene of context.draft.nodes) {
      for (const choice of scene.choices) {
        for (const key of choice.scores ? literalKeys(choice.scores) : []) {
          if (ids.includes(key)) continue;
          const near = closest(key, ids);
          report(
            attributeKeyPosition(context.source, context.lines, choice.node, "scores", key),
            `Unexpected principle \`${key}\`, expected ${near ? `\`${near}\`` : `one of ${ids.map((i) => `\`${i}\``).join(", ")}`} (from ${code.file})`,
            near ? `did you mean \`${near}\`?` : undefined,
          );
        }
      }
    }
  },
};
