import { attributeKeyPosition } from "../../compile/attributes.ts";
import { literalKeys } from "../../compile/literal.ts";
import type { Rule } from "../context.ts";

export const scoreRange: Rule = {
  id: "score-range",
  severity: "error",
  description: "A score outside −3..+3, or not an integer.",
  applies: "scenario",
  check(context, report) {
    for (const scene of context.draft.nodes) {
      for (const choice of scene.choices) {
        const scores = choice.scores;
        if (scores === undefined) continue;
        for (const key of literalKeys(scores)) {
          const value = scores[key];
          if (typeof value === "number" && Number.isInteger(value) && value >= -3 && value <= 3) continue;
          const shown =
            typeof value === "string"
              ? `"${value}"`
              : typeof value === "object" && value !== null
                ? Array.isArray(value)
                  ? "[…]"
                  : "{…}"
                : String(value);
          report(
            attributeKeyPosition(context.source, context.lines, choice.node, "scores", key),
            `Unexpected score ${shown} for \`${key}\`, expected a whole number from -3 to 3`,
          );
        }
      }
    }
  },
};
