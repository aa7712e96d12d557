/**
 * Import on /progress/: a worker (web/lib/import-worker.ts) reads the file, fetches the scenarios its runs
 * name and replays every run on its scenario with engine/import.ts; the page then merges the finished runs
 * into the archive (engine/archive.ts) and stores it. Nothing in the file is taken on trust, and the page's
 * main thread only ever handles the compact result. Where a worker cannot start, the same code runs in the
 * page in slices that leave it responsive.
 */
import { type Archive, ArchiveWriter, writeArchive } from "../../engine/archive.ts";
import { type ImportCheck, MAX_COMPLETED_RUNS } from "../../engine/import.ts";
import { freeCorruptKey, type KeyValueStore, runKey, trySet } from "../../engine/progress.ts";
import type { WorkerAnswer, WorkerRequest } from "./import-worker.ts";

const pause = () => new Promise<void>((done) => setTimeout(done, 0));
const runs = (n: number) => `${n.toLocaleString("en")} run${n === 1 ? "" : "s"}`;

/** Asks the import's worker; where a worker cannot start (or dies), the same code runs in this page, in slices. */
export async function askWorker(request: WorkerRequest): Promise<WorkerAnswer> {
  let worker: Worker | undefined;
  try {
    worker = new Worker(new URL("./import-worker.ts", import.meta.url), { type: "module", name: "rehearse-import" });
  } catch {
    worker = undefined;
  }
  if (worker) {
    const running = worker;
    const answered = await new Promise<WorkerAnswer | null>((resolve) => {
      running.onmessage = (event: MessageEvent<WorkerAnswer>) => resolve(event.data);
      running.onerror = () => resolve(null);
      running.onmessageerror = () => resolve(null);
      running.postMessage(request);
    });
    running.terminate();
    if (answered) return answered;
  }
  const { answer } = await import("./import-worker.ts");
  try {
    return await answer(request, pause);
  } catch (error) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }
}

export type ImportResult = {
  /** What to tell the trainee, one sentence each. */
  readonly messages: readonly string[];
  /** The archive now stored; null when nothing changed. */
  readonly archive: Archive | null;
};

/**
 * Imports `file` into `store` beside `existing` (the archive of finished runs as read).
 * `known`: this site's scenario ids.
 */
export async function importRuns(
  file: Blob,
  store: KeyValueStore,
  existing: Archive,
  known: readonly string[],
): Promise<ImportResult> {
  const nothing = (message: string): ImportResult => ({ messages: [message], archive: null });
  const answer = await askWorker({ kind: "import", file, known });
  if ("failed" in answer) return nothing(`That file could not be imported (${answer.failed}). Nothing was changed.`);
  if ("error" in answer) return nothing(`That file could not be imported: ${answer.error}. Nothing was changed.`);
  if ("offline" in answer)
    return nothing(
      "The scenarios these runs belong to could not be loaded to check them (no connection?). Nothing was imported; try again.",
    );
  if (!("check" in answer)) return nothing("That file could not be imported. Nothing was changed.");
  const check: ImportCheck = answer.check;
  if (check.completed + check.inProgress.length + check.asideCount + check.unknownOpen === 0)
    return nothing("That file holds no runs. Nothing was changed.");

  let archive: Archive | null = null;
  if (check.completed > 0) {
    // A few tasks of tens of milliseconds each, with the page's own work (input, paint) between them.
    await pause();
    const writer = new ArchiveWriter(existing);
    writer.addArchive(check.archive);
    if (writer.size > MAX_COMPLETED_RUNS)
      return nothing(
        `Importing this file would keep ${runs(writer.size)} in this browser, which keeps at most ${runs(MAX_COMPLETED_RUNS)}. Nothing was imported. Import a smaller file, or export your runs and clear them first.`,
      );
    archive = writer.archive();
    await pause();
    if (!writeArchive(store, archive))
      return nothing(
        `There is not enough room in this browser's storage for ${runs(writer.size)}. Nothing was imported. Export your runs and clear them, then import fewer.`,
      );
  }
  let resumed = 0;
  for (const r of check.inProgress) {
    const key = runKey(r.scenario);
    if (store.getItem(key) === null && trySet(store, key, JSON.stringify(r))) resumed++;
  }

  const messages = [
    `Imported ${runs(check.completed)} completed and ${runs(resumed)} in progress. Each was replayed on its scenario, so every result shown is this site's, not the file's.`,
  ];
  if (check.inProgress.length > resumed)
    messages.push(
      `${runs(check.inProgress.length - resumed)} in progress were left out: you already have a run in progress for that scenario.`,
    );
  if (check.unknown.length > 0)
    messages.push(
      `Some runs are for scenarios this site does not have (${check.unknown.slice(0, 5).join(", ")}${check.unknown.length > 5 ? ", …" : ""}): they are listed without results${check.unknownOpen ? `, and ${runs(check.unknownOpen)} in progress for them were left out` : ""}.`,
    );
  if (check.asideCount > 0) {
    const kept = trySet(
      store,
      freeCorruptKey(store),
      `{"key":"import","reason":"runs that did not replay on their scenario","value":${check.aside}}`,
    );
    messages.push(
      `${runs(check.asideCount)} in the file could not be checked against their scenario (the first: ${check.firstAside}), so ${check.asideCount === 1 ? "it is" : "they are"} not counted${kept ? " and were set aside in this browser" : ""}.`,
    );
  }
  await pause();
  return { messages, archive };
}
