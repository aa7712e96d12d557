/**
 * Importing runs from a file, without trusting it: a run's scores, percentages,
 * reach, ending and flags are recomputed by replaying its choices on the
 * scenario (as a saved run is when resumed), never taken from the file. A run
 * that does not replay is kept aside and reported, not counted; a run for a
 * scenario this site does not have keeps no results at all. Pure: the caller
 * fetches the scenarios and decides how to pace the work.
 */
import type { Analysis } from "./analyze.ts";
import { type Archive, type ArchivedRun, ArchiveWriter } from "./archive.ts";
import type { Scenario } from "./model.ts";
import { own } from "./own.ts";
import { parseRunRecord, type RunRecord } from "./record.ts";
import { applyChoice, availableChoices, type Position, resolveChoice, type Step, startPosition } from "./run.ts";
import { debriefRun } from "./score.ts";

/**
 * The largest file Import reads: 10,000 runs as the site exports them (one compact run a line, 1.1–2.1 KB
 * each for the bundled scenarios; up to about 21 MB). Older exports were indented, 2–3 times larger, and
 * held at most the 3,000 or so runs a browser could keep then.
 */
export const MAX_IMPORT_BYTES = 24 * 1024 * 1024;
/** The most completed runs kept in one browser. */
export const MAX_COMPLETED_RUNS = 10_000;

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The message for a file over the size cap, or null when it may be read. */
export function importSizeError(bytes: number): string | null {
  return bytes > MAX_IMPORT_BYTES
    ? `That file is ${MB(bytes)}; rehearse imports files of up to ${MB(MAX_IMPORT_BYTES)} (about 10,000 runs). Nothing was imported. Export fewer runs, or split the file.`
    : null;
}

/** The items of an import file: an export (`rehearse.export/1`), a list of run records, or one record. */
export type ImportItems = { readonly completed: readonly unknown[]; readonly inProgress: readonly unknown[] };

/** Reads an import file's JSON into its items, unchecked; never throws. */
export function importItems(text: string): ImportItems | { readonly error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { error: `it is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const list = (value: unknown) => (Array.isArray(value) ? value : []);
  if (typeof data === "object" && data !== null && (data as { schema?: unknown }).schema === "rehearse.export/1") {
    const exported = data as { completed?: unknown; inProgress?: unknown };
    return { completed: list(exported.completed), inProgress: list(exported.inProgress) };
  }
  return { completed: Array.isArray(data) ? data : [data], inProgress: [] };
}

/** The scenario ids an import's items name (a quick look before the scenarios are fetched). */
export function scenariosNamed(items: ImportItems): string[] {
  const ids = new Set<string>();
  for (const item of [...items.completed, ...items.inProgress]) {
    const id = (item as { scenario?: unknown } | null)?.scenario;
    if (typeof id === "string") ids.add(id);
  }
  return [...ids];
}

/** A scenario as the import needs it: the whole scenario and its build-time analysis (its `scenario.json`). */
export type ScenarioData = { readonly scenario: Scenario; readonly analysis: Analysis };

/** What became of one item. */
export type Checked =
  /** Replayed on its scenario; every figure recomputed. */
  | { readonly kind: "run"; readonly record: RunRecord }
  /** For a scenario this site does not have: kept without results (no scores, percentages or reach). */
  | { readonly kind: "unknown"; readonly record: RunRecord }
  /** Not a run record, or it does not replay: kept aside with the reason, never counted. */
  | { readonly kind: "aside"; readonly item: unknown; readonly reason: string };

/**
 * A checker for one import: `check(item)` reads one item and replays it on its
 * scenario (`scenarios(id)`: undefined when the site has no such scenario).
 * Replays of the same path are computed once.
 */
export function importChecker(scenarios: (id: string) => ScenarioData | undefined) {
  const replays = new Map<string, Replay | string>();
  return (item: unknown): Checked => {
    const parsed = parseRunRecord(item);
    if (!parsed.ok) return { kind: "aside", item, reason: `not a run record: ${parsed.error}` };
    const record = parsed.record;
    const data = scenarios(record.scenario);
    if (!data) {
      const { reach: _, ...rest } = record;
      return { kind: "unknown", record: { ...rest, scores: {}, percent: {}, flags: [] } };
    }
    let key = record.scenario;
    for (const s of record.steps) key += `\n${s.scene}\t${s.choice}\t${s.to}`;
    let replay = replays.get(key);
    if (replay === undefined) {
      replay = replayRecord(data, record.steps);
      replays.set(key, replay);
    }
    if (typeof replay === "string") return { kind: "aside", item, reason: replay };
    const finished = record.finishedAt !== null;
    if (finished && replay.ending === null)
      return { kind: "aside", item, reason: "it is marked finished but does not reach an ending" };
    if (finished && Date.parse(record.finishedAt as string) < Date.parse(record.startedAt))
      return { kind: "aside", item, reason: "it finishes before it starts" };
    const { feedbackPending, ...rest } = record;
    return {
      kind: "run",
      record: {
        ...rest,
        scenarioHash: data.scenario.hash,
        ...replay,
        // A finished run has no feedback pending; an unfinished one keeps its place.
        ...(!finished && feedbackPending && replay.steps.length > 0 ? { feedbackPending: true } : {}),
      },
    };
  };
}

type Replay = Pick<RunRecord, "steps" | "ending" | "scores" | "percent" | "reach" | "flags">;

/** Replays steps on a scenario (by choice id, or a migrated `#n`); every figure from the scenario, or why it fails. */
function replayRecord({ scenario, analysis }: ScenarioData, recorded: readonly Step[]): Replay | string {
  let position: Position = startPosition(scenario);
  const steps: Step[] = [];
  const scenes = new Map(scenario.scenes.map((scene) => [scene.id, scene]));
  for (const [i, step] of recorded.entries()) {
    const scene = position.at === step.scene ? scenes.get(step.scene) : undefined;
    const choice = scene && resolveChoice(scene, position.flags, step.choice);
    // As when a saved run is resumed: where the author renamed an option, the one option that still leads there.
    const same =
      scene && choice?.to !== step.to ? availableChoices(scene, position.flags).filter((c) => c.to === step.to) : [];
    const pick = choice?.to === step.to ? choice : same.length === 1 ? same[0] : undefined;
    if (!scene || !pick) return `choice ${i + 1} does not replay on “${scenario.title}”`;
    steps.push({ scene: scene.id, choice: pick.id, to: pick.to, scores: pick.scores });
    position = applyChoice(position, pick);
  }
  const d = debriefRun(scenario, analysis, steps);
  return {
    steps,
    ending: d.ending?.id ?? null,
    scores: d.scores,
    percent: d.percent,
    reach: d.reach,
    flags: position.flags,
  };
}

/** What checking an import's items found: the finished runs as an archive to merge, and the rest. */
export type ImportCheck = {
  /** The finished runs: replayed on their scenario, or kept without results for a scenario this site does not have. */
  readonly archive: Archive;
  readonly completed: number;
  /** Unfinished runs for this site's scenarios, replayed. */
  readonly inProgress: RunRecord[];
  /** Scenarios named that this site does not have. */
  readonly unknown: string[];
  /** Unfinished runs for those: left out. */
  readonly unknownOpen: number;
  /** The items that are not run records or do not replay, as JSON (`[{ item, reason }]`), and how many. */
  readonly aside: string;
  readonly asideCount: number;
  readonly firstAside: string;
};

/**
 * Checks every item of an import (see {@link importChecker}) into an {@link ImportCheck}. With `pause`, it is
 * awaited every `sliceMs` of work (on a page's main thread; a worker needs none).
 */
export async function checkImport(
  items: ImportItems,
  scenarios: (id: string) => ScenarioData | undefined,
  pause?: () => Promise<void>,
  sliceMs = 30,
): Promise<ImportCheck> {
  const check = importChecker(scenarios);
  const writer = new ArchiveWriter();
  const inProgress: RunRecord[] = [];
  const aside: { item: unknown; reason: string }[] = [];
  const unknown = new Set<string>();
  let unknownOpen = 0;
  let completed = 0;
  let started = performance.now();
  for (const list of [items.completed, items.inProgress]) {
    for (const item of list) {
      const checked = check(item);
      if (checked.kind === "aside") aside.push({ item: checked.item, reason: checked.reason });
      else {
        const record = checked.record;
        if (checked.kind === "unknown") unknown.add(record.scenario);
        if (record.finishedAt !== null) {
          writer.add(record);
          completed++;
        } else if (checked.kind === "run") inProgress.push(record);
        else unknownOpen++;
      }
      if (pause && performance.now() - started > sliceMs) {
        await pause();
        started = performance.now();
      }
    }
  }
  return {
    archive: writer.archive(),
    completed,
    inProgress,
    unknown: [...unknown],
    unknownOpen,
    aside: aside.length > 0 ? JSON.stringify(aside) : "",
    asideCount: aside.length,
    firstAside: aside[0]?.reason ?? "",
  };
}

/**
 * Replays archived runs recorded on another version of their scenario: each gets the figures of the version
 * `scenarios` gives, or, where its path no longer holds, empty figures and the reason (it stays listed and
 * exportable, but never counts). Runs whose scenario is not given are returned as they were.
 */
export function replayArchived(
  runs: readonly ArchivedRun[],
  scenarios: (id: string) => ScenarioData | undefined,
): Archive {
  const check = importChecker(scenarios);
  const writer = new ArchiveWriter();
  for (const run of runs) {
    const data = scenarios(run.scenario);
    const { broken: _, ...record } = run;
    const checked = data ? check(record) : undefined;
    if (!data || !checked || checked.kind === "unknown") writer.add(run);
    else if (checked.kind === "run") writer.add(checked.record);
    else {
      const { reach: __, ...rest } = record;
      writer.add({
        ...rest,
        scenarioHash: data.scenario.hash,
        scores: {},
        percent: {},
        flags: [],
        broken: checked.reason,
      });
    }
  }
  return writer.archive();
}

/** Same run: same scenario and start time. */
const runKey = (r: RunRecord) => `${r.scenario}\n${r.startedAt}`;

/**
 * The completed runs with the imported ones added (an earlier copy of the same
 * run replaced), oldest first; linear in the number of runs.
 */
export function mergeCompleted(existing: readonly RunRecord[], imported: readonly RunRecord[]): RunRecord[] {
  const byKey = new Map<string, RunRecord>();
  for (const r of existing) byKey.set(runKey(r), r);
  for (const r of imported) {
    byKey.delete(runKey(r));
    byKey.set(runKey(r), r);
  }
  return [...byKey.values()];
}

/** Whether a run's scenario is one this site has (its results are shown and count in the profile). */
export const isKnown = (scenarios: Readonly<Record<string, unknown>>, run: RunRecord) =>
  own(scenarios, run.scenario) !== undefined;
