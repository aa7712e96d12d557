/**
 * The state space of a scenario: every reachable (node, flags) pair and the
 * choices between them. The flag-aware rules (dead-end, trap, score-cycle,
 * unreachable) and the analysis all read it, so it is explored once.
 */

import { memoized } from "./memo.ts";

export type SpaceChoice = {
  readonly to?: string;
  readonly scores?: Readonly<Record<string, unknown>>;
  readonly set: readonly string[];
  readonly clear: readonly string[];
  readonly if: readonly string[];
  readonly unless: readonly string[];
};

export type SpaceNode = {
  readonly kind: "scene" | "ending";
  readonly id?: string;
  readonly choices?: readonly SpaceChoice[];
};

/**
 * States are numbered in discovery order (breadth first, 0 is the start).
 * Edges and available choices are stored flat, in compressed rows: state s's
 * edges are `edgeChoice/edgeTarget[edgeStart[s] .. edgeStart[s + 1])`.
 */
export type StateSpace = {
  readonly flags: readonly string[];
  /** Per state: its node's index in `nodes`, and its flags as a bit mask over `flags`. */
  readonly node: readonly number[];
  readonly mask: readonly number[];
  /** Per state: the choices available there whose target exists, and the state each leads to. */
  readonly edgeStart: readonly number[];
  readonly edgeChoice: readonly number[];
  readonly edgeTarget: readonly number[];
  /** Per state: the indexes of available choices, including those whose target is unknown. */
  readonly availableStart: readonly number[];
  readonly availableChoice: readonly number[];
  /** True when exploration stopped at `MAX_STATES` or `MAX_FLAGS`. */
  readonly truncated: boolean;
};

export const stateCount = (space: StateSpace) => space.node.length;
export const availableCount = (space: StateSpace, s: number) =>
  (space.availableStart[s + 1] ?? 0) - (space.availableStart[s] ?? 0);
export const edgeCount = (space: StateSpace, s: number) => (space.edgeStart[s + 1] ?? 0) - (space.edgeStart[s] ?? 0);

export const MAX_FLAGS = 31;
export const MAX_STATES = 1_000_000;
/** Up to this many (node, flags) pairs, states are looked up in a flat table (4 bytes each) instead of a map. */
const DENSE_STATES = 1 << 20;

const explored = new WeakMap<object, StateSpace>();

/** Lets the compiler hand the space it explored to the analysis of the scenario it produced. */
export function rememberSpace(owner: object, space: StateSpace): void {
  explored.set(owner, space);
}

export function rememberedSpace(owner: object): StateSpace | undefined {
  return explored.get(owner);
}

export function flagsOf(nodes: readonly SpaceNode[]): string[] {
  const names = new Set<string>();
  for (const n of nodes)
    for (const c of n.choices ?? []) {
      for (const f of c.set) names.add(f);
      for (const f of c.clear) names.add(f);
    }
  return [...names].sort();
}

export function isAvailable(choice: SpaceChoice, has: (flag: string) => boolean): boolean {
  return choice.if.every(has) && !choice.unless.some(has);
}

export function exploreSpace(nodes: readonly SpaceNode[], start: string): StateSpace {
  const flags = flagsOf(nodes);
  const bit = new Map(flags.map((f, i) => [f, i] as const));
  const index = new Map<string, number>();
  for (const [i, n] of nodes.entries()) if (n.id !== undefined && !index.has(n.id)) index.set(n.id, i);
  const empty: StateSpace = {
    flags,
    node: [],
    mask: [],
    edgeStart: [0],
    edgeChoice: [],
    edgeTarget: [],
    availableStart: [0],
    availableChoice: [],
    truncated: false,
  };
  const startNode = index.get(start);
  if (startNode === undefined) return empty;
  if (flags.length > MAX_FLAGS) return { ...empty, truncated: true };

  // Per choice: masks to test and apply, precomputed once.
  const compiled = nodes.map((n) =>
    (n.choices ?? []).map((c) => ({
      target: c.to === undefined ? -1 : (index.get(c.to) ?? -1),
      need: maskOf(c.if, bit),
      forbid: maskOf(c.unless, bit),
      // A flag read but never set can never hold.
      impossible: c.if.some((f) => !bit.has(f)),
      set: maskOf(c.set, bit),
      clear: maskOf(c.clear, bit),
    })),
  );

  // The rows grow in buffers outside the JS heap (a 1,000-scene scenario has 15,000 states and 30,000
  // edges: growing arrays by `push` left megabytes of garbage per compile), then are copied out once.
  const node = new IntList(startNode);
  const mask = new IntList(0);
  const edgeStart = new IntList(0);
  const edgeChoice = new IntList();
  const edgeTarget = new IntList();
  const availableStart = new IntList(0);
  const availableChoice = new IntList();
  const stride = 2 ** flags.length;
  // (node, flags) → state: a flat table when it is small enough (state + 1; 0 is unseen), else a map.
  const dense = nodes.length * stride <= DENSE_STATES ? new Int32Array(nodes.length * stride) : undefined;
  const seen = dense ? undefined : new Map<number, number>();
  if (dense) dense[startNode * stride] = 1;
  else seen?.set(startNode * stride, 0);
  let truncated = false;
  for (let s = 0; s < node.length; s++) {
    if (node.length > MAX_STATES) {
      truncated = true;
      // Keep the rows whole: unexplored states have no edges.
      while (edgeStart.length <= node.length) edgeStart.push(edgeChoice.length);
      while (availableStart.length <= node.length) availableStart.push(availableChoice.length);
      break;
    }
    const m = mask.at(s);
    const choices = compiled[node.at(s)] ?? [];
    for (let i = 0; i < choices.length; i++) {
      const c = choices[i] as (typeof choices)[number];
      if (c.impossible || (m & c.need) !== c.need || (m & c.forbid) !== 0) continue;
      availableChoice.push(i);
      if (c.target < 0) continue;
      const next = ((m & ~c.clear) | c.set) >>> 0;
      const key = c.target * stride + next;
      let target = dense ? (dense[key] ?? 0) - 1 : (seen?.get(key) ?? -1);
      if (target < 0) {
        target = node.length;
        if (dense) dense[key] = target + 1;
        else seen?.set(key, target);
        node.push(c.target);
        mask.push(next);
      }
      edgeChoice.push(i);
      edgeTarget.push(target);
    }
    edgeStart.push(edgeChoice.length);
    availableStart.push(availableChoice.length);
  }
  return {
    flags,
    node: node.toArray(),
    mask: mask.toArray(),
    edgeStart: edgeStart.toArray(),
    edgeChoice: edgeChoice.toArray(),
    edgeTarget: edgeTarget.toArray(),
    availableStart: availableStart.toArray(),
    availableChoice: availableChoice.toArray(),
    truncated,
  };
}

/** A growable list of non-negative integers below 2³¹ (a flag mask has at most 31 bits). */
class IntList {
  #items = new Int32Array(256);
  length = 0;
  constructor(...first: number[]) {
    for (const v of first) this.push(v);
  }
  push(value: number): void {
    if (this.length === this.#items.length) {
      const grown = new Int32Array(this.length * 2);
      grown.set(this.#items);
      this.#items = grown;
    }
    this.#items[this.length++] = value;
  }
  at(index: number): number {
    return this.#items[index] ?? 0;
  }
  toArray(): number[] {
    // Sized once: `Array.from` on a typed array allocated several times the result along the way.
    const out = new Array<number>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.#items[i] ?? 0;
    return out;
  }
}

function maskOf(names: readonly string[], bit: ReadonlyMap<string, number>): number {
  let m = 0;
  for (const n of names) {
    const b = bit.get(n);
    if (b !== undefined) m |= 1 << b;
  }
  return m >>> 0;
}

/** The flag names set in a state. */
export function flagNames(space: StateSpace, state: number): string[] {
  const m = space.mask[state] ?? 0;
  return space.flags.filter((_, i) => (m & (1 << i)) !== 0);
}

/** For each state, its predecessors, in compressed rows (built once per space). */
const predecessors = memoized((space: StateSpace): { start: Int32Array; from: Int32Array } => {
  const n = space.node.length;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < space.edgeTarget.length; e++) {
    const t = space.edgeTarget[e] ?? 0;
    start[t + 1] = (start[t + 1] ?? 0) + 1;
  }
  for (let s = 0; s < n; s++) start[s + 1] = (start[s + 1] ?? 0) + (start[s] ?? 0);
  const fill = start.slice(0, n);
  const from = new Int32Array(space.edgeTarget.length);
  for (let s = 0; s < n; s++) {
    for (let e = space.edgeStart[s] ?? 0; e < (space.edgeStart[s + 1] ?? 0); e++) {
      const t = space.edgeTarget[e] ?? 0;
      from[fill[t] ?? 0] = s;
      fill[t] = (fill[t] ?? 0) + 1;
    }
  }
  return { start, from };
});

/** States from which some state satisfying `goal` can be reached (goal states included). */
export function canReach(space: StateSpace, goal: (state: number) => boolean): Uint8Array {
  const n = space.node.length;
  const { start, from } = predecessors(space);
  const result = new Uint8Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let s = 0; s < n; s++)
    if (goal(s)) {
      result[s] = 1;
      queue[tail++] = s;
    }
  for (let head = 0; head < tail; head++) {
    const t = queue[head] ?? 0;
    for (let i = start[t] ?? 0; i < (start[t + 1] ?? 0); i++) {
      const p = from[i] ?? 0;
      if (!result[p]) {
        result[p] = 1;
        queue[tail++] = p;
      }
    }
  }
  return result;
}

/**
 * Strongly connected components (iterative Tarjan). Returns each state's
 * component, with components numbered in reverse topological order (a
 * component's successors have smaller numbers), and which are cyclic.
 */
export type Components = {
  readonly component: readonly number[];
  readonly cyclic: readonly boolean[];
  readonly count: number;
};
/** The components of a space, computed once per space. */
export const components = memoized(tarjan);

function tarjan(space: StateSpace): Components {
  const n = space.node.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const component = new Array<number>(n).fill(-1);
  const cyclic: boolean[] = [];
  const stack = new Int32Array(n);
  let top = 0;
  // The depth-first search's own stack: the state and the next edge to follow.
  const workState = new Int32Array(n);
  const workEdge = new Int32Array(n);
  let counter = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    workState[0] = root;
    workEdge[0] = space.edgeStart[root] ?? 0;
    index[root] = low[root] = counter++;
    stack[top++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const s = workState[depth] ?? 0;
      const e = workEdge[depth] ?? 0;
      if (e < (space.edgeStart[s + 1] ?? 0)) {
        const target = space.edgeTarget[e] ?? 0;
        workEdge[depth] = e + 1;
        if (index[target] === -1) {
          index[target] = low[target] = counter++;
          stack[top++] = target;
          onStack[target] = 1;
          depth++;
          workState[depth] = target;
          workEdge[depth] = space.edgeStart[target] ?? 0;
        } else if (onStack[target]) {
          low[s] = Math.min(low[s] ?? 0, index[target] ?? 0);
        }
        continue;
      }
      depth--;
      if (depth >= 0) {
        const parent = workState[depth] ?? 0;
        low[parent] = Math.min(low[parent] ?? 0, low[s] ?? 0);
      }
      if (low[s] === index[s]) {
        let size = 0;
        let member: number;
        do {
          member = stack[--top] ?? 0;
          onStack[member] = 0;
          component[member] = count;
          size++;
        } while (member !== s);
        let selfLoop = false;
        for (let i = space.edgeStart[s] ?? 0; i < (space.edgeStart[s + 1] ?? 0); i++)
          if (space.edgeTarget[i] === s) selfLoop = true;
        cyclic.push(size > 1 || selfLoop);
        count++;
      }
    }
  }
  return { component, cyclic, count };
}
