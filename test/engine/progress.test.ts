import { describe, expect, it } from "vitest";
import { parseImport, profileOf } from "../../engine/profile.ts";
import {
  COMPLETED_KEY,
  type Repair,
  readCompleted,
  readRun,
  repairOutcome,
  runKey,
  runsInProgress,
  siteKeys,
  withCompleted,
} from "../../engine/progress.ts";
import type { RunRecord } from "../../engine/record.ts";
import { MapStore } from "./helpers.ts";

const NOW = new Date("2026-11-21T12:00:00.000Z");
const run = (over: Partial<RunRecord> = {}): RunRecord => ({
  schema: "rehearse.run/2",
  scenario: "circle",
  scenarioHash: "abc",
  seed: 12345,
  startedAt: "2026-11-21T10:00:00.000Z",
  finishedAt: "2026-11-21T10:10:00.000Z",
  steps: [{ scene: "market", choice: "redirect:thats-marcuss-story-to-tell", to: "redirect", scores: { respect: 1 } }],
  ending: "repair",
  scores: { respect: 1 },
  percent: { respect: 50 },
  flags: [],
  ...over,
});

describe("readRun", () => {
  it("returns a readable run untouched", () => {
    const store = new MapStore();
    store.setItem(runKey("circle"), JSON.stringify(run()));
    expect(readRun(store, "circle", NOW)).toEqual({ record: run(), repairs: [] });
  });

  it("reads a rehearse.run/1 run as run/2: each position becomes `#n` until the run is restored, and no seed", () => {
    const store = new MapStore();
    const { seed: _, ...rest } = run();
    const old = {
      ...rest,
      schema: "rehearse.run/1",
      steps: [{ scene: "market", choice: 2, to: "listen", scores: {} }],
    };
    store.setItem(runKey("circle"), JSON.stringify(old));
    const { record, repairs } = readRun(store, "circle", NOW);
    expect(repairs).toEqual([]);
    expect(record).toMatchObject({ schema: "rehearse.run/2", seed: null, steps: [{ scene: "market", choice: "#2" }] });
  });

  it("moves a corrupt run aside under rehearse:corrupt:<time> and reports it", () => {
    const store = new MapStore();
    store.setItem(runKey("circle"), "{oops");
    const { record, repairs } = readRun(store, "circle", NOW);
    expect(record).toBeUndefined();
    expect(repairs).toEqual([
      {
        key: "rehearse:run:circle",
        movedTo: "rehearse:corrupt:2026-11-21T12:00:00.000Z",
        reason: expect.stringContaining("not JSON"),
      },
    ]);
    expect(store.getItem(runKey("circle"))).toBeNull();
    expect(JSON.parse(store.getItem("rehearse:corrupt:2026-11-21T12:00:00.000Z") ?? "")).toMatchObject({
      value: "{oops",
    });
  });

  it("removes a damaged value even when there is no room to set a copy aside, and says so", () => {
    // Like localStorage near its quota: a 4.5 MB copy does not fit beside the 4.5 MB original.
    const store = new (class extends MapStore {
      override setItem(k: string, v: string) {
        if (v.length > 1_000_000) throw new DOMException("full", "QuotaExceededError");
        super.setItem(k, v);
      }
    })();
    store.map.set(runKey("circle"), "x".repeat(4_500_000));
    const { record, repairs } = readRun(store, "circle", NOW);
    expect(record).toBeUndefined();
    expect(repairs).toEqual([
      { key: "rehearse:run:circle", movedTo: null, reason: expect.stringContaining("not JSON") },
    ]);
    expect(repairOutcome(repairs[0] as Repair)).toBe(
      "removed, as there was no room in this browser's storage to keep a copy",
    );
    expect(siteKeys(store)).toEqual([]);
  });

  it("never overwrites an earlier corrupt copy made at the same moment", () => {
    const store = new MapStore();
    store.setItem(runKey("a"), "x");
    store.setItem(runKey("b"), "y");
    readRun(store, "a", NOW);
    readRun(store, "b", NOW);
    expect(siteKeys(store)).toEqual([
      "rehearse:corrupt:2026-11-21T12:00:00.000Z",
      "rehearse:corrupt:2026-11-21T12:00:00.000Z:1",
    ]);
  });

  it("sets aside a run filed under another scenario's key", () => {
    const store = new MapStore();
    store.setItem(runKey("other"), JSON.stringify(run()));
    expect(readRun(store, "other", NOW).repairs[0]?.reason).toBe('it belongs to "circle"');
  });
});

describe("readCompleted", () => {
  it("keeps the readable runs and sets aside the unreadable ones", () => {
    const store = new MapStore();
    store.setItem(
      COMPLETED_KEY,
      JSON.stringify([run(), { schema: "nope" }, run({ startedAt: "2026-11-21T11:00:00.000Z" })]),
    );
    const { runs, repairs } = readCompleted(store, NOW);
    expect(runs).toHaveLength(2);
    expect(repairs).toHaveLength(1);
    expect(repairs[0]?.key).toBe("rehearse:completed");
    expect(JSON.parse(store.getItem(COMPLETED_KEY) ?? "")).toHaveLength(2);
  });

  it("sets 3,000 unreadable runs aside together: one repair, one key, the readable run kept", () => {
    const store = new MapStore();
    const junk = Array.from({ length: 3000 }, (_, i) => ({ junk: i }));
    store.setItem(COMPLETED_KEY, JSON.stringify([...junk, run()]));
    const { runs, repairs } = readCompleted(store, NOW);
    expect(runs).toEqual([run()]);
    expect(repairs).toHaveLength(1);
    expect(repairs[0]?.reason).toMatch(/^3000 of 3001 saved runs could not be read/);
    const aside = siteKeys(store).filter((k) => k.startsWith("rehearse:corrupt:"));
    expect(aside).toHaveLength(1);
    expect(JSON.parse(JSON.parse(store.getItem(aside[0] as string) ?? "").value)).toHaveLength(3000);
  });

  it("sets aside a list that is not JSON", () => {
    const store = new MapStore();
    store.setItem(COMPLETED_KEY, "[[[");
    expect(readCompleted(store, NOW).repairs).toHaveLength(1);
    expect(store.getItem(COMPLETED_KEY)).toBeNull();
  });
});

describe("runs and profile", () => {
  it("replaces an earlier copy of the same completed run", () => {
    const first = run();
    const again = run({ percent: { respect: 100 } });
    expect(withCompleted([first], again)).toEqual([again]);
    expect(withCompleted([first], run({ startedAt: "2026-11-22T00:00:00.000Z" }))).toHaveLength(2);
  });

  it("lists only unfinished runs with at least one step as in progress", () => {
    const store = new MapStore();
    store.setItem(runKey("circle"), JSON.stringify(run({ finishedAt: null })));
    store.setItem(runKey("done"), JSON.stringify(run({ scenario: "done" })));
    store.setItem(runKey("fresh"), JSON.stringify(run({ scenario: "fresh", finishedAt: null, steps: [] })));
    expect(runsInProgress(store, NOW).runs.map((r) => r.scenario)).toEqual(["circle"]);
  });

  it("averages each principle's percentage over the runs that tested it, weighted by their reach", () => {
    const runs = [
      run({ percent: { respect: 50, safety: 0 }, reach: { respect: 3, safety: 2 } }),
      run({ percent: { respect: 100 }, reach: { respect: 1 } }),
    ];
    expect(profileOf(["respect", "safety", "commitment"], runs)).toEqual([
      // (50×3 + 100×1) / 4 = 62.5: the run that could move respect further counts three times as much.
      { principle: "respect", average: 63, runs: 2 },
      { principle: "safety", average: 0, runs: 1 },
      { principle: "commitment", average: null, runs: 0 },
    ]);
  });

  it("counts a record written before reach existed with weight 1", () => {
    const runs = [run({ percent: { respect: 50 } }), run({ percent: { respect: 100 }, reach: { respect: 3 } })];
    expect(profileOf(["respect"], runs)).toEqual([{ principle: "respect", average: 88, runs: 2 }]);
  });
});

describe("parseImport", () => {
  it("reads an export, a list or a single record, counting what it rejects", () => {
    const exported = {
      schema: "rehearse.export/1",
      exportedAt: "x",
      completed: [run(), { bad: 1 }],
      inProgress: [run({ finishedAt: null })],
    };
    expect(parseImport(JSON.stringify(exported))).toMatchObject({ rejected: 1 });
    expect(parseImport(JSON.stringify([run()]))).toMatchObject({ completed: [run()], inProgress: [], rejected: 0 });
    expect(parseImport(JSON.stringify(run({ finishedAt: null })))).toMatchObject({
      completed: [],
      inProgress: [expect.any(Object)],
    });
  });

  it("reports a file that holds no run record", () => {
    expect(parseImport("nope")).toEqual({ error: expect.stringContaining("not JSON") });
    expect(parseImport('{"schema":"other"}')).toEqual({ error: expect.stringContaining("unknown schema") });
  });
});
