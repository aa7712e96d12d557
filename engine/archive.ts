/**
 * The archive of finished runs: every completed run a browser keeps, in one
 * compact value (`rehearse:archive`). A run is four numbers (its path, seed,
 * start and duration); a path (a scenario's steps, with what replaying them on
 * a version of the scenario gave) and a step are stored once however many runs
 * share them. 10,000 runs as exported are 15 MB of JSON, more than a browser's
 * storage holds; archived they are a few hundred kilobytes.
 *
 * The player still appends each finished run to the list under `rehearse:completed`
 * (its code stays small); the pages that read finished runs read both, and /progress/
 * folds that list into the archive. Results are a cache: a path's figures hold for
 * the scenario version (`hash`) that gave them, and a path recorded on another
 * version is replayed again before it counts. Kept apart from progress.ts so the
 * player page does not load it. Pure: works on any key-value store.
 */
import type { Scores } from "./model.ts";
import {
  COMPLETED_KEY,
  KEY_PREFIX,
  type KeyValueStore,
  type Repair,
  readCompleted,
  setAside,
  trySet,
} from "./progress.ts";
import { isScenarioId, RUN_SCHEMA, type RunRecord } from "./record.ts";
import type { Step } from "./run.ts";
import { isSeed } from "./shuffle.ts";

export const ARCHIVE_KEY = `${KEY_PREFIX}archive`;
export const ARCHIVE_SCHEMA = "rehearse.archive/1";

/**
 * Scores by principle, packed: principle index (into the archive's `principles`), value, and so on, in the
 * object's key order. `{ respect: 2, safety: -1 }` is `[3, 2, 6, -1]`: a path's three sets of figures take
 * about 60 characters instead of 360, so even 9,300 runs each on a path of its own through the bundled
 * scenarios take 2.4 MB (4.3 MB unpacked), within a browser's storage.
 */
export type PackedScores = readonly number[];

/** A step: scene, choice id, target, scores. */
export type ArchivedStep<S = PackedScores> = readonly [scene: string, choice: string, to: string, scores: S];

/** A path through a scenario and what replaying it on the scenario's version `hash` gave. */
export type ArchivedPath<S = PackedScores> = readonly [
  scenario: string,
  hash: string,
  steps: readonly number[],
  ending: string | null,
  scores: S,
  percent: S,
  reach: S | null,
  flags: readonly string[],
  /** Why the path no longer replays on its scenario (its figures are then empty); absent when it does. */
  broken?: string,
];

export type Archive = {
  readonly schema: typeof ARCHIVE_SCHEMA;
  /** The principle ids that packed scores index. */
  readonly principles: readonly string[];
  readonly steps: readonly ArchivedStep[];
  readonly paths: readonly ArchivedPath[];
  /** Four numbers a run, oldest first: path index, seed (null: the author's order), start (ms since 1970), duration (ms). */
  readonly runs: readonly (number | null)[];
};

export const emptyArchive = (): Archive => ({ schema: ARCHIVE_SCHEMA, principles: [], steps: [], paths: [], runs: [] });

/** Packs scores against a table of principle ids, growing it as needed. */
function packer() {
  const principles: string[] = [];
  const index = new Map<string, number>();
  const pack = (scores: Scores): PackedScores => {
    const out: number[] = [];
    for (const k in scores) {
      if (!Object.hasOwn(scores, k)) continue;
      let i = index.get(k);
      if (i === undefined) {
        i = principles.push(k) - 1;
        index.set(k, i);
      }
      out.push(i, scores[k] as number);
    }
    return out;
  };
  return { principles, pack };
}

/** Unpacks scores against the archive's principle ids (checked by parseArchive). */
const unpacker =
  (principles: readonly string[]) =>
  (packed: PackedScores): Scores => {
    const out: Record<string, number> = {};
    for (let i = 0; i + 1 < packed.length; i += 2)
      out[principles[packed[i] as number] as string] = packed[i + 1] as number;
    return out;
  };

const unpackStep = (s: ArchivedStep, unpack: (p: PackedScores) => Scores): ArchivedStep<Scores> => [
  s[0],
  s[1],
  s[2],
  unpack(s[3]),
];
function unpackPath(
  p: ArchivedPath,
  steps: readonly number[],
  unpack: (p: PackedScores) => Scores,
): ArchivedPath<Scores> {
  const figures = [p[3], unpack(p[4]), unpack(p[5]), p[6] === null ? null : unpack(p[6]), p[7]] as const;
  return p[8] === undefined ? [p[0], p[1], steps, ...figures] : [p[0], p[1], steps, ...figures, p[8]];
}

/** A finished run read from the archive: a run record, and why its path no longer replays, if it does not. */
export type ArchivedRun = RunRecord & { readonly broken?: string };

const stepKey = (s: ArchivedStep<Scores>) => JSON.stringify(s);
const pathKey = (p: ArchivedPath<Scores>) => JSON.stringify(p);
/** Same run: same scenario and start time (as mergeCompleted). */
const runIdentity = (scenario: string, start: number) => `${scenario}\n${start}`;

/**
 * Builds an archive: the runs of `from` (if any), then each added run, an earlier copy of the same run
 * (same scenario and start) replaced and moved last. Only steps and paths some run uses are written.
 */
export class ArchiveWriter {
  readonly #steps: ArchivedStep<Scores>[] = [];
  readonly #stepIndex = new Map<string, number>();
  readonly #paths: ArchivedPath<Scores>[] = [];
  readonly #pathIndex = new Map<string, number>();
  /** Run identity → [path, seed, start, duration]. */
  readonly #runs = new Map<string, [number, number | null, number, number]>();

  constructor(from?: Archive) {
    if (from) this.addArchive(from);
  }

  /**
   * Adds every run of another archive, in its order (its steps and paths are mapped once, not per run). An
   * earlier copy of a run is replaced and the run moves last, or, with `keepPlace`, stays where it was.
   */
  addArchive(from: Archive, { keepPlace = false } = {}): void {
    const unpack = unpacker(from.principles);
    const steps = from.steps.map((s) => this.#step(unpackStep(s, unpack)));
    const paths = from.paths.map((p) =>
      this.#path(
        unpackPath(
          p,
          p[2].map((i) => steps[i] as number),
          unpack,
        ),
      ),
    );
    const runs = from.runs;
    for (let i = 0; i + 3 < runs.length; i += 4) {
      const path = paths[runs[i] as number] as number;
      const start = runs[i + 2] as number;
      const identity = runIdentity(from.paths[runs[i] as number]?.[0] ?? "", start);
      if (!keepPlace) this.#runs.delete(identity);
      this.#runs.set(identity, [path, runs[i + 1] as number | null, start, runs[i + 3] as number]);
    }
  }

  #step(step: ArchivedStep<Scores>): number {
    const key = stepKey(step);
    let index = this.#stepIndex.get(key);
    if (index === undefined) {
      index = this.#steps.push(step) - 1;
      this.#stepIndex.set(key, index);
    }
    return index;
  }

  #path(path: ArchivedPath<Scores>): number {
    const key = pathKey(path);
    let index = this.#pathIndex.get(key);
    if (index === undefined) {
      index = this.#paths.push(path) - 1;
      this.#pathIndex.set(key, index);
    }
    return index;
  }

  /** Step indices of a list of steps, by identity: the runs of one replayed path share their steps. */
  readonly #stepsOf = new WeakMap<readonly Step[], number[]>();
  /** Path index by run figures' identity (they too are shared by the runs of one replayed path), then by key. */
  readonly #pathOf = new WeakMap<object, { record: RunRecord; path: number }>();

  /** Adds a finished run (its figures as they are: the caller replayed it, or the player computed them). */
  add(record: RunRecord | ArchivedRun): void {
    const start = Date.parse(record.startedAt);
    const finished = Date.parse(record.finishedAt ?? record.startedAt);
    const identity = runIdentity(record.scenario, start);
    this.#runs.delete(identity);
    this.#runs.set(identity, [this.#pathOfRecord(record), record.seed, start, finished - start]);
  }

  #pathOfRecord(record: RunRecord | ArchivedRun): number {
    const seen = this.#pathOf.get(record.scores);
    const broken = (record as ArchivedRun).broken;
    if (
      seen &&
      seen.record.steps === record.steps &&
      seen.record.percent === record.percent &&
      seen.record.reach === record.reach &&
      seen.record.flags === record.flags &&
      seen.record.scenario === record.scenario &&
      seen.record.scenarioHash === record.scenarioHash &&
      seen.record.ending === record.ending &&
      (seen.record as ArchivedRun).broken === broken
    )
      return seen.path;
    let steps = this.#stepsOf.get(record.steps);
    if (!steps) {
      steps = record.steps.map((s) => this.#step([s.scene, s.choice, s.to, s.scores]));
      this.#stepsOf.set(record.steps, steps);
    }
    const figures = [record.ending, record.scores, record.percent, record.reach ?? null, record.flags] as const;
    const path = this.#path(
      broken === undefined
        ? [record.scenario, record.scenarioHash, steps, ...figures]
        : [record.scenario, record.scenarioHash, steps, ...figures, broken],
    );
    this.#pathOf.set(record.scores, { record, path });
    return path;
  }

  get size(): number {
    return this.#runs.size;
  }

  /** The archive, with only the paths and steps its runs use. */
  archive(): Archive {
    const pathMap = new Map<number, number>();
    const stepMap = new Map<number, number>();
    const steps: ArchivedStep[] = [];
    const paths: ArchivedPath[] = [];
    const runs: (number | null)[] = [];
    const { principles, pack } = packer();
    for (const [path, seed, start, duration] of this.#runs.values()) {
      let index = pathMap.get(path);
      if (index === undefined) {
        const p = this.#paths[path] as ArchivedPath<Scores>;
        const mapped = p[2].map((s) => {
          let i = stepMap.get(s);
          if (i === undefined) {
            const step = this.#steps[s] as ArchivedStep<Scores>;
            i = steps.push([step[0], step[1], step[2], pack(step[3])]) - 1;
            stepMap.set(s, i);
          }
          return i;
        });
        const figures = [p[3], pack(p[4]), pack(p[5]), p[6] === null ? null : pack(p[6]), p[7]] as const;
        index =
          paths.push(p[8] === undefined ? [p[0], p[1], mapped, ...figures] : [p[0], p[1], mapped, ...figures, p[8]]) -
          1;
        pathMap.set(path, index);
      }
      runs.push(index, seed, start, duration);
    }
    return { schema: ARCHIVE_SCHEMA, principles, steps, paths, runs };
  }
}

/** The archive's runs as run records, oldest first; runs of one path share its steps and figures (read-only). */
export function archivedRuns(archive: Archive): ArchivedRun[] {
  const unpack = unpacker(archive.principles);
  const steps: Step[] = archive.steps.map(([scene, choice, to, scores]) => ({
    scene,
    choice,
    to,
    scores: unpack(scores),
  }));
  const paths = archive.paths.map((p) => ({
    steps: p[2].map((i) => steps[i] as Step),
    path: unpackPath(p, p[2], unpack),
  }));
  const out: ArchivedRun[] = [];
  const runs = archive.runs;
  for (let i = 0; i + 3 < runs.length; i += 4) {
    const found = paths[runs[i] as number];
    if (!found) continue;
    const p = found.path;
    const start = runs[i + 2] as number;
    const seed = runs[i + 1] as number | null;
    const startedAt = new Date(start).toISOString();
    const finishedAt = new Date(start + (runs[i + 3] as number)).toISOString();
    // Literals of one shape, no spreads: 10,000 runs are read each time /progress/ opens.
    const run: RunRecord =
      p[6] === null
        ? {
            schema: RUN_SCHEMA,
            scenario: p[0],
            scenarioHash: p[1],
            seed,
            startedAt,
            finishedAt,
            steps: found.steps,
            ending: p[3],
            scores: p[4],
            percent: p[5],
            flags: p[7],
          }
        : {
            schema: RUN_SCHEMA,
            scenario: p[0],
            scenarioHash: p[1],
            seed,
            startedAt,
            finishedAt,
            steps: found.steps,
            ending: p[3],
            scores: p[4],
            percent: p[5],
            reach: p[6],
            flags: p[7],
          };
    out.push(p[8] === undefined ? run : { ...run, broken: p[8] });
  }
  return out;
}

/** The archive's runs, a JSON value: for a notice's detail when damaged ones are set aside. */
type Bad = { readonly bad: unknown[]; first: string };

/** Packed scores: pairs of a principle index (below `principles`) and a finite value that passes `test`. */
const isPacked = (
  value: unknown,
  principles: number,
  test: (v: number) => boolean = () => true,
): value is PackedScores => {
  if (!Array.isArray(value) || value.length % 2 !== 0) return false;
  for (let i = 0; i < value.length; i += 2) {
    const [k, v] = [value[i], value[i + 1]];
    if (!Number.isInteger(k) || k < 0 || k >= principles) return false;
    if (typeof v !== "number" || !Number.isFinite(v) || !test(v)) return false;
  }
  return true;
};
const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === "string");
/** Milliseconds that `new Date()` can hold (about ±273,000 years). */
const isMs = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && Math.abs(value) <= 8.64e15;

/**
 * Checks a stored archive's JSON; never throws. Runs that cannot be read (a bad path or step, or bad
 * numbers) are left out and returned as `bad`, with the first reason; a value that is not an archive at
 * all is an `error`.
 */
export function parseArchive(text: string): { archive: Archive; bad: unknown[]; first: string } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { error: "the archive of finished runs is not JSON" };
  }
  const a = data as Partial<Record<keyof Archive, unknown>> | null;
  if (typeof a !== "object" || a === null || a.schema !== ARCHIVE_SCHEMA)
    return { error: `the archive of finished runs is not a "${ARCHIVE_SCHEMA}" object` };
  if (!isStrings(a.principles) || !Array.isArray(a.steps) || !Array.isArray(a.paths) || !Array.isArray(a.runs))
    return { error: "the archive of finished runs lacks its lists" };
  const principles = a.principles.length;
  const stepOk = a.steps.map(
    (s: unknown) =>
      Array.isArray(s) &&
      s.length === 4 &&
      typeof s[0] === "string" &&
      typeof s[1] === "string" &&
      typeof s[2] === "string" &&
      isPacked(s[3], principles),
  );
  const pathWhy = a.paths.map((p: unknown): string | null => {
    if (!Array.isArray(p) || p.length < 8 || p.length > 9) return "a path is not a list of 8 or 9 values";
    if (!isScenarioId(p[0]) || typeof p[1] !== "string") return "a path's scenario is not a scenario id";
    if (!Array.isArray(p[2]) || !p[2].every((i) => Number.isInteger(i) && stepOk[i] === true))
      return "a path names a step the archive does not hold";
    if (p[3] !== null && typeof p[3] !== "string") return "a path's ending is not a name";
    if (
      !isPacked(p[4], principles) ||
      !isPacked(p[5], principles, (v) => v >= 0 && v <= 100) ||
      !(p[6] === null || isPacked(p[6], principles, (v) => v >= 0))
    )
      return "a path's figures are not numbers in their ranges";
    if (!isStrings(p[7]) || (p.length === 9 && typeof p[8] !== "string")) return "a path's flags are not names";
    return null;
  });
  const result: Bad = { bad: [], first: "" };
  const runs: (number | null)[] = [];
  const used = new Set<number>();
  const raw = a.runs;
  for (let i = 0; i < raw.length; i += 4) {
    const [path, seed, start, duration] = [raw[i], raw[i + 1], raw[i + 2], raw[i + 3]];
    const why =
      i + 3 >= raw.length
        ? "the list of runs ends part-way through a run"
        : !Number.isInteger(path) || (path as number) < 0 || (path as number) >= a.paths.length
          ? "a run names a path the archive does not hold"
          : (pathWhy[path as number] ??
            (seed !== null && !isSeed(seed) ? "a run's seed is not a seed" : null) ??
            (!isMs(start) || !isMs(duration) || !isMs((start as number) + (duration as number))
              ? "a run's dates are not dates"
              : null));
    if (why === null) {
      runs.push(path as number, seed as number | null, start as number, duration as number);
      used.add(path as number);
    } else {
      if (result.bad.length === 0) result.first = why;
      result.bad.push({ path: a.paths[path as number] ?? null, seed, start, duration });
    }
  }
  const archive: Archive = {
    schema: ARCHIVE_SCHEMA,
    principles: a.principles,
    steps: a.steps as ArchivedStep[],
    paths: a.paths as ArchivedPath[],
    runs,
  };
  // Paths and steps of the runs set aside are dropped with them.
  return { archive: result.bad.length > 0 ? new ArchiveWriter(archive).archive() : archive, ...result };
}

/** What {@link readFinished} found. */
export type Finished = {
  /** Every finished run, oldest first. */
  readonly runs: ArchivedRun[];
  /** The archive the runs came from, with the player's list folded in when `fold` was asked and it fitted. */
  readonly archive: Archive;
  /** Damaged data found and set aside (one repair per kind, however many items). */
  readonly repairs: Repair[];
};

/**
 * Reads every finished run: the archive and the player's list of finished runs (`rehearse:completed`,
 * also where every run saved before the archive existed is), both read at once. Damaged data is set
 * aside with one repair per value, however many items are damaged. With `fold`, the player's list is
 * moved into the archive (when it fits; else it stays where it is), so the player never rereads
 * thousands of runs at an ending.
 */
export function readFinished(store: KeyValueStore, { fold = false, now = new Date() } = {}): Finished {
  const raw = store.getItem(ARCHIVE_KEY);
  const recentRaw = store.getItem(COMPLETED_KEY);
  // Two islands of a page read the same values: the second gets the first's runs (they are read-only).
  if (lastRead && lastRead.raw === raw && lastRead.recentRaw === recentRaw && (!fold || recentRaw === null))
    return { ...lastRead.finished, runs: [...lastRead.finished.runs] };
  const finished = readFinishedAfresh(store, raw, fold, now);
  lastRead =
    finished.repairs.length === 0
      ? { raw: store.getItem(ARCHIVE_KEY), recentRaw: store.getItem(COMPLETED_KEY), finished }
      : undefined;
  return finished;
}

let lastRead: { raw: string | null; recentRaw: string | null; finished: Finished } | undefined;

function readFinishedAfresh(store: KeyValueStore, raw: string | null, fold: boolean, now: Date): Finished {
  const recent = readCompleted(store, now);
  const repairs: Repair[] = [...recent.repairs];
  let archive = emptyArchive();
  if (raw !== null) {
    const parsed = parseArchive(raw);
    if ("error" in parsed) {
      repairs.push(setAside(store, ARCHIVE_KEY, raw, parsed.error, now));
      store.removeItem(ARCHIVE_KEY);
    } else {
      archive = parsed.archive;
      if (parsed.bad.length > 0) {
        const reason =
          parsed.bad.length === 1
            ? parsed.first
            : `${parsed.bad.length} of ${parsed.bad.length + archive.runs.length / 4} archived runs could not be read; the first because ${parsed.first}`;
        repairs.push(setAside(store, ARCHIVE_KEY, JSON.stringify(parsed.bad), reason, now, parsed.bad.length));
        if (!trySet(store, ARCHIVE_KEY, JSON.stringify(archive))) store.removeItem(ARCHIVE_KEY);
      }
    }
  }
  if (recent.runs.length > 0) {
    const writer = new ArchiveWriter(archive);
    for (const r of recent.runs) writer.add(normalized(r));
    const merged = writer.archive();
    if (!fold) return { runs: archivedRuns(merged), archive: merged, repairs };
    if (trySet(store, ARCHIVE_KEY, JSON.stringify(merged))) {
      store.removeItem(COMPLETED_KEY);
      archive = merged;
    } else return { runs: archivedRuns(merged), archive, repairs };
  }
  return { runs: archivedRuns(archive), archive, repairs };
}

/** A record as the archive keeps it (a run saved unfinished by an older version counts as finished at its start). */
const normalized = (r: RunRecord): RunRecord => (r.finishedAt === null ? { ...r, finishedAt: r.startedAt } : r);

/** Writes an archive; false, changing nothing, when the browser's storage has no room for it. */
export const writeArchive = (store: KeyValueStore, archive: Archive): boolean =>
  trySet(store, ARCHIVE_KEY, JSON.stringify(archive));

/**
 * The runs whose figures no longer hold: for a scenario this site has (`hashes`: id → its version's hash),
 * recorded on another version of it. They are replayed again (with engine/import.ts) before they count.
 */
export function staleRuns(runs: readonly ArchivedRun[], hashes: (id: string) => string | undefined): ArchivedRun[] {
  return runs.filter((r) => {
    const hash = hashes(r.scenario);
    return hash !== undefined && hash !== r.scenarioHash;
  });
}

/**
 * The text of an export (`rehearse.export/1`): one compact run record a line, so that 10,000 runs stay
 * within Import's cap (indented, they were 2–3 times larger) and the file still reads in a text editor.
 */
export function exportText(
  completed: readonly (RunRecord | ArchivedRun)[],
  inProgress: readonly RunRecord[],
  exportedAt: string,
): string {
  const lines = (runs: readonly (RunRecord | ArchivedRun)[]) =>
    runs.length === 0
      ? "[]"
      : `[\n${runs.map((r) => JSON.stringify("broken" in r ? { ...r, broken: undefined } : r)).join(",\n")}\n]`;
  return `{"schema":"rehearse.export/1","exportedAt":${JSON.stringify(exportedAt)},\n"completed":${lines(completed)},\n"inProgress":${lines(inProgress)}}\n`;
}
