/**
 * The order a run shows a scene's options in. Each run carries a seed; the
 * order at a decision is a pure function of that seed, the scene, the step
 * number and the options' ids, so the same decision shows the same order after
 * going back, resuming, reloading or replaying, and a looping scene reached at
 * another step may show another one. Nothing here is random: the adapters pick
 * a new run's seed.
 */
import type { Choice, Scenario, Scene } from "./model.ts";

/** A run's shuffle seed: an unsigned 32-bit integer, or null for the author's order. */
export type Seed = number | null;

/** Whether a value can be a run's seed (an integer from 0 to 2³² − 1). */
export const isSeed = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;

/** Whether runs of this scenario shuffle this scene's options (not with `shuffle: false` or `order="fixed"`). */
export function shuffles(scenario: Scenario, scene: Scene): boolean {
  return scenario.shuffle !== false && scene.order !== "fixed";
}

/**
 * The options in the order a run shows them. Each option gets a key hashed
 * from the seed, the scene, the step number and its own id, and they are
 * sorted by key: a permutation that does not depend on the order the author
 * wrote them in, so reordering a scene's options leaves a run's orders as they were.
 *
 * @param step the number of choices made before this decision (0 for the first)
 */
export function shownOrder(
  scenario: Scenario,
  scene: Scene,
  available: readonly Choice[],
  seed: Seed,
  step: number,
): Choice[] {
  if (seed === null || available.length < 2 || !shuffles(scenario, scene)) return [...available];
  const base = hash32(`${scene.id}\u0000${step}`, seed);
  return available
    .map((choice) => ({ choice, key: hash32(choice.id, base) }))
    .sort((a, b) => a.key - b.key || a.choice.index - b.choice.index)
    .map((k) => k.choice);
}

/** FNV-1a over the text from `seed`, then the murmur3 finaliser so nearby inputs spread over all 32 bits. */
export function hash32(text: string, seed: number): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
