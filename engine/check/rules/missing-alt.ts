import { nodePosition } from "../../compile/attributes.ts";
import type { Rule } from "../context.ts";

export const missingAlt: Rule = {
  id: "missing-alt",
  severity: "error",
  description: "An image without alt text.",
  applies: "both",
  check(context, report) {
    for (const { node } of context.ofType("image")) {
      if (!(node.alt ?? "").trim()) {
        report(nodePosition(node), "Unexpected image without alt text, expected ![what it shows](url)");
      }
    }
  },
};
