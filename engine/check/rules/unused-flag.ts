import type { Rule } from "../context.ts";
import { flagUses } from "./flag-uses.ts";

export const unusedFlag: Rule = {
  id: "unused-flag",
  severity: "warning",
  description: "A flag that is set but never read.",
  applies: "scenario",
  check(context, report) {
    const { sets, reads } = flagUses(context);
    const read = new Set(reads.map((r) => r.flag));
    const reported = new Set<string>();
    for (const set of sets) {
      if (read.has(set.flag) || reported.has(set.flag)) continue;
      reported.add(set.flag);
      report(
        context.attributePosition(set.node, "set"),
        `Unexpected flag \`${set.flag}\` that nothing reads, expected an \`if\`, \`unless\` or \`<When>\` that uses it`,
      );
    }
  },
};
