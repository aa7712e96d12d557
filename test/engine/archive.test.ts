/**
 * The archive of finished runs (issue #13, item 11): 10,000 runs kept in a few hundred kilobytes, read back
 * exactly; runs saved before it existed load and move into it; damaged runs are set aside together (one
 * repair); figures recorded on another version of a scenario are replayed before they count.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyzeScenario } from "../../engine/analyze.ts";
import {
  ARCHIVE_KEY,
  ArchiveWriter,
  archivedRuns,
  emptyArchive,
  exportText,
  parseArchive,
  readFinished,
  staleRuns,
} from "../../engine/archive.ts";
import { checkImport, importItems, MAX_IMPORT_BYTES, replayArchived, type ScenarioData } from "../../engine/import.ts";
import { readScenario } from "../../engine/load.ts";
import { profileOf } from "../../engine/profile.ts";
import { COMPLETED_KEY } from "../../engine/progress.ts";
import type { RunRecord } from "../../engine/record.ts";
import { createSession } from "../../engine/session.ts";
import { MapStore } from "./helpers.ts";

const ID = "what-stays-in-the-circle";
const dir = fileURLToPath(new URL("../../scenarios/", import.meta.url));
const scenario = readScenario(`${dir}${ID}.mdx`, undefined).value;
if (!scenario) throw new Error(`${ID} does not compile`);
const data: ScenarioData = { scenario, analysis: analyzeScenario(scenario) };
const lookup = (id: string) => (id === ID ? data : undefined);

/** Real finished runs on `paths` different paths, `count` of them, an hour apart. */
function runs(count: number, paths = 6): RunRecord[] {
  const played: RunRecord[] = [];
  for (let p = 0; p < paths; p++) {
    const session = createSession(scenario as NonNullable<typeof scenario>, { analysis: data.analysis, seed: p });
    for (let i = 0; i < 60 && session.view().phase !== "ended"; i++) {
      const view = session.view();
      if (view.phase === "deciding") session.choose(((p + i) % view.choices.length) + 1);
      else session.continue();
    }
    played.push(session.save());
  }
  const start = Date.parse("2025-01-01T00:00:00.000Z");
  return Array.from({ length: count }, (_, i) => ({
    ...(played[i % paths] as RunRecord),
    seed: i,
    startedAt: new Date(start + i * 3_600_000).toISOString(),
    finishedAt: new Date(start + i * 3_600_000 + 600_000 + i).toISOString(),
  }));
}

const sorted = (r: object) => JSON.stringify(r, Object.keys(r).sort());
const same = (a: readonly object[], b: readonly object[]) => expect(a.map(sorted)).toEqual(b.map(sorted));

describe("ArchiveWriter and archivedRuns", () => {
  it("keeps 10,000 runs in well under a megabyte and reads every one back exactly", () => {
    const all = runs(10_000);
    const writer = new ArchiveWriter();
    for (const r of all) writer.add(r);
    const text = JSON.stringify(writer.archive());
    expect(JSON.stringify(all).length).toBeGreaterThan(10_000_000);
    expect(text.length).toBeLessThan(500_000);
    const parsed = parseArchive(text);
    if ("error" in parsed) throw new Error(parsed.error);
    expect(parsed.bad).toEqual([]);
    same(archivedRuns(parsed.archive), all);
  });

  it("replaces an earlier copy of the same run (same scenario and start), which moves last, and drops unused paths", () => {
    const [a, b] = runs(2, 2) as [RunRecord, RunRecord];
    const writer = new ArchiveWriter();
    writer.add(a);
    writer.add(b);
    writer.add({ ...b, startedAt: a.startedAt, finishedAt: a.finishedAt, seed: a.seed });
    const archive = writer.archive();
    expect(writer.size).toBe(2);
    expect(archive.paths).toHaveLength(1);
    expect(archivedRuns(archive).map((r) => r.startedAt)).toEqual([b.startedAt, a.startedAt]);
    // Merging archives does the same; with keepPlace (new figures for runs already kept) the order stays.
    const merged = new ArchiveWriter(archive);
    merged.addArchive(archive);
    expect(merged.archive()).toEqual(archive);
    const only = new ArchiveWriter();
    only.add({ ...b, percent: {} });
    const kept = new ArchiveWriter(archive);
    kept.addArchive(only.archive(), { keepPlace: true });
    expect(archivedRuns(kept.archive()).map((r) => [r.startedAt, r.percent])).toEqual([
      [b.startedAt, {}],
      [a.startedAt, b.percent],
    ]);
  });
});

describe("profileOf over archived runs", () => {
  it("counts runs that share their figures together, with the same result as runs that do not", () => {
    const all = runs(600, 5);
    const writer = new ArchiveWriter();
    for (const r of all) writer.add(r);
    const shared = archivedRuns(writer.archive());
    const principles = ["confidentiality", "respect", "safety", "power", "boundaries"];
    expect(profileOf(principles, shared)).toEqual(profileOf(principles, structuredClone(all)));
    expect(profileOf(principles, shared).every((row) => row.runs > 0 && row.runs <= 600)).toBe(true);
  });
});

describe("exportText", () => {
  it("writes 10,000 runs within Import's cap, one a line, and Import reads every one back", () => {
    const all = runs(10_000);
    const text = exportText(all, [], "2026-01-01T00:00:00.000Z");
    expect(text.length).toBeLessThan(MAX_IMPORT_BYTES);
    expect(text.split("\n").length).toBe(10_005);
    const items = importItems(text);
    if ("error" in items) throw new Error(items.error);
    same(items.completed as RunRecord[], all);
    // Why a path no longer replays is the archive's note, not part of the run record.
    expect(exportText([{ ...(all[0] as RunRecord), broken: "gone" }], [], "x")).not.toContain("broken");
  });
});

describe("parseArchive", () => {
  it("sets aside runs that name no path, bad seeds or impossible dates, and keeps the rest", () => {
    const archive = (() => {
      const writer = new ArchiveWriter();
      for (const r of runs(3)) writer.add(r);
      return writer.archive();
    })();
    const damaged = { ...archive, runs: [...archive.runs, 99, null, 0, 0, 0, -1, 0, 0, 0, null, 9e15, 0, 0] };
    const parsed = parseArchive(JSON.stringify(damaged));
    if ("error" in parsed) throw new Error(parsed.error);
    expect(parsed.bad).toHaveLength(4);
    expect(parsed.first).toBe("a run names a path the archive does not hold");
    expect(archivedRuns(parsed.archive)).toHaveLength(3);
  });

  it("refuses figures out of range and values that are not an archive", () => {
    const writer = new ArchiveWriter();
    writer.add({ ...(runs(1)[0] as RunRecord), percent: { respect: 1e308 } });
    const parsed = parseArchive(JSON.stringify(writer.archive()));
    expect("error" in parsed ? [] : parsed.bad).toHaveLength(1);
    expect(parseArchive("{nope")).toEqual({ error: "the archive of finished runs is not JSON" });
    expect(parseArchive("[]")).toHaveProperty("error");
  });
});

describe("readFinished", () => {
  it("reads runs saved before the archive existed, and moves them into it when asked to fold", () => {
    const store = new MapStore();
    const old = runs(300);
    store.setItem(COMPLETED_KEY, JSON.stringify(old));
    const looked = readFinished(store);
    same(looked.runs, old);
    expect(store.getItem(ARCHIVE_KEY)).toBeNull();
    const folded = readFinished(store, { fold: true });
    same(folded.runs, old);
    expect(store.getItem(COMPLETED_KEY)).toBeNull();
    // The player keeps appending to its own list: read with the archive, newest last.
    const next = runs(301).at(-1) as RunRecord;
    store.setItem(COMPLETED_KEY, JSON.stringify([next]));
    same(readFinished(store).runs, [...old, next]);
  });

  it("sets 3,000 damaged archived runs aside in one repair and keeps the readable ones", () => {
    const store = new MapStore();
    const writer = new ArchiveWriter();
    for (const r of runs(2)) writer.add(r);
    const archive = writer.archive();
    store.setItem(ARCHIVE_KEY, JSON.stringify({ ...archive, runs: [...archive.runs, ...Array(12_000).fill(7)] }));
    const read = readFinished(store, { now: new Date("2026-01-01T00:00:00Z") });
    expect(read.runs).toHaveLength(2);
    expect(read.repairs).toHaveLength(1);
    expect(read.repairs[0]?.reason).toMatch(/^3000 of 3002 archived runs could not be read/);
    expect(readFinished(store).repairs).toEqual([]);
  });

  it("sets aside an archive that is not one, once", () => {
    const store = new MapStore();
    store.setItem(ARCHIVE_KEY, "{broken");
    const read = readFinished(store);
    expect(read.runs).toEqual([]);
    expect(read.repairs.map((r) => r.key)).toEqual([ARCHIVE_KEY]);
    expect(store.getItem(ARCHIVE_KEY)).toBeNull();
  });
});

describe("figures from another version of a scenario", () => {
  it("are stale until replayed; a path that still holds gets this version's figures, one that does not none", () => {
    const [good, bad] = runs(2, 2) as [RunRecord, RunRecord];
    const older = { ...good, scenarioHash: "0000000000000000", percent: { respect: 100 } };
    const gone = {
      ...bad,
      scenarioHash: "0000000000000000",
      steps: [...bad.steps.slice(0, 1), { scene: "nowhere", choice: "x", to: "y", scores: {} }],
    };
    const writer = new ArchiveWriter();
    writer.add(older);
    writer.add(gone);
    const stale = staleRuns(archivedRuns(writer.archive()), (id) => (id === ID ? scenario.hash : undefined));
    expect(stale).toHaveLength(2);
    const replayed = archivedRuns(replayArchived(stale, lookup));
    expect(replayed[0]?.percent).toEqual(good.percent);
    expect(replayed[0]?.scenarioHash).toBe(scenario.hash);
    expect(replayed[0]?.broken).toBeUndefined();
    expect(replayed[1]).toMatchObject({ scenarioHash: scenario.hash, percent: {}, scores: {} });
    expect(replayed[1]?.broken).toMatch(/does not replay/);
    expect(staleRuns(replayed, (id) => (id === ID ? scenario.hash : undefined))).toEqual([]);
  });
});

describe("checkImport", () => {
  it("returns an import's finished runs as an archive, with the file's figures replaced", async () => {
    const file = runs(50).map((r) => ({ ...r, percent: { respect: 100 } }));
    const items = importItems(JSON.stringify({ schema: "rehearse.export/1", completed: file, inProgress: [] }));
    if ("error" in items) throw new Error(items.error);
    const check = await checkImport(items, lookup);
    expect(check.completed).toBe(50);
    expect(check.asideCount).toBe(0);
    same(archivedRuns(check.archive), runs(50));
    expect(archivedRuns(emptyArchive())).toEqual([]);
  });
});
