/**
 * The catalog's rules: which principles each scenario scores, who it is for,
 * and which scenarios a filter keeps. Pure data in, plain data out.
 */
import type { Block, Code, Scenario } from "./model.ts";
import type { SessionView } from "./session.ts";

export type CatalogFilter = { readonly principle?: string; readonly audience?: string };

/** The audiences named across the library, sorted. */
export function audiencesOf(scenarios: readonly Pick<Scenario, "audience">[]): string[] {
  return [...new Set(scenarios.flatMap((s) => s.audience))].sort();
}

/** Whether a scenario passes a filter (an empty filter keeps everything). */
export function matchesFilter(scenario: Pick<Scenario, "principles" | "audience">, filter: CatalogFilter): boolean {
  return (
    (!filter.principle || scenario.principles.includes(filter.principle)) &&
    (!filter.audience || scenario.audience.includes(filter.audience))
  );
}

export type CoverageRow = {
  readonly principle: string;
  readonly name: string;
  /** Scenario ids that score this principle. */
  readonly scenarios: readonly string[];
};

/** Principle × scenario coverage, in the code's order: which scenarios score each principle. */
export function coverageOf(
  code: Pick<Code, "principles">,
  scenarios: readonly Pick<Scenario, "id" | "principles">[],
): CoverageRow[] {
  return code.principles.map((p) => ({
    principle: p.id,
    name: p.name,
    scenarios: scenarios.filter((s) => s.principles.includes(p.id)).map((s) => s.id),
  }));
}

/** A readable name for an audience id: `peer-support-group` → `Peer support group`. */
export function audienceLabel(id: string): string {
  const words = id.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * What a trainee's browser receives: facilitator notes removed (they are for
 * the presenter, the script and the author) and source positions dropped.
 */
export function forTrainee(scenario: Scenario): Scenario {
  return {
    ...scenario,
    scenes: scenario.scenes.map(({ position: _, ...scene }) => ({
      ...scene,
      body: withoutNotes(scene.body),
      choices: scene.choices.map(({ position: _p, ...choice }) => ({
        ...choice,
        text: withoutNotes(choice.text),
        feedback: withoutNotes(choice.feedback),
      })),
    })),
    endings: scenario.endings.map(({ position: _, ...ending }) => ({ ...ending, body: withoutNotes(ending.body) })),
  };
}

function withoutNotes(blocks: readonly Block[]): Block[] {
  return blocks
    .filter((b) => b.type !== "note")
    .map((b) =>
      b.type === "quote" || b.type === "when"
        ? { ...b, children: withoutNotes(b.children) }
        : b.type === "list"
          ? { ...b, items: b.items.map(withoutNotes) }
          : b,
    );
}

/**
 * A scenario's whole structure (scenes, choices, scores, flags, endings) with
 * only the first scene's prose: what a player page carries, so that it stays
 * small however long the scenario is. A session runs on it exactly as on the
 * whole scenario (same hash, same paths, same scores); the rest of the prose
 * is needed from the second scene on.
 */
export function openingOnly(scenario: Scenario): Scenario {
  return {
    ...scenario,
    scenes: scenario.scenes.map((scene) =>
      scene.id === scenario.start
        ? scene
        : { ...scene, body: [], choices: scene.choices.map((choice) => ({ ...choice, text: [], feedback: [] })) },
    ),
    endings: scenario.endings.map((ending) => ({ ...ending, body: [] })),
  };
}

/** Whether a view of a session on {@link openingOnly} shows only prose that the opening carries. */
export function withinOpening(start: string, view: SessionView): boolean {
  if (view.phase === "deciding") return view.node.id === start;
  if (view.phase === "feedback") return view.last?.scene.id === start;
  return false;
}
