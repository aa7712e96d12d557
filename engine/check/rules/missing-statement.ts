import { attributeText, nodePosition } from "../../compile/attributes.ts";
import { STATEMENTS_PER_PRINCIPLE, statementsOf } from "../../compile/statements.ts";
import type { Rule } from "../context.ts";

export const missingStatement: Rule = {
  id: "missing-statement",
  severity: "warning",
  description:
    "A principle without a self-assessment `<Statement>`, or with more than three: trainees rate each statement before and after training.",
  applies: "code",
  check(context, report) {
    for (const { node } of context.elements) {
      if (node.type !== "mdxJsxFlowElement" || node.name !== "Principle") continue;
      const statements = statementsOf(node);
      const name = attributeText(node, "id") ?? attributeText(node, "name") ?? "?";
      if (statements.length < STATEMENTS_PER_PRINCIPLE.min) {
        report(
          nodePosition(node),
          `Missing self-assessment statement in principle \`${name}\`, expected one to three \`<Statement>\` inside it ("I know where our confidentiality ends and how to say so")`,
        );
      }
      for (const extra of statements.slice(STATEMENTS_PER_PRINCIPLE.max)) {
        report(
          nodePosition(extra.node),
          `Unexpected statement ${statements.indexOf(extra) + 1} in principle \`${name}\`, expected one to three: a short self-assessment is one trainees finish`,
        );
      }
    }
  },
};
