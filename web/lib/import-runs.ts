/**
 * Import on /progress/: reads the file's runs, fetches the scenarios they name
 * (their `scenario.json`, precached by the service worker) and replays every
 * run on its scenario with engine/import.ts, in slices that leave the page
 * responsive; then stores the result. Nothing in the file is taken on trust.
 */
import {
  type Checked,
  importChecker,
  importItems,
  MAX_COMPLETED_RUNS,
  mergeCompleted,
  type ScenarioData,
  scenariosNamed,
} from "../../engine/import.ts";
import { COMPLETED_KEY, corruptKey, type KeyValueStore, runKey } from "../../engine/progress.ts";
import type { RunRecord } from "../../engine/record.ts";

/** Work between two pauses: well under the 50 ms a browser counts as a long task's start. */
const SLICE_MS = 30;

const pause = () => new Promise<void>((done) => setTimeout(done, 0));
const runs = (n: number) => `${n.toLocaleString("en")} run${n === 1 ? "" : "s"}`;

export type ImportResult = {
  /** What to tell the trainee, one sentence each. */
  readonly messages: readonly string[];
  /** The completed runs now stored, oldest first; null when nothing changed. */
  readonly completed: RunRecord[] | null;
};

/**
 * Imports `text` into `store` beside `existing` (the completed runs stored, oldest first).
 * `known(id)`: whether this site has the scenario.
 */
export async function importRuns(
  text: string,
  store: KeyValueStore,
  existing: readonly RunRecord[],
  known: (id: string) => boolean,
): Promise<ImportResult> {
  const nothing = (message: string): ImportResult => ({ messages: [message], completed: null });
  const items = importItems(text);
  if ("error" in items) return nothing(`That file could not be imported: ${items.error}. Nothing was changed.`);
  const total = items.completed.length + items.inProgress.length;
  if (total === 0) return nothing("That file holds no runs. Nothing was changed.");

  const scenarios = new Map<string, ScenarioData>();
  try {
    await Promise.all(
      scenariosNamed(items)
        .filter(known)
        .map(async (id) => {
          const response = await fetch(`/scenarios/${encodeURIComponent(id)}/scenario.json`);
          if (!response.ok) throw new Error(String(response.status));
          const data = (await response.json()) as ScenarioData;
          if (data?.scenario?.id === id) scenarios.set(id, data);
        }),
    );
  } catch {
    return nothing(
      "The scenarios these runs belong to could not be loaded to check them (no connection?). Nothing was imported; try again.",
    );
  }

  const check = importChecker((id) => scenarios.get(id));
  const completed: RunRecord[] = [];
  const inProgress: RunRecord[] = [];
  const aside: { item: unknown; reason: string }[] = [];
  const unknown = new Set<string>();
  let unknownOpen = 0;
  const take = (checked: Checked) => {
    if (checked.kind === "aside") {
      aside.push({ item: checked.item, reason: checked.reason });
      return;
    }
    const record = checked.record;
    if (checked.kind === "unknown") unknown.add(record.scenario);
    if (record.finishedAt !== null) completed.push(record);
    else if (checked.kind === "run") inProgress.push(record);
    else unknownOpen++;
  };
  let started = performance.now();
  for (const list of [items.completed, items.inProgress]) {
    for (const item of list) {
      take(check(item));
      if (performance.now() - started > SLICE_MS) {
        await pause();
        started = performance.now();
      }
    }
  }

  const merged = mergeCompleted(existing, completed);
  if (merged.length > MAX_COMPLETED_RUNS && completed.length > 0)
    return nothing(
      `Importing this file would keep ${runs(merged.length)} in this browser, which keeps at most ${runs(MAX_COMPLETED_RUNS)}. Nothing was imported. Import a smaller file, or export your runs and clear them first.`,
    );
  await pause();
  if (completed.length > 0 && !trySet(store, COMPLETED_KEY, JSON.stringify(merged)))
    return nothing(
      `There is not enough room in this browser's storage for ${runs(merged.length)} (it holds about 5 million characters, some 3,000 runs). Nothing was imported. Import fewer runs, or export your runs and clear them first.`,
    );
  let resumed = 0;
  for (const r of inProgress) {
    const key = runKey(r.scenario);
    if (store.getItem(key) === null && trySet(store, key, JSON.stringify(r))) resumed++;
  }

  const messages = [
    `Imported ${runs(completed.length)} completed and ${runs(resumed)} in progress. Each was replayed on its scenario, so every result shown is this site's, not the file's.`,
  ];
  if (inProgress.length > resumed)
    messages.push(
      `${runs(inProgress.length - resumed)} in progress were left out: you already have a run in progress for that scenario.`,
    );
  if (unknown.size > 0)
    messages.push(
      `Some runs are for scenarios this site does not have (${[...unknown].slice(0, 5).join(", ")}${unknown.size > 5 ? ", …" : ""}): they are listed without results${unknownOpen ? `, and ${runs(unknownOpen)} in progress for them were left out` : ""}.`,
    );
  if (aside.length > 0) {
    const kept = trySet(
      store,
      freeCorruptKey(store),
      JSON.stringify({ key: "import", reason: "runs that did not replay on their scenario", value: aside }),
    );
    messages.push(
      `${runs(aside.length)} in the file could not be checked against their scenario (the first: ${aside[0]?.reason}), so ${aside.length === 1 ? "it is" : "they are"} not counted${kept ? " and were set aside in this browser" : ""}.`,
    );
  }
  return { messages, completed: completed.length > 0 ? merged : null };
}

function trySet(store: KeyValueStore, key: string, value: string): boolean {
  if (store.trySetItem) return store.trySetItem(key, value);
  try {
    store.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

function freeCorruptKey(store: KeyValueStore): string {
  const now = new Date();
  let n = 0;
  while (store.getItem(corruptKey(now, n)) !== null) n++;
  return corruptKey(now, n);
}
