/**
 * A run's totals without its debrief: its score per principle and, per
 * principle the run tested, where that score sits in the scenario's range and
 * how far its path could move it. A saved run record carries these, so a
 * session computes them at every step; the debrief (score.ts) adds the
 * decisions, the roads not taken and the lookahead. Kept apart so that a
 * player saving every step never loads the debrief's code: the site's player
 * page loads it on demand, with the debrief.
 */
import type { Analysis } from "./analyze.ts";
import type { Choice, Scenario } from "./model.ts";
import { own } from "./own.ts";
import type { Position, Step } from "./run.ts";
import { availableChoices, sceneById, startPosition, takeChoice } from "./run.ts";

/** `round(100 × (raw − min) / (max − min))`; null where max ≤ min, since a range of one value says nothing. */
export function percentOf(raw: number, min: number, max: number): number | null {
  if (max <= min) return null;
  return Math.round((100 * (raw - min)) / (max - min));
}

/** A scenario range narrower than this many points does not test a principle. */
export const MIN_TESTED_RANGE = 2;

/** Replays steps from the start; stops at the first step that does not hold. */
export function replaySteps(
  scenario: Scenario,
  steps: readonly Step[],
): { positions: Position[]; choices: Choice[]; valid: number } {
  const positions: Position[] = [startPosition(scenario)];
  const choices: Choice[] = [];
  for (const step of steps) {
    const here = positions[positions.length - 1] as Position;
    const taken = here.at === step.scene ? takeChoice(scenario, here, step.choice) : undefined;
    if (!taken || taken.choice.to !== step.to) break;
    positions.push(taken.next);
    choices.push(taken.choice);
  }
  return { positions, choices, valid: choices.length };
}

export type RunTotals = {
  readonly scores: Readonly<Record<string, number>>;
  /** Per tested principle only: where the total sits in the scenario's range, 0–100. */
  readonly percent: Readonly<Record<string, number>>;
  /** Per tested principle: how many points this path could move it (`pathMax − pathMin`), a run's weight in a profile. */
  readonly reach: Readonly<Record<string, number>>;
};

/**
 * The `scores`, `percent` and `reach` of `debriefRun` (score.ts), by the same
 * rules: a principle is tested when the scenario can move it by at least
 * MIN_TESTED_RANGE points and some decision on this path offered options that
 * scored it differently.
 */
export function runTotals(scenario: Scenario, analysis: Analysis, steps: readonly Step[]): RunTotals {
  const { positions, choices } = replaySteps(scenario, steps);
  const final = positions[positions.length - 1] as Position;
  const principles = scenario.principles;
  const pathMin: Record<string, number> = {};
  const pathMax: Record<string, number> = {};
  choices.forEach((_, i) => {
    const position = positions[i] as Position;
    const scene = sceneById(scenario, position.at);
    if (!scene) return;
    const available = availableChoices(scene, position.flags);
    for (const p of principles) {
      const values = available.map((c) => own(c.scores, p) ?? 0);
      pathMin[p] = (own(pathMin, p) ?? 0) + Math.min(...values);
      pathMax[p] = (own(pathMax, p) ?? 0) + Math.max(...values);
    }
  });
  const scores: Record<string, number> = {};
  const percent: Record<string, number> = {};
  const reach: Record<string, number> = {};
  for (const id of principles) {
    const raw = own(final.scores, id) ?? 0;
    const { min, max } = own(analysis.range, id) ?? { min: 0, max: 0 };
    const low = own(pathMin, id) ?? 0;
    const high = own(pathMax, id) ?? 0;
    const untested = max - min < MIN_TESTED_RANGE || high === low;
    const share = untested ? null : percentOf(raw, min, max);
    scores[id] = raw;
    if (share !== null) {
      percent[id] = share;
      reach[id] = high - low;
    }
  }
  return { scores, percent, reach };
}
