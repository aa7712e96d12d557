import { availableCount, canReach, edgeCount } from "../../space.ts";
import type { Rule } from "../context.ts";

export const trap: Rule = {
  id: "trap",
  severity: "error",
  description: "Scenes from which no ending can be reached.",
  applies: "scenario",
  check(context, report) {
    // Without any ending every scene is a trap: `no-ending` says so, once.
    if (!context.draft.nodes.some((n) => n.kind === "ending")) return;
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
    // One diagnostic per trap region: trapped scenes that lead into one another are one mistake.
    const parent = new Map<number, number>();
    const find = (n: number): number => {
      let root = n;
      while (parent.get(root) !== root) root = parent.get(root) ?? root;
      parent.set(n, root);
      return root;
    };
    for (let s = 0; s < space.node.length; s++) {
      const index = space.node[s] ?? 0;
      if (!exit[s] && !parent.has(index)) parent.set(index, index);
    }
    for (let s = 0; s < space.node.length; s++) {
      if (exit[s]) continue;
      for (let e = space.edgeStart[s] ?? 0; e < (space.edgeStart[s + 1] ?? 0); e++) {
        const t = space.edgeTarget[e] ?? 0;
        if (exit[t]) continue;
        const a = find(space.node[s] ?? 0);
        const b = find(space.node[t] ?? 0);
        if (a !== b) parent.set(Math.max(a, b), Math.min(a, b));
      }
    }
    const regions = new Map<number, number[]>();
    for (const index of [...parent.keys()].sort((a, b) => a - b)) {
      const root = find(index);
      const region = regions.get(root);
      if (region) region.push(index);
      else regions.set(root, [index]);
    }
    for (const region of regions.values()) {
      const scenes = region.map((i) => nodes[i]).filter((n) => n !== undefined);
      const first = scenes[0];
      if (!first) continue;
      const names = scenes.map((n) => `\`${n.id}\``);
      const from = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
      report(
        first.position,
        `Unexpected trap: no ending can be reached from ${from}, expected a path out to an \`<Ending>\``,
      );
    }
  },
};
