import { nodePosition } from "../../compile/attributes.ts";
import type { Rule } from "../context.ts";

export const esmNotAllowed: Rule = {
  id: "esm-not-allowed",
  severity: "error",
  description: "`import` and `export` are not allowed: scenarios are data, never code.",
  applies: "both",
  check(context, report) {
    for (const { node } of context.ofType("mdxjsEsm")) {
      const keyword = /^\s*export\b/.test(String(node.value ?? "")) ? "export" : "import";
      report(
        nodePosition(node),
        `Unexpected \`${keyword}\`, expected prose and components only (scenario files are data and are never run)`,
      );
    }
  },
};
