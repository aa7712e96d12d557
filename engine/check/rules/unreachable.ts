import type { Rule } from "../context.ts";

export const unreachable: Rule = {
  id: "unreachable",
  severity: "warning",
  description: "A scene, ending or choice that no run can reach.",
  applies: "scenario",
  check(context, report) {
    const space = context.space();
    if (space.truncated || space.node.length === 0) return;
    const nodes = context.draft.nodes;
    const reached = new Uint8Array(nodes.length);
    for (let s = 0; s < space.node.length; s++) reached[space.node[s] ?? 0] = 1;
    const everSet = new Set(space.flags);
    // Per choice (node index × the widest scene + choice index): offered in some state. A flat table
    // when it is small enough (a set took most of this rule's time on large scenarios), else a set.
    let width = 1;
    for (const n of nodes) if (n.choices.length > width) width = n.choices.length;
    const table = nodes.length * width <= 1 << 22 ? new Uint8Array(nodes.length * width) : undefined;
    const set = table ? undefined : new Set<number>();
    for (let s = 0; s < space.node.length; s++) {
      for (let i = space.availableStart[s] ?? 0; i < (space.availableStart[s + 1] ?? 0); i++) {
        const key = (space.node[s] ?? 0) * width + (space.availableChoice[i] ?? 0);
        if (table) table[key] = 1;
        else set?.add(key);
      }
    }
    const offered = (key: number) => (table ? table[key] === 1 : (set?.has(key) ?? false));
    // A duplicated id is `duplicate-id`'s business: which of the two a choice reaches is no second mistake.
    const count = new Map<string, number>();
    for (const node of nodes) if (node.id !== undefined) count.set(node.id, (count.get(node.id) ?? 0) + 1);
    for (const [index, node] of nodes.entries()) {
      if (node.id === undefined || (count.get(node.id) ?? 0) > 1) continue;
      if (!reached[index]) {
        const what = node.kind === "scene" ? "scene" : "ending";
        report(node.position, `Unexpected ${what} \`${node.id}\` that no run reaches, expected a choice leading to it`);
        continue;
      }
      for (const choice of node.choices) {
        if (offered(index * width + choice.index)) continue;
        if (choice.if.some((f) => !everSet.has(f))) continue; // unknown-flag says why
        const needs = [...choice.if.map((f) => `\`${f}\``), ...choice.unless.map((f) => `not \`${f}\``)].join(" and ");
        report(
          choice.position,
          `Unexpected choice that is never available: no run reaches \`${node.id}\` with ${needs || "its conditions"}, expected conditions some run meets`,
        );
      }
    }
  },
};
