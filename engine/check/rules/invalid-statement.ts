import { nodePosition } from "../../compile/attributes.ts";
import { statementsOf } from "../../compile/statements.ts";
import { isStatementId } from "../../training-record.ts";
import type { Rule } from "../context.ts";

const MAX_TEXT = 300;

export const invalidStatement: Rule = {
  id: "invalid-statement",
  severity: "error",
  description:
    "A self-assessment `<Statement>` without words, with too many, with an id that is not lowercase letters, digits and `-`, or with an id another statement has.",
  applies: "code",
  check(context, report) {
    const first = new Map<string, number>();
    for (const { node } of context.elements) {
      if (node.type !== "mdxJsxFlowElement" || node.name !== "Principle") continue;
      for (const statement of statementsOf(node)) {
        const where = statement.given ? context.attributePosition(statement.node, "id") : nodePosition(statement.node);
        if (statement.text === "")
          report(
            nodePosition(statement.node),
            "Missing statement text, expected a sentence a trainee can agree or disagree with",
          );
        else if (statement.text.length > MAX_TEXT)
          report(
            nodePosition(statement.node),
            `Unexpected statement of ${statement.text.length} characters, expected at most ${MAX_TEXT}: one sentence a trainee can rate`,
          );
        if (!isStatementId(statement.id)) {
          report(
            where,
            `Unexpected statement id \`${statement.id}\`, expected lowercase letters (a–z), digits and \`-\` only: training records name answers by it`,
          );
          continue;
        }
        const line = first.get(statement.id);
        if (line === undefined) first.set(statement.id, statement.node.position?.start.line ?? 1);
        else
          report(
            where,
            `Unexpected duplicate statement id \`${statement.id}\` (first used on line ${line}), expected each statement id once in the code`,
          );
      }
    }
  },
};
