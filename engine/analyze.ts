import type { Lookahead } from "./lookahead.ts";
import type { Node, Scenario, Scores, Tone } from "./model.ts";
import { own } from "./own.ts";
import type { StateSpace } from "./space.ts";
import { canReach, components, exploreSpace, rememberedSpace } from "./space.ts";

/** Where run counts stop: beyond this, `runs.capped` is true. */
export const RUN_CAP = 1_000_000;

export type Analysis = {
  /** Per principle scored: the lowest and highest total over complete runs. */
  readonly range: Readonly<Record<string, { readonly min: number; readonly max: number }>>;
  readonly endings: readonly string[];
  /**
   * `capped`: the count stopped (at `RUN_CAP`, or because loops make runs endless); `unbounded`: loops
   * make the number of runs endless, so no cap would be enough.
   */
  readonly runs: { readonly count: number; readonly capped: boolean; readonly unbounded: boolean };
  /** Fewest and most choices from the start to an ending; `longest` is null when loops make runs unbounded. */
  readonly shortest: number;
  readonly longest: number | null;
  /** Reachable scenes where some run has two or more choices available. */
  readonly choicePoints: number;
  /** Decision points that are a real trade-off somewhere (see {@link isRealTradeoff}). */
  readonly tradeoffPoints: number;
  readonly scenes: number;
  readonly endingsByTone: Readonly<Record<Tone | "untoned", number>>;
  /**
   * Per state, the highest net total still reachable from it (see {@link lookaheadOf}): what the
   * debrief and the workshop room weigh options by. Absent when the state space was too large to explore.
   */
  readonly lookahead?: Lookahead;
};

/** The nodes in the order the state space numbers them: scenes, then endings. */
export function nodesOf(scenario: Scenario): Node[] {
  return [...scenario.scenes, ...scenario.endings];
}

export function spaceOf(scenario: Scenario): StateSpace {
  return rememberedSpace(scenario) ?? exploreSpace(nodesOf(scenario), scenario.start);
}

/** Exact score ranges and run statistics over every complete run, honouring flags. */
export function analyzeScenario(scenario: Scenario, space: StateSpace = spaceOf(scenario)): Analysis {
  const nodes = nodesOf(scenario);
  const principles = scenario.principles;
  const n = space.node.length;
  const isEnding = (s: number) => nodes[space.node[s] ?? 0]?.kind === "ending";
  const complete = canReach(space, isEnding);
  const { component, cyclic, count } = components(space);

  // Components come numbered so that successors have smaller numbers: walk them upwards.
  // Flat typed arrays (component × principle) keep this allocation-free on large scenarios.
  const first = new Int32Array(count + 1);
  for (let s = 0; s < n; s++) first[(component[s] ?? 0) + 1] = (first[(component[s] ?? 0) + 1] ?? 0) + 1;
  for (let c = 0; c < count; c++) first[c + 1] = (first[c + 1] ?? 0) + (first[c] ?? 0);
  const members = new Int32Array(n);
  const fill = first.slice(0, count);
  for (let s = 0; s < n; s++) {
    const c = component[s] ?? 0;
    members[fill[c] ?? 0] = s;
    fill[c] = (fill[c] ?? 0) + 1;
  }
  const k = principles.length;
  const deltas = nodes.map((node) =>
    node.kind === "scene" ? node.choices.map((c) => principles.map((p) => own(c.scores, p) ?? 0)) : [],
  );
  const min = new Float64Array(count * k).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(count * k).fill(Number.NEGATIVE_INFINITY);
  const paths = new Float64Array(count);
  const shortest = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
  const longest = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);
  const unbounded = new Uint8Array(count);

  for (let c = 0; c < count; c++) {
    const from = first[c] ?? 0;
    const to = first[c + 1] ?? 0;
    const base = c * k;
    let anyComplete = false;
    for (let i = from; i < to; i++) {
      const s = members[i] ?? 0;
      if (complete[s]) anyComplete = true;
      if (isEnding(s)) {
        min.fill(0, base, base + k);
        max.fill(0, base, base + k);
        paths[c] = 1;
        shortest[c] = 0;
        longest[c] = 0;
      }
    }
    if (cyclic[c] && anyComplete) unbounded[c] = 1;
    for (let i = from; i < to; i++) {
      const s = members[i] ?? 0;
      const sceneDeltas = deltas[space.node[s] ?? 0] ?? [];
      for (let e = space.edgeStart[s] ?? 0; e < (space.edgeStart[s + 1] ?? 0); e++) {
        const target = space.edgeTarget[e] ?? 0;
        const t = component[target] ?? 0;
        if (t === c || !complete[target]) continue;
        const d = sceneDeltas[space.edgeChoice[e] ?? 0] ?? [];
        const tBase = t * k;
        for (let p = 0; p < k; p++) {
          const delta = d[p] ?? 0;
          const lo = (min[tBase + p] ?? 0) + delta;
          const hi = (max[tBase + p] ?? 0) + delta;
          if (lo < (min[base + p] ?? 0)) min[base + p] = lo;
          if (hi > (max[base + p] ?? 0)) max[base + p] = hi;
        }
        paths[c] = Math.min(RUN_CAP + 1, (paths[c] ?? 0) + (paths[t] ?? 0));
        shortest[c] = Math.min(shortest[c] ?? 0, (shortest[t] ?? 0) + 1);
        longest[c] = Math.max(longest[c] ?? 0, (longest[t] ?? 0) + 1);
        if (unbounded[t]) unbounded[c] = 1;
      }
    }
  }

  const root = component[0] ?? 0;
  const range: Record<string, { min: number; max: number }> = {};
  for (const [p, id] of principles.entries()) {
    const lo = n > 0 ? (min[root * k + p] ?? 0) : 0;
    const hi = n > 0 ? (max[root * k + p] ?? 0) : 0;
    range[id] = { min: Number.isFinite(lo) ? lo : 0, max: Number.isFinite(hi) ? hi : 0 };
  }
  const reachedEndings = new Set<string>();
  for (let s = 0; s < n; s++) if (isEnding(s)) reachedEndings.add(nodes[space.node[s] ?? 0]?.id ?? "");
  const isUnbounded = n > 0 && unbounded[root] === 1;
  const runCount = n > 0 ? (paths[root] ?? 0) : 0;

  const byTone: Record<Tone | "untoned", number> = { positive: 0, mixed: 0, negative: 0, untoned: 0 };
  for (const e of scenario.endings) byTone[e.tone ?? "untoned"]++;
  const points = decisionPoints(scenario, space);
  const analysis: Analysis = {
    range,
    endings: scenario.endings.map((e) => e.id).filter((id) => reachedEndings.has(id)),
    runs: { count: Math.min(runCount, RUN_CAP), capped: isUnbounded || runCount > RUN_CAP, unbounded: isUnbounded },
    shortest: n > 0 && Number.isFinite(shortest[root]) ? (shortest[root] ?? 0) : 0,
    longest: isUnbounded ? null : n > 0 && Number.isFinite(longest[root]) ? (longest[root] ?? 0) : 0,
    choicePoints: points.choice,
    tradeoffPoints: points.tradeoff,
    scenes: scenario.scenes.length,
    endingsByTone: byTone,
  };
  if (space.truncated) return analysis;
  // The lookahead table is for players' debriefs: `check`, `audit` and `stats` never read it, so it
  // is worked out on first read (an own, enumerable property, so JSON and spreads still carry it).
  let lookahead: Lookahead | undefined;
  return Object.defineProperty(analysis, "lookahead", {
    enumerable: true,
    get: () => {
      lookahead ??= lookaheadOf(scenario, space);
      return lookahead;
    },
  });
}

const remembered = new WeakMap<Scenario, { readonly space: StateSpace; readonly values: Float64Array }>();

/**
 * Per state of the space: the highest net total (over the scenario's
 * principles) that the choices of any continuation from it to an ending can
 * add; 0 at an ending, −Infinity where no ending can be reached. Exact, by the
 * condensed technique of the analysis: the score-cycle rule lets no choice
 * inside a loop carry a score, so the states of a component share one value,
 * the best exit from any of them, and components are settled successors
 * first. Computed once per scenario (and space).
 */
export function bestRemaining(scenario: Scenario, space?: StateSpace): Float64Array {
  const hit = remembered.get(scenario);
  if (hit && (space === undefined || hit.space === space)) return hit.values;
  const explored = space ?? spaceOf(scenario);
  const values = remainingOver(scenario, explored);
  remembered.set(scenario, { space: explored, values });
  return values;
}

function remainingOver(scenario: Scenario, space: StateSpace): Float64Array {
  const nodes = nodesOf(scenario);
  const n = space.node.length;
  const { component, count } = components(space);
  const nets = nodes.map((node) =>
    node.kind === "scene" ? node.choices.map((c) => netOf(c.scores, scenario.principles)) : [],
  );
  // Components come numbered so that successors have smaller numbers: settle them in that order.
  const best = new Float64Array(count).fill(Number.NEGATIVE_INFINITY);
  // States grouped by component (a counting sort), in the components' order.
  const start = new Int32Array(count + 1);
  for (let s = 0; s < n; s++) start[(component[s] ?? 0) + 1] = (start[(component[s] ?? 0) + 1] ?? 0) + 1;
  for (let c = 0; c < count; c++) start[c + 1] = (start[c + 1] ?? 0) + (start[c] ?? 0);
  const order = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const c = component[s] ?? 0;
    order[start[c] ?? 0] = s;
    start[c] = (start[c] ?? 0) + 1;
  }
  for (const s of order) {
    const c = component[s] ?? 0;
    let value = best[c] ?? Number.NEGATIVE_INFINITY;
    if (nodes[space.node[s] ?? 0]?.kind === "ending" && value < 0) value = 0;
    const sceneNets = nets[space.node[s] ?? 0] ?? [];
    for (let e = space.edgeStart[s] ?? 0; e < (space.edgeStart[s + 1] ?? 0); e++) {
      const t = component[space.edgeTarget[e] ?? 0] ?? 0;
      if (t === c) continue;
      const through = (sceneNets[space.edgeChoice[e] ?? 0] ?? 0) + (best[t] ?? Number.NEGATIVE_INFINITY);
      if (through > value) value = through;
    }
    best[c] = value;
  }
  const values = new Float64Array(n);
  for (let s = 0; s < n; s++) values[s] = best[component[s] ?? 0] ?? Number.NEGATIVE_INFINITY;
  return values;
}

/**
 * The {@link bestRemaining} values as a table a player can read without the
 * state-space explorer: per scene id, per flag mask (see {@link Lookahead}).
 * The site ships it in `scenario.json`, which the debrief runs on.
 */
export function lookaheadOf(scenario: Scenario, space: StateSpace = spaceOf(scenario)): Lookahead {
  const nodes = nodesOf(scenario);
  const values = bestRemaining(scenario, space);
  // Keys are base-36 numbers, never an inherited name; scene ids go through a Map for the same reason.
  const perScene = new Map<string, Record<string, number>>();
  for (let s = 0; s < space.node.length; s++) {
    const node = nodes[space.node[s] ?? 0];
    const value = values[s] ?? Number.NEGATIVE_INFINITY;
    if (node?.kind !== "scene" || !Number.isFinite(value)) continue;
    let row = perScene.get(node.id);
    if (!row) {
      row = {};
      perScene.set(node.id, row);
    }
    row[((space.mask[s] ?? 0) >>> 0).toString(36)] = value;
  }
  return { flags: space.flags, best: Object.fromEntries(perScene) };
}

const NO_SCORES: Scores = {};

/** Counts scenes that offer a real choice, and those where that choice is a real trade-off in some state. */
function decisionPoints(scenario: Scenario, space: StateSpace): { choice: number; tradeoff: number } {
  const points = decisionScenes(scenario, space);
  return { choice: points.length, tradeoff: points.filter((p) => p.tradeoff).length };
}

/**
 * The decision points by name, in the file's order: reachable scenes where some run has two or more
 * choices available, each saying whether that choice is a real trade-off in some state.
 */
export function decisionScenes(
  scenario: Scenario,
  space: StateSpace = spaceOf(scenario),
): { id: string; title?: string; tradeoff: boolean }[] {
  const nodes = nodesOf(scenario);
  const choice = new Set<number>();
  const tradeoff = new Set<number>();
  // A scene is reached in many states (one per flag combination) but offers few different sets of
  // choices: each set is judged once per scene. Keys are the set as a bit mask (choices come in
  // index order), or as a list past 31 choices.
  // The first set judged per scene, and the other sets of the scenes reached with more than one.
  const firstSet: (number | string | undefined)[] = new Array(nodes.length);
  const otherSets = new Map<number, Set<number | string>>();
  const { availableStart, availableChoice } = space;
  // One list, refilled for each set judged (`isRealTradeoff` keeps no reference to it).
  const options: Scores[] = [];
  for (let s = 0; s < space.node.length; s++) {
    const index = space.node[s] ?? 0;
    const node = nodes[index];
    const from = availableStart[s] ?? 0;
    const to = availableStart[s + 1] ?? 0;
    if (node?.kind !== "scene" || to - from < 2) continue;
    choice.add(index);
    if (tradeoff.has(index)) continue;
    let key: number | string = 0;
    for (let i = from; i < to; i++) {
      const c = availableChoice[i] ?? 0;
      if (c >= 31) {
        key = availableChoice.slice(from, to).join(",");
        break;
      }
      key |= 1 << c;
    }
    const first = firstSet[index];
    if (first === undefined) firstSet[index] = key;
    else if (first === key) continue;
    else {
      let others = otherSets.get(index);
      if (!others) {
        others = new Set();
        otherSets.set(index, others);
      }
      if (others.has(key)) continue;
      others.add(key);
    }
    options.length = 0;
    for (let i = from; i < to; i++) options.push(node.choices[availableChoice[i] ?? 0]?.scores ?? NO_SCORES);
    if (isRealTradeoff(options, scenario.principles)) tradeoff.add(index);
  }
  return [...choice]
    .sort((a, b) => a - b)
    .map((index) => {
      const node = nodes[index];
      const id = node?.id ?? "";
      const title = node?.title;
      return title === undefined ? { id, tradeoff: tradeoff.has(index) } : { id, title, tradeoff: tradeoff.has(index) };
    });
}

/** The net total change of a choice: the sum of its scores over the principles. */
export function netOf(scores: Scores, principles: readonly string[]): number {
  let net = 0;
  for (const p of principles) net += own(scores, p) ?? 0;
  return net;
}

/** True when `a` is at least as high as `b` on every principle and higher on at least one (Pareto dominance). */
export function dominates(a: Scores, b: Scores, principles: readonly string[]): boolean {
  let higher = false;
  for (const p of principles) {
    const x = own(a, p) ?? 0;
    const y = own(b, p) ?? 0;
    if (x < y) return false;
    if (x > y) higher = true;
  }
  return higher;
}

/** For each option, whether it is Pareto-optimal: no other option dominates it. */
export function paretoOptimal(options: readonly Scores[], principles: readonly string[]): boolean[] {
  return options.map((a) => !options.some((b) => dominates(b, a, principles)));
}

/**
 * A decision is a real trade-off when at least two Pareto-optimal options with
 * different scores have net totals within 1 point of the best option's: the
 * principles pull against each other, and the scores do not settle it.
 */
export function isRealTradeoff(options: readonly Scores[], principles: readonly string[]): boolean {
  // Allocation-free (this runs for every set of choices a scene offers): the best net as `Math.max` gives
  // it (NaN if any is), then two different profiles among the close Pareto-optimal options, each
  // compared with the first such option rather than written out as a string.
  let best = Number.NEGATIVE_INFINITY;
  for (const option of options) {
    const net = netOf(option, principles);
    if (Number.isNaN(net) || net > best) best = net;
  }
  let first: Scores | undefined;
  for (const option of options) {
    if (!(netOf(option, principles) >= best - 1) || dominated(option, options, principles)) continue;
    if (first === undefined) first = option;
    else if (!sameProfile(first, option, principles)) return true;
  }
  return false;
}

function dominated(option: Scores, options: readonly Scores[], principles: readonly string[]): boolean {
  for (const other of options) if (dominates(other, option, principles)) return true;
  return false;
}

/** The same score on every principle, as the scores read when written out (`-0` is `0`). */
function sameProfile(a: Scores, b: Scores, principles: readonly string[]): boolean {
  for (const p of principles) {
    const x = own(a, p) ?? 0;
    const y = own(b, p) ?? 0;
    if (x !== y && String(x) !== String(y)) return false;
  }
  return true;
}
