import type { Analysis } from "./analyze.ts";
import { weighOptions } from "./lookahead.ts";
import type { Block, Choice, Ending, Scenario, Scores } from "./model.ts";
import { own } from "./own.ts";
import type { Position, Step } from "./run.ts";
import { availableChoices, nodeById, sceneById } from "./run.ts";
import { MIN_TESTED_RANGE, percentOf, replaySteps } from "./totals.ts";

// The totals a saved run carries live apart, so a player saving each step does not load the debrief.
export { MIN_TESTED_RANGE, percentOf, replaySteps } from "./totals.ts";

export type Move = {
  /** 1-based step number in the run. */
  readonly step: number;
  readonly scene: string;
  readonly sceneTitle?: string;
  readonly text: readonly Block[];
  readonly delta: number;
  readonly feedback: readonly Block[];
};

export type PrincipleResult = {
  readonly id: string;
  readonly raw: number;
  /** The lowest and highest total any complete run of the scenario reaches. */
  readonly min: number;
  readonly max: number;
  /** Where `raw` sits in `min`…`max`, 0–100; null when this run did not test the principle. */
  readonly percent: number | null;
  /**
   * Whether this run tested the principle: the scenario can move it by at least
   * MIN_TESTED_RANGE points, and some decision on this path offered options
   * that scored it differently.
   */
  readonly tested: boolean;
  /** Why it was not tested: the scenario's range is too narrow, or every option on this path scored it alike. */
  readonly untested?: "scenario" | "path";
  /**
   * The lowest and highest total this path allowed: at each of its decisions,
   * the lowest (highest) score any available option gave the principle, summed.
   * Equal when no decision on the path could move it.
   */
  readonly pathMin: number;
  readonly pathMax: number;
  /** The choices that moved it. */
  readonly moves: readonly Move[];
};

export type Option = {
  readonly number: number;
  readonly text: readonly Block[];
  readonly scores: Scores;
  readonly to: string;
  readonly feedback: readonly Block[];
  readonly chosen: boolean;
  /** The option's own net total change over the scenario's principles. */
  readonly net: number;
  /**
   * The highest net total a run can reach from this decision on through this
   * option: `net` plus the best that any continuation after it can still add
   * before its ending, flags honoured (see `weighOptions`). What the option is
   * worth counting what it makes possible, or rules out, later.
   */
  readonly lookahead: number;
  /**
   * Whether no other option here has a higher `lookahead` (ties share it): the
   * option that leads to the highest total from this point on, which is not
   * always the one that scores most at this step.
   */
  readonly best: boolean;
};

export type Decision = {
  readonly step: number;
  readonly scene: string;
  readonly sceneTitle?: string;
  readonly options: readonly Option[];
  /** The chosen option's text and feedback. */
  readonly text: readonly Block[];
  readonly feedback: readonly Block[];
  /** What the choice changed, per principle it moved (no zeros). */
  readonly changes: Scores;
  /**
   * Net points given up against the best option here, looking ahead: the best
   * option's `lookahead` minus the chosen option's, that is how much lower the
   * highest total still reachable became by this choice; 0 when the choice was
   * one of the best. A tempting option that scores more now but costs more
   * later gives points up.
   */
  readonly givenUp: number;
  /**
   * Per principle, the choice's own scores minus the best option's (the first
   * of the best in the scenario's order), at this step only: negative where the
   * choice scored less, positive where it scored more (as a tempting option
   * may, before its cost shows up later). Empty when `givenUp` is 0.
   */
  readonly againstBest: Scores;
  /** The `number` of the option `againstBest` compares with; absent when `givenUp` is 0. */
  readonly comparedWith?: number;
};

export type Debrief = {
  readonly ending?: Ending;
  readonly principles: readonly PrincipleResult[];
  /** Each decision once, in order: the choice, its change per principle, the points given up, and every option that was available. */
  readonly decisions: readonly Decision[];
  readonly scores: Readonly<Record<string, number>>;
  /** Per tested principle only: where the total sits in the scenario's range, 0–100. */
  readonly percent: Readonly<Record<string, number>>;
  /** Per tested principle: how many points this path could move it (`pathMax − pathMin`), a run's weight in a profile. */
  readonly reach: Readonly<Record<string, number>>;
  /** The steps where the most net points were given up (looking ahead, see `Decision.givenUp`), most first: at most three, only where some were. */
  readonly mattered: readonly number[];
};

/**
 * The debrief of a run: each principle in its range (tested or not on this
 * path), each decision with what it gave up, the roads not taken. Options are
 * weighed by looking ahead (`weighOptions`, from the analysis's lookahead
 * table): the best option at a decision is the one that leads to the highest
 * total from that point on, counting what it makes possible later.
 */
export function debriefRun(scenario: Scenario, analysis: Analysis, steps: readonly Step[]): Debrief {
  const { positions, choices } = replaySteps(scenario, steps);
  const final = positions[positions.length - 1] as Position;
  const node = nodeById(scenario, final.at);
  const principles = scenario.principles;
  const decisions: Decision[] = [];
  const moves = new Map<string, Move[]>();
  const pathMin: Record<string, number> = {};
  const pathMax: Record<string, number> = {};
  choices.forEach((choice, i) => {
    const position = positions[i] as Position;
    const scene = sceneById(scenario, position.at);
    if (!scene) return;
    const title = scene.title === undefined ? {} : { sceneTitle: scene.title };
    const available = availableChoices(scene, position.flags);
    for (const p of principles) {
      const values = available.map((c) => own(c.scores, p) ?? 0);
      pathMin[p] = (own(pathMin, p) ?? 0) + Math.min(...values);
      pathMax[p] = (own(pathMax, p) ?? 0) + Math.max(...values);
    }
    const weighed = weighOptions(scenario, analysis, position, available);
    const bestIndex = weighed.findIndex((w) => w.best);
    const best = available[bestIndex] as Choice;
    const top = weighed[bestIndex]?.lookahead ?? 0;
    const givenUp = top - (weighed[available.indexOf(choice)]?.lookahead ?? top);
    decisions.push({
      step: i + 1,
      scene: scene.id,
      ...title,
      options: available.map((c, n) => ({
        number: n + 1,
        text: c.text,
        scores: c.scores,
        to: c.to,
        feedback: c.feedback,
        chosen: c === choice,
        net: weighed[n]?.net ?? 0,
        lookahead: weighed[n]?.lookahead ?? 0,
        best: weighed[n]?.best ?? false,
      })),
      text: choice.text,
      feedback: choice.feedback,
      changes: nonZero(principles, (p) => own(choice.scores, p) ?? 0),
      givenUp,
      againstBest:
        givenUp === 0 ? {} : nonZero(principles, (p) => (own(choice.scores, p) ?? 0) - (own(best.scores, p) ?? 0)),
      ...(givenUp === 0 ? {} : { comparedWith: bestIndex + 1 }),
    });
    for (const [p, delta] of Object.entries(choice.scores)) {
      const list = moves.get(p) ?? [];
      list.push({ step: i + 1, scene: scene.id, ...title, text: choice.text, delta, feedback: choice.feedback });
      moves.set(p, list);
    }
  });
  const scores: Record<string, number> = {};
  const percent: Record<string, number> = {};
  const reach: Record<string, number> = {};
  const results = principles.map((id): PrincipleResult => {
    const raw = own(final.scores, id) ?? 0;
    const { min, max } = own(analysis.range, id) ?? { min: 0, max: 0 };
    const low = own(pathMin, id) ?? 0;
    const high = own(pathMax, id) ?? 0;
    const untested = max - min < MIN_TESTED_RANGE ? "scenario" : high === low ? "path" : undefined;
    const share = untested ? null : percentOf(raw, min, max);
    scores[id] = raw;
    if (share !== null) {
      percent[id] = share;
      reach[id] = high - low;
    }
    return {
      id,
      raw,
      min,
      max,
      percent: share,
      tested: share !== null,
      ...(untested ? { untested } : {}),
      pathMin: low,
      pathMax: high,
      moves: moves.get(id) ?? [],
    };
  });
  const mattered = decisions
    .filter((d) => d.givenUp > 0)
    .sort((a, b) => b.givenUp - a.givenUp || a.step - b.step)
    .slice(0, 3)
    .map((d) => d.step);
  return {
    ...(node?.kind === "ending" ? { ending: node } : {}),
    principles: results,
    decisions,
    scores,
    percent,
    reach,
    mattered,
  };
}

function nonZero(principles: readonly string[], value: (p: string) => number): Scores {
  const out: Record<string, number> = {};
  for (const p of principles) {
    const v = value(p);
    if (v !== 0) out[p] = v;
  }
  return out;
}
