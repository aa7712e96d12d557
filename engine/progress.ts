/**
 * Saved progress in a browser: the storage keys, how damaged data is repaired
 * (set aside and reported, never dropped), and the per-principle profile
 * across completed runs. Works on any key-value store, so it is testable in Node.
 */
import { pushAll } from "./push-all.ts";
import { parseRunRecord, type RunRecord } from "./record.ts";

export const KEY_PREFIX = "rehearse:";
/** The run in progress (or just finished) for one scenario. */
export const runKey = (scenario: string) => `${KEY_PREFIX}run:${scenario}`;
/** Every completed run, as a JSON list of run records. */
export const COMPLETED_KEY = `${KEY_PREFIX}completed`;
export const corruptKey = (at: Date, n = 0) => `${KEY_PREFIX}corrupt:${at.toISOString()}${n ? `:${n}` : ""}`;

/** The subset of the Web Storage API this module needs. */
export type KeyValueStore = {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /**
   * Writes only if the store has room, with no other effect when it has not (the site's store would
   * otherwise move everything to memory): true when written. Without it, `setItem` is tried.
   */
  trySetItem?(key: string, value: string): boolean;
};

/**
 * Damaged data found and dealt with: set aside under `movedTo`, or removed when there was no room for a copy (null).
 * `items`: how many items of a list were set aside (the rest kept); absent when the whole value was.
 */
export type Repair = {
  readonly key: string;
  readonly movedTo: string | null;
  readonly reason: string;
  readonly items?: number;
};

/** What happened to the damaged value, for a sentence: "set aside under “…”" or "removed (…)". */
export const repairOutcome = (r: Repair): string =>
  r.movedTo === null
    ? "removed, as there was no room in this browser's storage to keep a copy"
    : `set aside under “${r.movedTo}”`;

/** Stores a value; false when the store refuses it (full, or storage turned off). */
export function trySet(store: KeyValueStore, key: string, value: string): boolean {
  if (store.trySetItem) return store.trySetItem(key, value);
  try {
    store.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** Every key this site wrote, in order. */
export function siteKeys(store: KeyValueStore): string[] {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(KEY_PREFIX)) keys.push(key);
  }
  return keys.sort();
}

/** A free `rehearse:corrupt:<time>` key (numbered when another repair took that millisecond). */
export function freeCorruptKey(store: KeyValueStore, now = new Date()): string {
  let n = 0;
  while (store.getItem(corruptKey(now, n)) !== null) n++;
  return corruptKey(now, n);
}

/**
 * Moves a damaged value to a free `rehearse:corrupt:<time>` key, with the key it had and why, and
 * says so. A damaged value can be megabytes: when a copy does not fit, `movedTo` is null and the
 * caller removes it all the same.
 */
export function setAside(
  store: KeyValueStore,
  key: string,
  value: string,
  reason: string,
  now: Date,
  items?: number,
): Repair {
  const movedTo = freeCorruptKey(store, now);
  const kept = trySet(store, movedTo, JSON.stringify({ key, reason, value }));
  return { key, movedTo: kept ? movedTo : null, reason, ...(items ? { items } : {}) };
}

/**
 * Reads the run in progress for a scenario. A value that is not a run record
 * is moved to a `rehearse:corrupt:<time>` key and reported.
 */
export function readRun(
  store: KeyValueStore,
  scenario: string,
  now = new Date(),
): { record?: RunRecord; repairs: Repair[] } {
  const key = runKey(scenario);
  const raw = store.getItem(key);
  const repairs: Repair[] = [];
  if (raw === null) return { repairs };
  const parsed = parseRunRecord(raw);
  if (parsed.ok && parsed.record.scenario === scenario) return { record: parsed.record, repairs };
  const reason = parsed.ok ? `it belongs to "${parsed.record.scenario}"` : parsed.error;
  repairs.push(setAside(store, key, raw, reason, now));
  store.removeItem(key);
  return { repairs };
}

/**
 * Reads the completed runs. Records that cannot be read are set aside together,
 * under one key and in one repair however many there are (the rest are kept);
 * a list that is not JSON is set aside whole.
 */
export function readCompleted(store: KeyValueStore, now = new Date()): { runs: RunRecord[]; repairs: Repair[] } {
  const reader = completedReader(store, now);
  for (;;) {
    const next = reader.next();
    if (next.done) return next.value;
  }
}

/**
 * {@link readCompleted} in slices of about `sliceMs`, awaiting `pause()` between them, so that reading
 * thousands of runs never blocks a page for long (the caller supplies the pause: a timeout in a browser).
 */
export async function readCompletedPaced(
  store: KeyValueStore,
  pause: () => Promise<void>,
  now = new Date(),
  sliceMs = 30,
): Promise<{ runs: RunRecord[]; repairs: Repair[] }> {
  const reader = completedReader(store, now);
  let started = performance.now();
  for (;;) {
    const next = reader.next();
    if (next.done) return next.value;
    if (performance.now() - started > sliceMs) {
      await pause();
      started = performance.now();
    }
  }
}

/** Reads the completed runs, yielding every 250 records (a point where the caller may pause). */
function* completedReader(store: KeyValueStore, now: Date): Generator<void, { runs: RunRecord[]; repairs: Repair[] }> {
  const raw = store.getItem(COMPLETED_KEY);
  const repairs: Repair[] = [];
  if (raw === null) return { runs: [], repairs };
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    list = undefined;
  }
  if (!Array.isArray(list)) {
    repairs.push(setAside(store, COMPLETED_KEY, raw, "the list of completed runs is not a JSON list", now));
    store.removeItem(COMPLETED_KEY);
    return { runs: [], repairs };
  }
  const runs: RunRecord[] = [];
  const bad: unknown[] = [];
  let first = "";
  for (const [i, item] of list.entries()) {
    if (i % 250 === 249) yield;
    const parsed = parseRunRecord(item);
    if (parsed.ok) runs.push(parsed.record);
    else {
      if (bad.length === 0) first = parsed.error;
      bad.push(item);
    }
  }
  if (bad.length === 0) return { runs, repairs };
  const reason =
    bad.length === 1
      ? first
      : `${bad.length} of ${list.length} saved runs could not be read; the first because ${first}`;
  repairs.push(setAside(store, COMPLETED_KEY, JSON.stringify(bad), reason, now, bad.length));
  store.setItem(COMPLETED_KEY, JSON.stringify(runs));
  return { runs, repairs };
}

/** Adds a completed run, replacing an earlier copy of the same run (same scenario and start time). */
export function withCompleted(runs: readonly RunRecord[], record: RunRecord): RunRecord[] {
  return [...runs.filter((r) => !(r.scenario === record.scenario && r.startedAt === record.startedAt)), record];
}

/** Runs in progress: every `rehearse:run:*` key holding an unfinished record. */
export function runsInProgress(store: KeyValueStore, now = new Date()): { runs: RunRecord[]; repairs: Repair[] } {
  const runs: RunRecord[] = [];
  const repairs: Repair[] = [];
  for (const key of siteKeys(store)) {
    if (!key.startsWith(`${KEY_PREFIX}run:`)) continue;
    const read = readRun(store, key.slice(`${KEY_PREFIX}run:`.length), now);
    pushAll(repairs, read.repairs);
    if (read.record && read.record.finishedAt === null && read.record.steps.length > 0) runs.push(read.record);
  }
  return { runs, repairs };
}
