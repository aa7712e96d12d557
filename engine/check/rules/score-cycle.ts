import { components } from "../../space.ts";
import type { Rule } from "../context.ts";

export const scoreCycle: Rule = {
  id: "score-cycle",
  severity: "error",
  description: "A cycle of choices that changes a score, so scores would be unbounded.",
  applies: "scenario",
  check(context, report) {
    const space = context.space();
    if (space.truncated) return;
    const { component, cyclic } = components(space);
    const nodes = context.draft.nodes;
    const reported = new Set<string>();
    for (let s = 0; s < space.node.length; s++) {
      const c = component[s] ?? -1;
      if (!cyclic[c]) continue;
      const scene = nodes[space.node[s] ?? 0];
      for (let e = space.edgeStart[s] ?? 0; e < (space.edgeStart[s + 1] ?? 0); e++) {
        if (component[space.edgeTarget[e] ?? 0] !== c) continue;
        const choice = scene?.choices[space.edgeChoice[e] ?? 0];
        const key = `${space.node[s]}:${space.edgeChoice[e]}`;
        if (!choice || reported.has(key)) continue;
        if (!Object.values(choice.scores ?? {}).some((v) => typeof v === "number" && v !== 0)) continue;
        reported.add(key);
        report(
          context.attributePosition(choice.node, "scores"),
          `Unexpected score on a choice that can be taken again and again (a loop through \`${scene?.id}\`), expected no score inside a loop, or a flag that lets the loop run once`,
        );
      }
    }
  },
};
