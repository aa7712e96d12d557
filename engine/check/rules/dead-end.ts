import { availableCount, flagNames } from "../../space.ts";
import type { Rule } from "../context.ts";

export const deadEnd: Rule = {
  id: "dead-end",
  severity: "error",
  description: "A scene where, in some reachable state, no choice is available.",
  applies: "scenario",
  check(context, report) {
    const space = context.space();
    if (space.truncated) return;
    const nodes = context.draft.nodes;
    const reported = new Set<number>();
    for (let s = 0; s < space.node.length; s++) {
      const index = space.node[s] ?? 0;
      const scene = nodes[index];
      if (scene?.kind !== "scene" || reported.has(index) || availableCount(space, s) > 0) continue;
      reported.add(index);
      if (scene.choices.length === 0) {
        report(
          scene.position,
          `Unexpected scene \`${scene.id}\` without choices, expected at least one \`<Choice>\` (or make it an \`<Ending>\`)`,
        );
      } else {
        const flags = flagNames(space, s);
        const state = flags.length ? `flags ${flags.map((f) => `\`${f}\``).join(", ")} are set` : "no flags are set";
        report(
          scene.position,
          `Unexpected dead end in \`${scene.id}\` when ${state}: no choice is available, expected at least one choice whose \`if\`/\`unless\` hold`,
        );
      }
    }
  },
};
