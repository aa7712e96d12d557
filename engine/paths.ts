import { nodesOf, spaceOf } from "./analyze.ts";
import type { Scenario } from "./model.ts";

/**
 * The fewest choices that reach a scene or ending from the start, as the
 * 1-based numbers a player would press; undefined when no run reaches it.
 * Breadth first over (scene, flags) states, so the flags on arrival are the
 * ones the shortest path sets.
 */
export function shortestPathTo(scenario: Scenario, nodeId: string): number[] | undefined {
  const nodes = nodesOf(scenario);
  const space = spaceOf(scenario);
  const target = nodes.findIndex((n) => n.id === nodeId);
  if (target < 0) return undefined;
  const n = space.node.length;
  const parent = new Int32Array(n).fill(-1);
  const via = new Int32Array(n).fill(-1);
  const seen = new Uint8Array(n);
  const queue = [0];
  seen[0] = 1;
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head] ?? 0;
    if (space.node[s] === target) {
      const path: number[] = [];
      for (let at = s; at > 0; at = parent[at] ?? 0) path.push(via[at] ?? 0);
      return path.reverse();
    }
    const from = space.availableStart[s] ?? 0;
    const to = space.availableStart[s + 1] ?? 0;
    for (let e = space.edgeStart[s] ?? 0; e < (space.edgeStart[s + 1] ?? 0); e++) {
      const t = space.edgeTarget[e] ?? 0;
      if (seen[t]) continue;
      seen[t] = 1;
      parent[t] = s;
      // The number a player presses: the choice's place among those available in this state.
      let number = 1;
      for (let i = from; i < to && space.availableChoice[i] !== space.edgeChoice[e]; i++) number++;
      via[t] = number;
      queue.push(t);
    }
  }
  return undefined;
}

/** Scenes and endings with whether any run reaches them (for outlines). */
export function outline(
  scenario: Scenario,
): { id: string; title?: string; kind: "scene" | "ending"; reachable: boolean }[] {
  const space = spaceOf(scenario);
  const reached = new Set(space.node);
  return nodesOf(scenario).map((node, i) => ({
    id: node.id,
    ...(node.title === undefined ? {} : { title: node.title }),
    kind: node.kind,
    reachable: reached.has(i),
  }));
}
