/**
 * The import's worker: reads the file, fetches the scenarios its runs name and replays every run on its
 * scenario (engine/import.ts), off the page's main thread, so a 15 MB file of 10,000 runs never freezes
 * /progress/. It answers with the finished runs as a compact archive (a few hundred kilobytes to copy back,
 * not 10,000 records). Started by web/lib/import-runs.ts, which runs the same code in slices where a
 * browser cannot start a worker.
 */
import type { ArchivedRun } from "../../engine/archive.ts";
import { checkImport, importItems, replayArchived, type ScenarioData, scenariosNamed } from "../../engine/import.ts";

export type WorkerRequest =
  | { readonly kind: "import"; readonly file: Blob; readonly known: readonly string[] }
  | { readonly kind: "replay"; readonly runs: readonly ArchivedRun[] };

/** The scenarios an import names that this site has, fetched (their `scenario.json`, precached offline); throws when one cannot be. */
export async function fetchScenarios(ids: readonly string[]): Promise<Map<string, ScenarioData>> {
  const scenarios = new Map<string, ScenarioData>();
  await Promise.all(
    ids.map(async (id) => {
      const response = await fetch(`/scenarios/${encodeURIComponent(id)}/scenario.json`);
      if (!response.ok) throw new Error(String(response.status));
      const data = (await response.json()) as ScenarioData;
      if (data?.scenario?.id === id) scenarios.set(id, data);
    }),
  );
  return scenarios;
}

/** A request's answer: what web/lib/import-runs.ts gets back, from the worker or from the same code in the page. */
export async function answer(request: WorkerRequest, pause?: () => Promise<void>) {
  if (request.kind === "replay") {
    const scenarios = await fetchScenarios([...new Set(request.runs.map((r) => r.scenario))]);
    return { archive: replayArchived(request.runs, (id) => scenarios.get(id)) };
  }
  const items = importItems(await request.file.text());
  if ("error" in items) return { error: items.error };
  const known = new Set(request.known);
  let scenarios: Map<string, ScenarioData>;
  try {
    scenarios = await fetchScenarios(scenariosNamed(items).filter((id) => known.has(id)));
  } catch {
    return { offline: true as const };
  }
  return { check: await checkImport(items, (id) => scenarios.get(id), pause) };
}

export type WorkerAnswer = Awaited<ReturnType<typeof answer>> | { readonly failed: string };

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerAnswer): void;
  WorkerGlobalScope?: unknown;
};
// Only in the worker (the page imports this module for its fallback too).
if (scope.WorkerGlobalScope !== undefined)
  scope.onmessage = (event) => {
    answer(event.data).then(
      (result) => scope.postMessage(result),
      (error: unknown) => scope.postMessage({ failed: error instanceof Error ? error.message : String(error) }),
    );
  };
