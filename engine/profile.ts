/**
 * Across a browser's runs: the per-principle profile of completed runs, and
 * reading an import file. Kept apart from progress.ts so the player page does
 * not load what only the progress page needs.
 */

import { own } from "./own.ts";
import { parseRunRecord, type RunRecord } from "./record.ts";

export type ProfileRow = {
  readonly principle: string;
  /** The average percentage over the runs that tested the principle, weighted by how far each could move it; null when none did. */
  readonly average: number | null;
  /** How many completed runs tested the principle. */
  readonly runs: number;
};

/**
 * Per principle, in the given order: the average of its percentage over the
 * completed runs that tested it, each weighted by how many points its path
 * could move the principle (`reach`). A run that did not test a principle has
 * no percentage for it and does not count. Records written before `reach`
 * existed count with weight 1.
 */
export function profileOf(principles: readonly string[], runs: readonly RunRecord[]): ProfileRow[] {
  // Runs that share their figures (an archive's runs of one path do) are counted together: 10,000 runs on
  // /progress/ are a few dozen distinct sets of figures.
  const groups = new Map<object, { percent: RunRecord["percent"]; reach: RunRecord["reach"]; runs: number }>();
  for (const run of runs) {
    const group = groups.get(run.percent);
    if (group && group.reach === run.reach) group.runs++;
    else if (group) groups.set({}, { percent: run.percent, reach: run.reach, runs: 1 });
    else groups.set(run.percent, { percent: run.percent, reach: run.reach, runs: 1 });
  }
  return principles.map((principle) => {
    let total = 0;
    let weights = 0;
    let tested = 0;
    for (const { percent: figures, reach, runs: count } of groups.values()) {
      const percent = own(figures, principle);
      const weight = reach ? (own(reach, principle) ?? 0) : 1;
      if (typeof percent !== "number" || weight <= 0) continue;
      total += percent * weight * count;
      weights += weight * count;
      tested += count;
    }
    return { principle, average: tested ? Math.round(total / weights) : null, runs: tested };
  });
}

export type Export = {
  readonly schema: "rehearse.export/1";
  readonly exportedAt: string;
  readonly completed: readonly RunRecord[];
  readonly inProgress: readonly RunRecord[];
};

/**
 * Reads an export (or a single run record); every record is checked against the schema, bad ones are counted,
 * never thrown. Its figures are the file's: the site imports with engine/import.ts, which replays each run.
 */
export function parseImport(
  text: string,
): { completed: RunRecord[]; inProgress: RunRecord[]; rejected: number } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { error: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const records = (list: unknown) => (Array.isArray(list) ? list : []).map((item) => parseRunRecord(item));
  let parsed: ReturnType<typeof parseRunRecord>[];
  let inProgressParsed: ReturnType<typeof parseRunRecord>[] = [];
  if (typeof data === "object" && data !== null && (data as { schema?: unknown }).schema === "rehearse.export/1") {
    parsed = records((data as { completed?: unknown }).completed);
    inProgressParsed = records((data as { inProgress?: unknown }).inProgress);
  } else if (Array.isArray(data)) parsed = records(data);
  else parsed = [parseRunRecord(data)];
  const ok = (list: typeof parsed) => list.flatMap((p) => (p.ok ? [p.record] : []));
  const all = [...parsed, ...inProgressParsed];
  if (all.length > 0 && all.every((p) => !p.ok)) {
    const first = all[0];
    return { error: first && !first.ok ? first.error : "no run records" };
  }
  const completed = ok(parsed).filter((r) => r.finishedAt !== null);
  return {
    completed,
    inProgress: [...ok(inProgressParsed), ...ok(parsed).filter((r) => r.finishedAt === null)],
    rejected: all.filter((p) => !p.ok).length,
  };
}
