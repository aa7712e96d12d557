import type { Choice, Node, Scenario, Scene, Scores } from "./model.ts";
import { own } from "./own.ts";

/**
 * One decision in a run: where it was made, which choice (by its id, never by
 * position), where it led, what it scored. A step read from a `rehearse.run/1`
 * record names its choice `#n` (the n-th available option in the author's
 * order) until the run is restored or replayed against its scenario.
 */
export type Step = {
  readonly scene: string;
  readonly choice: string;
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

/** The choices a scene offers with these flags, in the author's order (a run shows them in `shownOrder`). */
export function availableChoices(scene: Scene, flags: readonly string[]): Choice[] {
  // The same rule as the state space's `isAvailable`, kept here so a player page never loads the explorer.
  const has = (f: string) => flags.includes(f);
  return scene.choices.filter((c) => c.if.every(has) && !c.unless.some(has));
}

/** Applies a choice: adds its scores, sets and clears its flags, moves to its target. */
export function applyChoice(position: Position, choice: Choice): Position {
  const scores: Record<string, number> = { ...position.scores };
  for (const [p, v] of Object.entries(choice.scores)) scores[p] = (own(scores, p) ?? 0) + v;
  const flags = position.flags.filter((f) => !choice.clear.includes(f));
  for (const f of choice.set) if (!flags.includes(f)) flags.push(f);
  return { at: choice.to, scores, flags: flags.sort() };
}

/** `#3` in a step migrated from `rehearse.run/1`: the 3rd available option in the author's order. */
const LEGACY_REFERENCE = /^#([1-9]\d*)$/;

/**
 * The available choice a step names: by id, or for a migrated `#n` by its
 * place among the available options in the author's order.
 */
export function resolveChoice(scene: Scene, flags: readonly string[], reference: string): Choice | undefined {
  const available = availableChoices(scene, flags);
  const legacy = LEGACY_REFERENCE.exec(reference);
  if (legacy) return available[Number(legacy[1]) - 1];
  return available.find((c) => c.id === reference);
}

/**
 * Takes the available choice a step names (its id, or a migrated `#n`) at a
 * position. Returns undefined when the position is not a scene or no
 * available choice has that name.
 */
export function takeChoice(
  scenario: Scenario,
  position: Position,
  reference: string,
): { readonly choice: Choice; readonly step: Step; readonly next: Position } | undefined {
  const scene = sceneById(scenario, position.at);
  if (!scene) return undefined;
  const choice = resolveChoice(scene, position.flags, reference);
  if (!choice) return undefined;
  return {
    choice,
    step: { scene: scene.id, choice: choice.id, to: choice.to, scores: choice.scores },
    next: applyChoice(position, choice),
  };
}

/** A choice's net total change over the scenario's principles. */
export function netTotal(scenario: Scenario, choice: Choice): number {
  return scenario.principles.reduce((sum, p) => sum + (own(choice.scores, p) ?? 0), 0);
}

/** The choices among these with the highest net total (ties share it): what a preview marks as best. */
export function bestChoices(scenario: Scenario, choices: readonly Choice[]): Set<Choice> {
  const top = Math.max(...choices.map((c) => netTotal(scenario, c)));
  return new Set(choices.filter((c) => netTotal(scenario, c) === top));
}

/** Whether a `<When>` block shows with these flags. */
export function whenHolds(
  block: { readonly if: readonly string[]; readonly unless: readonly string[] },
  flags: readonly string[],
) {
  return block.if.every((f) => flags.includes(f)) && !block.unless.some((f) => flags.includes(f));
}
