/**
 * The state space of a scenario: every reachable (node, flags) pair and the
 * choices between them. The flag-aware rules (dead-end, trap, score-cycle,
 * unreachable) and the analysis all read it, so it is explored once.
 */

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

export type Edge = { readonly choice: number; readonly target: number };

export type StateSpace = {
  readonly flags: readonly string[];
  /** Per state: its node's index in `nodes`, and its flags as a bit mask over `flags`. */
  readonly node: readonly number[];
  readonly mask: readonly number[];
  /** Per state: the choices available there (by index in the scene) and where they lead. */
  readonly edges: readonly (readonly Edge[])[];
  /** Per state: the indexes of available choices, including those whose target is unknown. */
  readonly available: readonly (readonly number[])[];
  /** True when exploration stopped at `MAX_STATES` or `MAX_FLAGS`. */
  readonly truncated: boolean;
};

export const MAX_FLAGS = 31;
export const MAX_STATES = 200_000;

export function flagsOf(nodes: readonly SpaceNode[]): string[] {
  const names = new Set<string>();
  for (const n of nodes) for (const c of n.choices ?? []) for (const f of [...c.set, ...c.clear]) names.add(f);
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
  const empty: StateSpace = { flags, node: [], mask: [], edges: [], available: [], truncated: false };
  const startNode = index.get(start);
  if (startNode === undefined) return empty;
  if (flags.length > MAX_FLAGS) return { ...empty, truncated: true };

  // Per choice: masks to test and apply, precomputed once.
  const compiled = nodes.map((n) =>
    (n.choices ?? []).map((c) => ({
      target: c.to === undefined ? undefined : index.get(c.to),
      need: maskOf(c.if, bit),
      forbid: maskOf(c.unless, bit),
      // A flag read but never set can never hold.
      impossible: c.if.some((f) => !bit.has(f)),
      set: maskOf(c.set, bit),
      clear: maskOf(c.clear, bit),
    })),
  );

  const node: number[] = [];
  const mask: number[] = [];
  const edges: Edge[][] = [];
  const available: number[][] = [];
  const seen = new Map<number, number>();
  const key = (n: number, m: number) => n * 2 ** flags.length + m;
  const add = (n: number, m: number): number => {
    const k = key(n, m);
    const existing = seen.get(k);
    if (existing !== undefined) return existing;
    const id = node.length;
    seen.set(k, id);
    node.push(n);
    mask.push(m);
    edges.push([]);
    available.push([]);
    return id;
  };
  add(startNode, 0);
  let truncated = false;
  for (let s = 0; s < node.length; s++) {
    if (node.length > MAX_STATES) {
      truncated = true;
      break;
    }
    const m = mask[s] ?? 0;
    const choices = compiled[node[s] ?? 0] ?? [];
    for (const [i, c] of choices.entries()) {
      if (c.impossible || (m & c.need) !== c.need || (m & c.forbid) !== 0) continue;
      available[s]?.push(i);
      if (c.target === undefined) continue;
      const next = ((m & ~c.clear) | c.set) >>> 0;
      edges[s]?.push({ choice: i, target: add(c.target, next) });
    }
  }
  return { flags, node, mask, edges, available, truncated };
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

/** States from which some state satisfying `goal` can be reached (goal states included). */
export function canReach(space: StateSpace, goal: (state: number) => boolean): boolean[] {
  const n = space.node.length;
  const reverse: number[][] = Array.from({ length: n }, () => []);
  for (let s = 0; s < n; s++) for (const e of space.edges[s] ?? []) reverse[e.target]?.push(s);
  const result = new Array<boolean>(n).fill(false);
  const queue: number[] = [];
  for (let s = 0; s < n; s++)
    if (goal(s)) {
      result[s] = true;
      queue.push(s);
    }
  for (let i = 0; i < queue.length; i++) {
    for (const p of reverse[queue[i] ?? 0] ?? []) {
      if (!result[p]) {
        result[p] = true;
        queue.push(p);
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
export function components(space: StateSpace): { component: number[]; cyclic: boolean[]; count: number } {
  const n = space.node.length;
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const component = new Array<number>(n).fill(-1);
  const cyclic: boolean[] = [];
  const stack: number[] = [];
  let counter = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: { state: number; edge: number }[] = [{ state: root, edge: 0 }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1] as { state: number; edge: number };
      const out = space.edges[frame.state] ?? [];
      if (frame.edge < out.length) {
        const target = (out[frame.edge] as Edge).target;
        frame.edge++;
        if (index[target] === -1) {
          index[target] = low[target] = counter++;
          stack.push(target);
          onStack[target] = true;
          work.push({ state: target, edge: 0 });
        } else if (onStack[target]) {
          low[frame.state] = Math.min(low[frame.state] ?? 0, index[target] ?? 0);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent.state] = Math.min(low[parent.state] ?? 0, low[frame.state] ?? 0);
      if (low[frame.state] === index[frame.state]) {
        let size = 0;
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = false;
          component[member] = count;
          size++;
        } while (member !== frame.state);
        const selfLoop = out.some((e) => e.target === frame.state);
        cyclic.push(size > 1 || selfLoop);
        count++;
      }
    }
  }
  return { component, cyclic, count };
}
