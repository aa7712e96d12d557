import type { Analysis } from "./analyze.ts";
import type { Block, Choice, Ending, Scenario, Scores } from "./model.ts";
import type { Position, Step } from "./run.ts";
import { availableChoices, nodeById, sceneById, startPosition, takeChoice } from "./run.ts";

/** `round(100 × (raw − min) / (max − min))`, and 100 where max = min. */
export function percentOf(raw: number, min: number, max: number): number {
  if (max === min) return 100;
  return Math.round((100 * (raw - min)) / (max - min));
}

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
  readonly min: number;
  readonly max: number;
  readonly percent: number;
  readonly moves: readonly Move[];
};

export type Option = {
  readonly number: number;
  readonly text: readonly Block[];
  readonly scores: Scores;
  readonly to: string;
  readonly feedback: readonly Block[];
  readonly chosen: boolean;
};

export type Decision = {
  readonly step: number;
  readonly scene: string;
  readonly sceneTitle?: string;
  readonly options: readonly Option[];
};

export type Debrief = {
  readonly ending?: Ending;
  readonly principles: readonly PrincipleResult[];
  /** At each decision, every option that was available and what it would have scored. */
  readonly decisions: readonly Decision[];
  readonly scores: Readonly<Record<string, number>>;
  readonly percent: Readonly<Record<string, number>>;
};

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

/** The debrief of a run: raw, range and percentage per principle, the choices that moved each, and the roads not taken. */
export function debriefRun(scenario: Scenario, analysis: Analysis, steps: readonly Step[]): Debrief {
  const { positions, choices } = replaySteps(scenario, steps);
  const final = positions[positions.length - 1] as Position;
  const node = nodeById(scenario, final.at);
  const decisions: Decision[] = [];
  const moves = new Map<string, Move[]>();
  choices.forEach((choice, i) => {
    const position = positions[i] as Position;
    const scene = sceneById(scenario, position.at);
    if (!scene) return;
    const title = scene.title === undefined ? {} : { sceneTitle: scene.title };
    decisions.push({
      step: i + 1,
      scene: scene.id,
      ...title,
      options: availableChoices(scene, position.flags).map((c, n) => ({
        number: n + 1,
        text: c.text,
        scores: c.scores,
        to: c.to,
        feedback: c.feedback,
        chosen: c === choice,
      })),
    });
    for (const [p, delta] of Object.entries(choice.scores)) {
      const list = moves.get(p) ?? [];
      list.push({ step: i + 1, scene: scene.id, ...title, text: choice.text, delta, feedback: choice.feedback });
      moves.set(p, list);
    }
  });
  const scores: Record<string, number> = {};
  const percent: Record<string, number> = {};
  const principles = scenario.principles.map((id) => {
    const raw = final.scores[id] ?? 0;
    const range = analysis.range[id] ?? { min: 0, max: 0 };
    scores[id] = raw;
    percent[id] = percentOf(raw, range.min, range.max);
    return { id, raw, min: range.min, max: range.max, percent: percent[id] ?? 0, moves: moves.get(id) ?? [] };
  });
  return { ...(node?.kind === "ending" ? { ending: node } : {}), principles, decisions, scores, percent };
}
