import { findPlaceholders } from "../../compile/placeholders.ts";
import type { Rule } from "../context.ts";

export const supportPlaceholder: Rule = {
  id: "support-placeholder",
  severity: "warning",
  description:
    "A placeholder such as `[your local emergency number]` still in the support page (`support.mdx`): trainees would read it instead of the group's own contact.",
  applies: "support",
  check(context, report) {
    for (const { text, offset } of findPlaceholders(context.source)) {
      const start = context.lines.at(offset);
      const end = context.lines.at(offset + text.length);
      report(
        { line: start.line, column: start.column, endLine: end.line, endColumn: end.column },
        `Unexpected placeholder \`${text}\`, expected your group's own contact (a number, an address or a name) in its place`,
      );
    }
  },
};
