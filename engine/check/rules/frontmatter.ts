import type { Rule } from "../context.ts";

export const frontmatter: Rule = {
  id: "frontmatter",
  severity: "error",
  description: "The frontmatter is missing, not YAML, or a field is wrong.",
  applies: "both",
  check(context, report) {
    if (context.source.trim() === "") {
      report({ line: 1, column: 1 }, "Unexpected empty file, expected a `---` frontmatter block, then the content");
      return;
    }
    for (const problem of context.frontmatterProblems) report(problem.position, problem.message, problem.help);
  },
};
