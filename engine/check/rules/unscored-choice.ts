import { findAttribute } from "../../compile/attributes.ts";
import { literalKeys } from "../../compile/literal.ts";
import type { Rule } from "../context.ts";

export const unscoredChoice: Rule = {
  id: "unscored-choice",
  severity: "warning",
  description: "A choice that scores no principle.",
  applies: "scenario",
  check(context, report) {
    for (const scene of context.draft.nodes) {
      for (const choice of scene.choices) {
        if (scoresSomething(choice.scores)) continue;
        // A `scores` that is not a literal object: reported elsewhere.
        if (choice.scores === undefined && findAttribute(choice.node, "scores")) continue;
        report(
          choice.position,
          "Unexpected choice without a score, expected `scores={{ principle: n }}` with at least one non-zero score",
        );
      }
    }
  },
};

function scoresSomething(scores: Readonly<Record<string, unknown>> | undefined): boolean {
  if (scores === undefined) return false;
  for (const key of literalKeys(scores)) if (scores[key] !== 0) return true;
  return false;
}
