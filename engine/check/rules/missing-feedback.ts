import { hasText } from "../../compile/prose.ts";
import type { Rule } from "../context.ts";

export const missingFeedback: Rule = {
  id: "missing-feedback",
  severity: "warning",
  description: "A choice without `<Feedback>` explaining why it helps or harms.",
  applies: "scenario",
  check(context, report) {
    for (const scene of context.draft.nodes) {
      for (const choice of scene.choices) {
        if (!choice.feedback || !hasText(choice.feedback)) {
          report(
            choice.position,
            "Unexpected choice without feedback, expected a `<Feedback>` saying which principles it touches and why",
          );
        }
      }
    }
  },
};
