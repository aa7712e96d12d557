import { availableCount, canReach, edgeCount } from "../../space.ts";
import type { Rule } from "../context.ts";

export const trap: Rule = {
  id: "trap",
  severity: "error",
  description: "Scenes from which no ending can be reached.",
  applies: "scenario",
  check(context, report) {
    const space = context.space();
    if (space.truncated) return;
    const nodes = context.draft.nodes;
    // A way out is an ending, or a problem reported by another rule (a dead end, an unknown target).
    const exit = canReach(space, (s) => {
      const node = nodes[space.node[s] ?? 0];
      if (!node || node.kind === "ending") return true;
      const available = availableCount(space, s);
      return available === 0 || available > edgeCount(space, s);
    });
    const reported = new Set<number>();
    for (let s = 0; s < space.node.length; s++) {
      const index = space.node[s] ?? 0;
      if (exit[s] || reported.has(index)) continue;
      reported.add(index);
      const scene = nodes[index];
      if (scene) {
        report(
          scene.position,
          `Unexpected trap: no ending can be reached from \`${scene.id}\`, expected a path out to an \`<Ending>\``,
        );
      }
    }
  },
};
