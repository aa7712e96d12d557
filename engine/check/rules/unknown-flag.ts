import { closest } from "../../compile/frontmatter.ts";
import type { Rule } from "../context.ts";
import { flagUses } from "./flag-uses.ts";

export const unknownFlag: Rule = {
  id: "unknown-flag",
  severity: "error",
  description: "`if`, `unless` or `<When>` reads a flag that no choice sets.",
  applies: "scenario",
  check(context, report) {
    const { sets, reads } = flagUses(context);
    const known = [...new Set(sets.map((s) => s.flag))];
    for (const read of reads) {
      if (known.includes(read.flag)) continue;
      const near = closest(read.flag, known);
      report(
        context.attributePosition(read.node, read.attribute),
        `Unexpected flag \`${read.flag}\` that no choice sets, expected ${near ? `\`${near}\`` : "a flag named in some choice's `set`"}`,
        near ? `did you mean \`${near}\`?` : undefined,
      );
    }
  },
};
