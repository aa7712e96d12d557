import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyzeScenario } from "../../engine/analyze.ts";
import {
  importChecker,
  importItems,
  importSizeError,
  MAX_IMPORT_BYTES,
  mergeCompleted,
  type ScenarioData,
  scenariosNamed,
} from "../../engine/import.ts";
import { readScenario } from "../../engine/load.ts";
import { parseRunRecord, type RunRecord } from "../../engine/record.ts";
import { createSession } from "../../engine/session.ts";

const ID = "what-stays-in-the-circle";
const dir = fileURLToPath(new URL("../../scenarios/", import.meta.url));
const scenario = readScenario(`${dir}${ID}.mdx`, undefined).value;
if (!scenario) throw new Error(`${ID} does not compile`);
const data: ScenarioData = { scenario, analysis: analyzeScenario(scenario) };
const lookup = (id: string) => (id === ID ? data : undefined);

/** A real run: the first option at every decision, to an ending. */
function played(seed = 7): RunRecord {
  let t = Date.parse("2026-11-20T10:00:00.000Z");
  const session = createSession(scenario as NonNullable<typeof scenario>, {
    analysis: data.analysis,
    seed,
    now: () => {
      t += 60_000;
      return new Date(t);
    },
  });
  for (let i = 0; i < 40 && session.view().phase !== "ended"; i++) {
    if (session.view().phase === "deciding") session.choose(1);
    else session.continue();
  }
  return session.save();
}

describe("importChecker: runs are replayed, never trusted", () => {
  it("recomputes a real run's figures exactly as the player saved them", () => {
    const run = played();
    expect(run.finishedAt).not.toBeNull();
    const checked = importChecker(lookup)(run);
    expect(checked).toEqual({
      kind: "run",
      record: expect.objectContaining({ percent: run.percent, reach: run.reach }),
    });
    if (checked.kind === "run") {
      expect(checked.record.scores).toEqual(run.scores);
      expect(checked.record.ending).toBe(run.ending);
      expect(checked.record.steps).toEqual(run.steps);
    }
  });

  it("replaces forged scores, percentages, reach, ending and flags with the scenario's", () => {
    const run = played();
    const forged = {
      ...run,
      scores: { respect: 5000 },
      percent: { respect: 100, safety: 100 },
      reach: { respect: 1e9 },
      ending: "not-an-ending",
      flags: ["forged"],
      steps: run.steps.map((s) => ({ ...s, scores: { respect: 999 } })),
    };
    const checked = importChecker(lookup)(forged);
    expect(checked.kind).toBe("run");
    if (checked.kind !== "run") return;
    expect(checked.record.percent).toEqual(run.percent);
    expect(checked.record.reach).toEqual(run.reach);
    expect(checked.record.scores).toEqual(run.scores);
    expect(checked.record.ending).toBe(run.ending);
    expect(checked.record.flags).toEqual(run.flags);
    expect(checked.record.steps).toEqual(run.steps);
  });

  it("keeps aside a run whose choices do not replay, or that claims an ending it never reached", () => {
    const run = played();
    const check = importChecker(lookup);
    const wrong = { ...run, steps: [{ ...run.steps[0], to: "somewhere-else" }, ...run.steps.slice(1)] };
    expect(check(wrong)).toMatchObject({ kind: "aside", reason: expect.stringContaining("choice 1 does not replay") });
    expect(check({ ...run, steps: run.steps.slice(0, 1) })).toMatchObject({
      kind: "aside",
      reason: expect.stringContaining("does not reach an ending"),
    });
    expect(check({ ...run, finishedAt: "2020-01-01T00:00:00.000Z" })).toMatchObject({
      kind: "aside",
      reason: expect.stringContaining("finishes before it starts"),
    });
  });

  it("rejects hostile values: Infinity, huge negatives, script URLs as dates, ids that are not ids", () => {
    const run = played();
    const check = importChecker(lookup);
    for (const [bad, reason] of [
      [{ ...run, finishedAt: "javascript:alert(4)" }, "`finishedAt` is not a date"],
      [{ ...run, startedAt: "yesterday" }, "`startedAt` is not a date"],
      [{ ...run, startedAt: "2026-13-45T99:99:99.000Z" }, "`startedAt` is not a date"],
      [{ ...run, scenario: "../../etc" }, "not a scenario id"],
      [{ ...run, scenario: "javascript:alert(1)" }, "not a scenario id"],
      [{ ...run, reach: { respect: -5 } }, "negative"],
    ] as const) {
      expect(check(bad)).toMatchObject({ kind: "aside", reason: expect.stringContaining(reason) });
    }
    // Huge, negative or infinite figures (1e999 parses as Infinity) are not read at all: every figure is recomputed.
    for (const percent of [{ respect: -1e308 }, { respect: 5000 }]) {
      const checked = check({ ...run, percent });
      expect(checked.kind).toBe("run");
      if (checked.kind === "run") expect(checked.record.percent).toEqual(run.percent);
    }
    const infinite = check(
      JSON.parse(JSON.stringify(run).replace(/"percent":\{[^}]*\}/, '"percent":{"respect":1e999}')),
    );
    expect(infinite.kind).toBe("run");
    if (infinite.kind === "run") expect(infinite.record.percent).toEqual(run.percent);
  });

  it("keeps a run for a scenario this site does not have, with no results", () => {
    const run = {
      ...played(),
      scenario: "a-scenario-from-elsewhere",
      percent: { respect: 100 },
      reach: { respect: 9 },
    };
    const checked = importChecker(lookup)(run);
    expect(checked.kind).toBe("unknown");
    if (checked.kind !== "unknown") return;
    expect(checked.record.percent).toEqual({});
    expect(checked.record.scores).toEqual({});
    expect(checked.record.reach).toBeUndefined();
    expect(parseRunRecord(checked.record).ok).toBe(true);
  });
});

describe("import files", () => {
  it("reads an export, a list or one record into items, and names their scenarios", () => {
    const run = played();
    const exported = { schema: "rehearse.export/1", completed: [run], inProgress: [{ ...run, finishedAt: null }] };
    const items = importItems(JSON.stringify(exported));
    expect(items).toMatchObject({ completed: [run], inProgress: [expect.any(Object)] });
    expect(importItems(JSON.stringify([run, run]))).toMatchObject({ completed: [run, run], inProgress: [] });
    expect(importItems(JSON.stringify(run))).toMatchObject({ completed: [run] });
    expect(importItems("nope")).toEqual({ error: expect.stringContaining("not JSON") });
    if (!("error" in items)) expect(scenariosNamed(items)).toEqual([ID]);
  });

  it("caps the file size with a message that says what to do", () => {
    expect(importSizeError(MAX_IMPORT_BYTES)).toBeNull();
    expect(importSizeError(30 * 1024 * 1024)).toMatch(
      /^That file is 30\.0 MB; rehearse imports files of up to 24\.0 MB/,
    );
  });

  it("merges 10,000 runs into 10,000 others, a re-imported run replacing its copy (its speed: npm run bench -- web)", () => {
    const base = played();
    const at = (i: number) => new Date(Date.parse("2026-01-01T00:00:00.000Z") + i * 1000).toISOString();
    const existing = Array.from({ length: 10_000 }, (_, i) => ({ ...base, startedAt: at(i) }));
    const imported = Array.from({ length: 10_000 }, (_, i) => ({ ...base, startedAt: at(i + 5_000) }));
    const merged = mergeCompleted(existing, imported);
    expect(merged).toHaveLength(15_000);
    expect(merged.at(-1)).toBe(imported.at(-1));
  });

  it("replays 10,000 runs of one path once", () => {
    const run = played();
    const check = importChecker(lookup);
    const runs = Array.from({ length: 10_000 }, (_, i) => ({
      ...run,
      startedAt: new Date(Date.parse(run.startedAt) - i * 1000).toISOString(),
    }));
    expect(runs.map(check).every((c) => c.kind === "run")).toBe(true);
  });
});
