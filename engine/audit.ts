/**
 * The content-quality audit: can the best answer be guessed without reading,
 * do the scores carry real trade-offs, do endings agree with the path taken.
 * Computed exactly over the state space the checker explores (flags and loops
 * included), never by enumerating runs, so it stays fast where runs explode.
 */
import { isRealTradeoff, netOf, nodesOf, paretoOptimal, spaceOf } from "./analyze.ts";
import { plainText } from "./compile/prose.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { diagnostic } from "./diagnostics.ts";
import type { Position, Scenario, Scores, Tone } from "./model.ts";
import { own } from "./own.ts";
import type { StateSpace } from "./space.ts";
import { canReach, components } from "./space.ts";

export type AuditOption = {
  /** 1-based place among the options shown, in the author's order (what `play --script` takes). */
  readonly number: number;
  /** 0-based index among all of the scene's choices. */
  readonly choice: number;
  readonly scores: Scores;
  /** The net total change: the sum of its scores. */
  readonly net: number;
  /** Characters of its text as the trainee reads it. */
  readonly length: number;
  /** Has the highest net total at this decision (ties: every tied option). */
  readonly best: boolean;
  /** No other option here is as high on every principle and higher on one. */
  readonly pareto: boolean;
};

/** One decision: a scene with one set of options shown (a scene whose options depend on flags may give several). */
export type AuditDecision = {
  readonly scene: string;
  readonly position?: Position;
  readonly options: readonly AuditOption[];
  /** Best net total minus the runner-up's (0 when two options tie for best). */
  readonly margin: number;
  readonly tradeoff: boolean;
  /** Trainees see the options in the author's order here (`<Scene order="fixed">` or `shuffle: false`), not shuffled. */
  readonly fixedOrder: boolean;
  /**
   * Shares in 0..1 of this decision's best options that are shown first, shown
   * last, the longest, the shortest, and that cost something (a negative score
   * somewhere). Ties for best share: two best options, one of them first, give 0.5.
   */
  readonly bestFirst: number;
  readonly bestLast: number;
  readonly bestLongest: number;
  readonly bestShortest: number;
  readonly bestCosts: number;
};

export type StrategyId = `option-${number}` | "longest" | "shortest" | "greedy";

/** Where a content-blind strategy ends: an ending, or `loops` when it comes back to a state it has been in. */
export type StrategyResult = {
  readonly strategy: StrategyId;
  readonly label: string;
  /** The options it picks, 1-based as shown: `rehearse play <scenario> --script …`. */
  readonly script: readonly number[];
  readonly net: number;
} & ({ readonly outcome: "ending"; readonly ending: string; readonly tone?: Tone } | { readonly outcome: "loops" });

export type Range = { readonly min: number; readonly max: number };

export type EndingAudit = {
  readonly id: string;
  readonly title?: string;
  readonly tone?: Tone;
  readonly position?: Position;
  readonly reachable: boolean;
  /** Over the complete runs that reach this ending (absent when none does). */
  readonly net?: Range;
  readonly principles?: Readonly<Record<string, Range>>;
  /** A run reaching it with the lowest net total, and one with the highest (scripts, 1-based as shown). */
  readonly lowest?: readonly number[];
  readonly highest?: readonly number[];
};

export type ScenarioAudit = {
  readonly scenario: string;
  readonly file: string;
  readonly title: string;
  readonly principles: readonly string[];
  readonly decisions: readonly AuditDecision[];
  /** Sums of the per-decision shares: divide by `decisions.length` for the share of decisions. */
  readonly bestFirst: number;
  readonly bestLast: number;
  readonly bestLongest: number;
  readonly bestShortest: number;
  readonly bestCosts: number;
  /** Decisions whose options trainees see in the author's order. */
  readonly fixedOrder: number;
  readonly strategies: readonly StrategyResult[];
  readonly tradeoffs: number;
  /** How many decisions have each margin between the best option and the runner-up. */
  readonly margins: Readonly<Record<string, number>>;
  /** Options with a net total below zero, counted at every decision that shows them, and how many of those score a point somewhere. */
  readonly netNegative: number;
  readonly consolations: number;
  readonly endings: readonly EndingAudit[];
  /** The highest net total of any complete run, the endings such runs reach, and one such run. */
  readonly bestRun: { readonly net: number; readonly endings: readonly string[]; readonly script: readonly number[] };
  /** How often each score value (−3 … +3) is given, over every choice. */
  readonly scale: Readonly<Record<string, number>>;
  /** The state space was too large to explore: the figures are partial. */
  readonly truncated: boolean;
};

const SCALE = ["-3", "-2", "-1", "0", "1", "2", "3"];

/** Audits one compiled scenario (one without errors). */
export function auditScenario(scenario: Scenario, space: StateSpace = spaceOf(scenario)): ScenarioAudit {
  const nodes = nodesOf(scenario);
  const principles = scenario.principles;
  const isEnding = (s: number) => nodes[space.node[s] ?? 0]?.kind === "ending";
  const complete = canReach(space, isEnding);
  const available = (s: number) =>
    space.availableChoice.slice(space.availableStart[s] ?? 0, space.availableStart[s + 1] ?? 0);
  const lengths = nodes.map((n) => (n.kind === "scene" ? n.choices.map((c) => plainText(c.text).length) : []));
  const nets = nodes.map((n) => (n.kind === "scene" ? n.choices.map((c) => netOf(c.scores, principles)) : []));

  // Decisions: each (scene, options shown) once, in the order runs first meet them.
  const decisions: AuditDecision[] = [];
  const seen = new Set<string>();
  for (let s = 0; s < space.node.length; s++) {
    const node = nodes[space.node[s] ?? 0];
    const shown = available(s);
    if (node?.kind !== "scene" || shown.length < 2 || !complete[s]) continue;
    const key = `${space.node[s]}:${shown.join(",")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fixed = scenario.shuffle === false || node.order === "fixed";
    decisions.push(
      decisionOf(node.id, node.position, shown, node.choices, principles, lengths[space.node[s] ?? 0], fixed),
    );
  }
  const sum = (f: (d: AuditDecision) => number) => decisions.reduce((a, d) => a + f(d), 0);
  const margins: Record<string, number> = {};
  for (const d of decisions) margins[String(d.margin)] = (margins[String(d.margin)] ?? 0) + 1;

  let netNegative = 0;
  let consolations = 0;
  for (const d of decisions)
    for (const o of d.options) {
      if (o.net >= 0) continue;
      netNegative++;
      if (principles.some((p) => (own(o.scores, p) ?? 0) > 0)) consolations++;
    }

  const scale: Record<string, number> = Object.fromEntries(SCALE.map((v) => [v, 0]));
  for (const scene of scenario.scenes)
    for (const choice of scene.choices)
      for (const v of Object.values(choice.scores)) scale[String(v)] = (scale[String(v)] ?? 0) + 1;

  const numberOf = (s: number, choice: number) => available(s).indexOf(choice) + 1;
  const strategies = strategiesOf(space, {
    maxOptions: Math.max(1, ...decisions.map((d) => d.options.length)),
    available,
    isEnding,
    netOf: (s, i) => nets[space.node[s] ?? 0]?.[i] ?? 0,
    lengthOf: (s, i) => lengths[space.node[s] ?? 0]?.[i] ?? 0,
    ending: (s) => nodes[space.node[s] ?? 0],
  });

  // Per choice: its net total, then its score on each principle.
  const deltas = nodes.map((n) =>
    n.kind === "scene"
      ? n.choices.map((c) =>
          Float64Array.from([netOf(c.scores, principles), ...principles.map((p) => own(c.scores, p) ?? 0)]),
        )
      : [],
  );
  const none = new Float64Array(principles.length + 1);
  const endingRanges = endingsOf(
    scenario,
    space,
    complete,
    (s, i) => deltas[space.node[s] ?? 0]?.[i] ?? none,
    numberOf,
  );
  let bestNet = Number.NEGATIVE_INFINITY;
  for (const e of endingRanges) if (e.net && e.net.max > bestNet) bestNet = e.net.max;
  const bestEndings = endingRanges.filter((e) => e.net && e.net.max === bestNet);

  return {
    scenario: scenario.id,
    file: scenario.file,
    title: scenario.title,
    principles,
    decisions,
    bestFirst: sum((d) => d.bestFirst),
    bestLast: sum((d) => d.bestLast),
    bestLongest: sum((d) => d.bestLongest),
    bestShortest: sum((d) => d.bestShortest),
    bestCosts: sum((d) => d.bestCosts),
    fixedOrder: decisions.filter((d) => d.fixedOrder).length,
    strategies,
    tradeoffs: decisions.filter((d) => d.tradeoff).length,
    margins,
    netNegative,
    consolations,
    endings: endingRanges,
    bestRun: {
      net: Number.isFinite(bestNet) ? bestNet : 0,
      endings: bestEndings.map((e) => e.id),
      script: bestEndings[0]?.highest ?? [],
    },
    scale,
    truncated: space.truncated,
  };
}

function decisionOf(
  scene: string,
  position: Position | undefined,
  shown: readonly number[],
  choices: readonly { readonly scores: Scores }[],
  principles: readonly string[],
  lengths: readonly number[] | undefined,
  fixedOrder: boolean,
): AuditDecision {
  const scores = shown.map((i) => choices[i]?.scores ?? {});
  const nets = scores.map((s) => netOf(s, principles));
  const lens = shown.map((i) => lengths?.[i] ?? 0);
  const top = Math.max(...nets);
  const pareto = paretoOptimal(scores, principles);
  const options: AuditOption[] = shown.map((choice, k) => ({
    number: k + 1,
    choice,
    scores: scores[k] ?? {},
    net: nets[k] ?? 0,
    length: lens[k] ?? 0,
    best: nets[k] === top,
    pareto: pareto[k] ?? false,
  }));
  const best = options.filter((o) => o.best);
  const share = (f: (o: AuditOption) => boolean) => best.filter(f).length / best.length;
  const longest = Math.max(...lens);
  const shortest = Math.min(...lens);
  const sorted = [...nets].sort((a, b) => b - a);
  return {
    scene,
    ...(position ? { position } : {}),
    options,
    margin: (sorted[0] ?? 0) - (sorted[1] ?? 0),
    tradeoff: isRealTradeoff(scores, principles),
    fixedOrder,
    bestFirst: share((o) => o.number === 1),
    bestLast: share((o) => o.number === options.length),
    bestLongest: share((o) => o.length === longest),
    bestShortest: share((o) => o.length === shortest),
    bestCosts: share((o) => principles.some((p) => (own(o.scores, p) ?? 0) < 0)),
  };
}

type Walk = {
  readonly maxOptions: number;
  readonly available: (s: number) => number[];
  readonly isEnding: (s: number) => boolean;
  readonly netOf: (s: number, choice: number) => number;
  readonly lengthOf: (s: number, choice: number) => number;
  readonly ending: (s: number) => { readonly id?: string; readonly kind: string; readonly tone?: Tone } | undefined;
};

/**
 * The content-blind strategies, each played from the start. Ties go to the
 * option shown first; "option k" takes the last option where fewer than k are shown.
 */
function strategiesOf(space: StateSpace, walk: Walk): StrategyResult[] {
  const pickBy = (score: (s: number, i: number) => number) => (s: number, shown: readonly number[]) => {
    let best = 0;
    for (let k = 1; k < shown.length; k++) if (score(s, shown[k] ?? 0) > score(s, shown[best] ?? 0)) best = k;
    return best;
  };
  const list: [StrategyId, string, (s: number, shown: readonly number[]) => number][] = [];
  for (let k = 1; k <= walk.maxOptions; k++)
    list.push([`option-${k}`, `always option ${k}`, (_s, shown) => Math.min(k, shown.length) - 1]);
  list.push(["longest", "always the longest", pickBy(walk.lengthOf)]);
  list.push(["shortest", "always the shortest", pickBy((s, i) => -walk.lengthOf(s, i))]);
  list.push(["greedy", "highest immediate total", pickBy(walk.netOf)]);
  return list.map(([strategy, label, pick]) => {
    const script: number[] = [];
    const visited = new Set<number>();
    let net = 0;
    let s = 0;
    while (space.node.length > 0 && !walk.isEnding(s)) {
      const shown = walk.available(s);
      if (visited.has(s) || shown.length === 0) return { strategy, label, script, net, outcome: "loops" as const };
      visited.add(s);
      const k = pick(s, shown);
      const choice = shown[k] ?? 0;
      let next = -1;
      for (let e = space.edgeStart[s] ?? 0; e < (space.edgeStart[s + 1] ?? 0); e++)
        if (space.edgeChoice[e] === choice) next = space.edgeTarget[e] ?? -1;
      if (next < 0) return { strategy, label, script, net, outcome: "loops" as const };
      script.push(k + 1);
      net += walk.netOf(s, choice);
      s = next;
    }
    const node = walk.ending(s);
    return {
      strategy,
      label,
      script,
      net,
      outcome: "ending" as const,
      ending: node?.id ?? "",
      ...(node?.tone ? { tone: node.tone } : {}),
    };
  });
}

/**
 * Per ending: the lowest and highest net total and per-principle totals over
 * the complete runs that reach it, by the condensed technique of the analysis
 * (cycles carry no score, so a cycle's states share their ranges), with a
 * witness run for the lowest and the highest net total.
 */
function endingsOf(
  scenario: Scenario,
  space: StateSpace,
  complete: Uint8Array,
  deltaOf: (s: number, choice: number) => Float64Array,
  numberOf: (s: number, choice: number) => number,
): EndingAudit[] {
  const principles = scenario.principles;
  const n = space.node.length;
  const { component, count } = components(space);
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let s = 0; s < n; s++) members[component[s] ?? 0]?.push(s);
  // Dimension 0 is the net total, then one per principle.
  const k = principles.length + 1;
  const base = scenario.scenes.length;
  const edgeFrom = new Int32Array(space.edgeTarget.length);
  for (let s = 0; s < n; s++)
    for (let edge = space.edgeStart[s] ?? 0; edge < (space.edgeStart[s + 1] ?? 0); edge++) edgeFrom[edge] = s;
  return scenario.endings.map((ending, e) => {
    const target = base + e;
    const min = new Float64Array(count * k).fill(Number.POSITIVE_INFINITY);
    const max = new Float64Array(count * k).fill(Number.NEGATIVE_INFINITY);
    // The edge leaving each component on a lowest-net and on a highest-net run.
    const lowEdge = new Int32Array(count).fill(-1);
    const highEdge = new Int32Array(count).fill(-1);
    for (let c = 0; c < count; c++) {
      const o = c * k;
      for (const s of members[c] ?? []) {
        if (space.node[s] === target) {
          min.fill(0, o, o + k);
          max.fill(0, o, o + k);
        }
      }
      for (const s of members[c] ?? []) {
        for (let edge = space.edgeStart[s] ?? 0; edge < (space.edgeStart[s + 1] ?? 0); edge++) {
          const t = component[space.edgeTarget[edge] ?? 0] ?? 0;
          if (t === c || !complete[space.edgeTarget[edge] ?? 0] || !Number.isFinite(min[t * k] ?? Number.NaN)) continue;
          const deltas = deltaOf(s, space.edgeChoice[edge] ?? 0);
          const to = t * k;
          for (let d = 0; d < k; d++) {
            const delta = deltas[d] ?? 0;
            const lo = (min[to + d] ?? 0) + delta;
            const hi = (max[to + d] ?? 0) + delta;
            if (lo < (min[o + d] ?? 0)) {
              min[o + d] = lo;
              if (d === 0) lowEdge[c] = edge;
            }
            if (hi > (max[o + d] ?? 0)) {
              max[o + d] = hi;
              if (d === 0) highEdge[c] = edge;
            }
          }
        }
      }
    }
    const root = n > 0 ? (component[0] ?? 0) : -1;
    const info = {
      id: ending.id,
      ...(ending.title === undefined ? {} : { title: ending.title }),
      ...(ending.tone === undefined ? {} : { tone: ending.tone }),
      ...(ending.position === undefined ? {} : { position: ending.position }),
    };
    if (root < 0 || !Number.isFinite(min[root * k] ?? Number.NaN)) return { ...info, reachable: false };
    const range = (d: number): Range => ({ min: min[root * k + d] ?? 0, max: max[root * k + d] ?? 0 });
    const witness = (exits: Int32Array) => runTo(space, component, exits, edgeFrom, target, numberOf);
    return {
      ...info,
      reachable: true,
      net: range(0),
      principles: Object.fromEntries(principles.map((p, i) => [p, range(i + 1)])),
      lowest: witness(lowEdge),
      highest: witness(highEdge),
    };
  });
}

/** Follows the chosen exit of each component from the start, moving inside a component by breadth-first search. */
function runTo(
  space: StateSpace,
  component: readonly number[],
  exits: Int32Array,
  edgeFrom: Int32Array,
  target: number,
  numberOf: (s: number, choice: number) => number,
): number[] {
  const script: number[] = [];
  let s = 0;
  for (let guard = 0; guard <= space.node.length && space.node[s] !== target; guard++) {
    const c = component[s] ?? 0;
    const exit = exits[c] ?? -1;
    if (exit < 0) break;
    const from = edgeFrom[exit] ?? 0;
    // Inside the component: the shortest way from s to the exit's state (no scores change on the way).
    const previous = new Map<number, number>([[s, -1]]);
    const queue = [s];
    for (let head = 0; head < queue.length && !previous.has(from); head++) {
      const at = queue[head] ?? 0;
      for (let edge = space.edgeStart[at] ?? 0; edge < (space.edgeStart[at + 1] ?? 0); edge++) {
        const next = space.edgeTarget[edge] ?? 0;
        if (component[next] !== c || previous.has(next)) continue;
        previous.set(next, edge);
        queue.push(next);
      }
    }
    const inside: number[] = [];
    for (let at = from; at !== s; ) {
      const edge = previous.get(at) ?? -1;
      if (edge < 0) break;
      inside.push(edge);
      at = edgeFrom[edge] ?? 0;
    }
    for (const edge of [...inside.reverse(), exit])
      script.push(numberOf(edgeFrom[edge] ?? 0, space.edgeChoice[edge] ?? 0));
    s = space.edgeTarget[exit] ?? 0;
  }
  return script;
}

/** The audit's rules: each a threshold (or on/off) from the `audit` object of `rehearse.config.json`. */
export type AuditThresholds = {
  /** At most this % of decisions may show the best option first. */
  readonly "guessable-order": number | false;
  /** At most this % of decisions may have the best option as the longest. */
  readonly "guessable-length": number | false;
  /** No content-blind strategy (always option k, the longest, the shortest) may reach a positive ending. */
  readonly "guessable-path": boolean;
  /** At least this many real trade-offs per scenario. */
  readonly "few-tradeoffs": number | false;
  /** No positive ending may be reachable with a net total below this. */
  readonly "cheap-ending": number | false;
  /** The best option must cost something (a negative score) at no fewer than this % of decisions. */
  readonly "costless-best": number | false;
  /** At most this % of net-negative options may carry a positive score. */
  readonly "consolation-points": number | false;
  /** The highest-scoring run must reach a positive ending. */
  readonly "unrewarded-best": boolean;
};

export type AuditRuleId = keyof AuditThresholds;

export const DEFAULT_THRESHOLDS: AuditThresholds = {
  "guessable-order": 40,
  "guessable-length": 40,
  "guessable-path": true,
  "few-tradeoffs": 2,
  "cheap-ending": 0,
  "costless-best": 25,
  "consolation-points": 25,
  "unrewarded-best": true,
};

/** Every audit rule with what it means and how to fix a finding, in report order (for the guide and `--help`). */
export const AUDIT_RULES: readonly { readonly id: AuditRuleId; readonly description: string; readonly fix: string }[] =
  [
    {
      id: "guessable-order",
      description: "The best option (highest net total) is shown first at more than the allowed share of decisions.",
      fix: "Put the best option in other places too; where options are a scale, keep their order and accept it.",
    },
    {
      id: "guessable-length",
      description: "The best option is the longest text at more than the allowed share of decisions.",
      fix: "Give the weaker options their full reasoning too, and say the best one plainly.",
    },
    {
      id: "guessable-path",
      description:
        "A strategy that never reads (always option k, always the longest, always the shortest) reaches a positive ending.",
      fix: "Vary where the best option stands and how long it is, so no position or length leads to the positive ending.",
    },
    {
      id: "few-tradeoffs",
      description:
        "Fewer real trade-offs than required: decisions where two Pareto-optimal options with different scores are within 1 point of the best net total.",
      fix: "Give the best option a cost on one principle and a rival option a gain there, until their net totals are within a point.",
    },
    {
      id: "cheap-ending",
      description:
        "A positive ending is reachable with a net total below the threshold, so its text praises what the run did not do.",
      fix: "Gate the positive ending with a flag set by the choices it praises, or lead low-scoring paths to the mixed ending.",
    },
    {
      id: "costless-best",
      description: "The best option costs nothing (no negative score) at too many decisions: the right answer is free.",
      fix: "Score what the best option gives up: time, comfort, another principle.",
    },
    {
      id: "consolation-points",
      description: "Too many options with a negative net total carry a positive score somewhere.",
      fix: "Keep a positive score where the option really serves that principle; drop points given as consolation.",
    },
    {
      id: "unrewarded-best",
      description: "The run with the highest net total does not reach a positive ending.",
      fix: "Lead the best-scoring path to the positive ending, or rescore the choices that lead elsewhere.",
    },
  ];

const FRONTMATTER: Position = { line: 1, column: 1 };
const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((100 * part) / whole));
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0");
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A finding: a warning in the checker's shape, positioned at the frontmatter or the ending concerned. */
export type Finding = {
  readonly rule: AuditRuleId;
  readonly position: Position;
  readonly message: string;
};

/** The findings of one scenario's audit against the thresholds. */
export function auditFindings(audit: ScenarioAudit, t: AuditThresholds = DEFAULT_THRESHOLDS): Finding[] {
  const out: Finding[] = [];
  const n = audit.decisions.length;
  const share = (part: number) => `${Math.round(part * 10) / 10} of ${plural(n, "decision")} (${percent(part, n)}%)`;
  const order = t["guessable-order"];
  if (order !== false && n > 0 && percent(audit.bestFirst, n) > order)
    out.push({
      rule: "guessable-order",
      position: FRONTMATTER,
      message: `The best option is shown first at ${share(audit.bestFirst)}, expected at most ${order}%: always picking option 1 finds it without reading`,
    });
  const length = t["guessable-length"];
  if (length !== false && n > 0 && percent(audit.bestLongest, n) > length)
    out.push({
      rule: "guessable-length",
      position: FRONTMATTER,
      message: `The best option is the longest at ${share(audit.bestLongest)}, expected at most ${length}%: the longest answer gives it away`,
    });
  if (t["guessable-path"]) {
    const blind = audit.strategies.filter(
      (s) => s.strategy !== "greedy" && s.outcome === "ending" && s.tone === "positive",
    );
    const first = blind[0];
    if (first?.outcome === "ending")
      out.push({
        rule: "guessable-path",
        position: FRONTMATTER,
        message: `${blind.map((s) => `"${s.label}"`).join(", ")} ${blind.length === 1 ? "reaches" : "reach"} a positive ending without reading (e.g. \`${first.ending}\` by --script ${first.script.join(",")}), expected a content-blind strategy to miss it`,
      });
  }
  const few = t["few-tradeoffs"];
  if (few !== false && audit.tradeoffs < few)
    out.push({
      rule: "few-tradeoffs",
      position: FRONTMATTER,
      message: `${plural(audit.tradeoffs, "real trade-off")} (two Pareto-optimal options within 1 point of the best net total), expected at least ${few}`,
    });
  const cheap = t["cheap-ending"];
  if (cheap !== false)
    for (const e of audit.endings)
      if (e.tone === "positive" && e.net && e.net.min < cheap)
        out.push({
          rule: "cheap-ending",
          position: e.position ?? FRONTMATTER,
          message: `Positive ending \`${e.id}\` is reachable with a net total of ${signed(e.net.min)} (--script ${(e.lowest ?? []).join(",")}), expected at least ${signed(cheap)}`,
        });
  const costs = t["costless-best"];
  if (costs !== false && n > 0 && percent(audit.bestCosts, n) < costs)
    out.push({
      rule: "costless-best",
      position: FRONTMATTER,
      message: `The best option costs something (a negative score) at only ${share(audit.bestCosts)}, expected at least ${costs}%`,
    });
  const consolation = t["consolation-points"];
  if (consolation !== false && percent(audit.consolations, audit.netNegative) > consolation)
    out.push({
      rule: "consolation-points",
      position: FRONTMATTER,
      message: `${audit.consolations} of ${plural(audit.netNegative, "net-negative option")} (${percent(audit.consolations, audit.netNegative)}%) score a point somewhere, expected at most ${consolation}%`,
    });
  if (t["unrewarded-best"] && audit.endings.some((e) => e.tone === "positive" && e.reachable)) {
    const missed = audit.endings.filter((e) => audit.bestRun.endings.includes(e.id) && e.tone !== "positive");
    const first = missed[0];
    if (first)
      out.push({
        rule: "unrewarded-best",
        position: first.position ?? FRONTMATTER,
        message: `The highest-scoring run (net ${signed(audit.bestRun.net)}, --script ${(first.highest ?? []).join(",")}) ends at \`${first.id}\`${first.tone ? ` (${first.tone})` : ""}, expected a positive ending`,
      });
  }
  return out;
}

/** The findings as diagnostics (warnings), like every other check. */
export function findingDiagnostics(audit: ScenarioAudit, t: AuditThresholds = DEFAULT_THRESHOLDS): Diagnostic[] {
  return auditFindings(audit, t).map((f) => diagnostic(audit.file, f.position, "warning", f.rule, f.message));
}

/** The library as a whole: sums over its scenarios. */
export type LibraryAudit = {
  readonly scenarios: number;
  readonly decisions: number;
  readonly bestFirst: number;
  readonly bestLast: number;
  readonly bestLongest: number;
  readonly bestShortest: number;
  readonly bestCosts: number;
  readonly fixedOrder: number;
  /** Per strategy: of the scenarios it applies to (option k: those with k options somewhere), how many it ends in each tone, or loops. */
  readonly strategies: readonly {
    readonly strategy: StrategyId;
    readonly label: string;
    readonly scenarios: number;
    readonly positive: number;
    readonly mixed: number;
    readonly negative: number;
    readonly other: number;
    readonly loops: number;
  }[];
  readonly tradeoffs: number;
  /** Scenarios with fewer real trade-offs than `few-tradeoffs` asks (default 2). */
  readonly fewTradeoffs: number;
  readonly margins: Readonly<Record<string, number>>;
  readonly netNegative: number;
  readonly consolations: number;
  /** Positive endings reachable below the `cheap-ending` net total (default 0). */
  readonly cheapEndings: number;
  /** Scenarios whose highest-scoring run reaches a positive ending. */
  readonly bestRunPositive: number;
  readonly scale: Readonly<Record<string, number>>;
};

export function auditLibrary(audits: readonly ScenarioAudit[], t: AuditThresholds = DEFAULT_THRESHOLDS): LibraryAudit {
  const sum = (f: (a: ScenarioAudit) => number) => audits.reduce((x, a) => x + f(a), 0);
  const add = (into: Record<string, number>, from: Readonly<Record<string, number>>) => {
    for (const [k, v] of Object.entries(from)) into[k] = (own(into, k) ?? 0) + v;
  };
  const margins: Record<string, number> = {};
  const scale: Record<string, number> = {};
  for (const a of audits) {
    add(margins, a.margins);
    add(scale, a.scale);
  }
  const strategyIds = new Map<StrategyId, string>();
  for (const a of audits) for (const s of a.strategies) strategyIds.set(s.strategy, s.label);
  const order = (id: StrategyId) =>
    id.startsWith("option-")
      ? Number(id.slice(7))
      : { longest: 1e3, shortest: 1e3 + 1, greedy: 1e3 + 2 }[id as "longest"];
  const strategies = [...strategyIds]
    .sort(([a], [b]) => order(a) - order(b))
    .map(([strategy, label]) => {
      const row = { strategy, label, scenarios: 0, positive: 0, mixed: 0, negative: 0, other: 0, loops: 0 };
      for (const a of audits) {
        const s = a.strategies.find((x) => x.strategy === strategy);
        if (!s) continue;
        row.scenarios++;
        if (s.outcome === "loops") row.loops++;
        else if (s.tone) row[s.tone]++;
        else row.other++;
      }
      return row;
    });
  const few = t["few-tradeoffs"] === false ? 2 : t["few-tradeoffs"];
  const cheap = t["cheap-ending"] === false ? 0 : t["cheap-ending"];
  return {
    scenarios: audits.length,
    decisions: sum((a) => a.decisions.length),
    bestFirst: sum((a) => a.bestFirst),
    bestLast: sum((a) => a.bestLast),
    bestLongest: sum((a) => a.bestLongest),
    bestShortest: sum((a) => a.bestShortest),
    bestCosts: sum((a) => a.bestCosts),
    fixedOrder: sum((a) => a.fixedOrder),
    strategies,
    tradeoffs: sum((a) => a.tradeoffs),
    fewTradeoffs: audits.filter((a) => a.tradeoffs < few).length,
    margins,
    netNegative: sum((a) => a.netNegative),
    consolations: sum((a) => a.consolations),
    cheapEndings: sum((a) => a.endings.filter((e) => e.tone === "positive" && e.net && e.net.min < cheap).length),
    bestRunPositive: audits.filter(
      (a) =>
        a.bestRun.endings.length > 0 &&
        a.bestRun.endings.every((id) => a.endings.find((e) => e.id === id)?.tone === "positive"),
    ).length,
    scale,
  };
}
