import type { Choice, Node, Scenario, Scene, Scores } from "./model.ts";
import { isAvailable } from "./space.ts";

/** One decision in a run: where it was made, which available choice (1-based), where it led, what it scored. */
export type Step = {
  readonly scene: string;
  readonly choice: number;
  readonly to: string;
  readonly scores: Scores;
};

/** Where a run stands: the node it is at, its totals and its flags. */
export type Position = {
  readonly at: string;
  readonly scores: Readonly<Record<string, number>>;
  readonly flags: readonly string[];
};

export function nodeById(scenario: Scenario, id: string): Node | undefined {
  return scenario.scenes.find((s) => s.id === id) ?? scenario.endings.find((e) => e.id === id);
}

export function sceneById(scenario: Scenario, id: string): Scene | undefined {
  return scenario.scenes.find((s) => s.id === id);
}

export function startPosition(scenario: Scenario): Position {
  return { at: scenario.start, scores: {}, flags: [] };
}

/** The choices a scene offers with these flags, in order; the trainee numbers them from 1. */
export function availableChoices(scene: Scene, flags: readonly string[]): Choice[] {
  const has = (f: string) => flags.includes(f);
  return scene.choices.filter((c) => isAvailable(c, has));
}

/** Applies a choice: adds its scores, sets and clears its flags, moves to its target. */
export function applyChoice(position: Position, choice: Choice): Position {
  const scores: Record<string, number> = { ...position.scores };
  for (const [p, v] of Object.entries(choice.scores)) scores[p] = (scores[p] ?? 0) + v;
  const flags = position.flags.filter((f) => !choice.clear.includes(f));
  for (const f of choice.set) if (!flags.includes(f)) flags.push(f);
  return { at: choice.to, scores, flags: flags.sort() };
}

/**
 * Takes the n-th available choice (1-based) at a position. Returns undefined
 * when the position is not a scene or n is out of range.
 */
export function takeChoice(
  scenario: Scenario,
  position: Position,
  n: number,
): { readonly choice: Choice; readonly step: Step; readonly next: Position } | undefined {
  const scene = sceneById(scenario, position.at);
  if (!scene) return undefined;
  const choice = availableChoices(scene, position.flags)[n - 1];
  if (!choice) return undefined;
  return {
    choice,
    step: { scene: scene.id, choice: n, to: choice.to, scores: choice.scores },
    next: applyChoice(position, choice),
  };
}

/** Whether a `<When>` block shows with these flags. */
export function whenHolds(
  block: { readonly if: readonly string[]; readonly unless: readonly string[] },
  flags: readonly string[],
) {
  return block.if.every((f) => flags.includes(f)) && !block.unless.some((f) => flags.includes(f));
}
