import { hasText } from "../../compile/prose.ts";
import type { Rule } from "../context.ts";

export const emptyChoice: Rule = {
  id: "empty-choice",
  severity: "error",
  description: "A choice with no text for the trainee to read.",
  applies: "scenario",
  check(context, report) {
    for (const scene of context.draft.nodes) {
      for (const choice of scene.choices) {
        if (!hasText(choice.text)) {
          report(
            choice.position,
            "Unexpected empty `<Choice>`, expected the text the trainee chooses, before its `<Feedback>`",
          );
        }
      }
    }
  },
};
