import { describe, expect, it } from "vitest";
import { analyzeScenario } from "../../engine/analyze.ts";
import { cohortReport, pairedChange } from "../../engine/cohort.ts";
import { cellText, cohortTables, csvField, tableCsv } from "../../engine/cohort-tables.ts";
import type { CohortFile, CohortLibrary, CohortReport } from "../../engine/cohort-types.ts";
import type { Scenario } from "../../engine/model.ts";
import type { Answer } from "../../engine/training-record.ts";
import { FRONTMATTER, fixtureCode, valid } from "./helpers.ts";

// One decision: a (net +3, the best), b (net −1), c (net −3), each to its own ending.
// Confidentiality ranges −2…2 (a 100%, b 25%, c 0%); safety −1…1 (a 100%, b 50%, c 0%).
const door = () =>
  valid(
    `${FRONTMATTER}<Scene id="start" title="At the door">
Sam is at the door.

<Choice id="a" to="good" scores={{ confidentiality: 2, safety: 1 }}>
Ask Sam in and listen.
</Choice>
<Choice id="b" to="mixed" scores={{ confidentiality: -1 }}>
Ask Sam who else knows.
</Choice>
<Choice id="c" to="bad" scores={{ confidentiality: -2, safety: -1 }}>
Tell Sam about another member's trouble.
</Choice>
</Scene>

<Ending id="good" title="Heard" tone="positive">
Sam stays.
</Ending>

<Ending id="mixed" title="Unsure" tone="mixed">
Sam hesitates.
</Ending>

<Ending id="bad" title="Gone" tone="negative">
Sam leaves.
</Ending>
`,
    "door.mdx",
  );

// Played by four trainees only: everything about it is suppressed. Its title would run as a formula in a spreadsheet.
const hall = () =>
  valid(
    `---\ntitle: "=HYPERLINK(1)"\nsummary: A test scenario.\n---\n\n<Scene id="hall" title="In the hall">
Jo waits.

<Choice id="stay" to="end" scores={{ respect: 1 }}>
Stay with Jo.
</Choice>
<Choice id="go" to="end" scores={{ respect: -1 }}>
Leave.
</Choice>
</Scene>

<Ending id="end" title="Later" tone="mixed">
Later.
</Ending>
`,
    "hall.mdx",
  );

const data = (scenario: Scenario) => ({ scenario, analysis: analyzeScenario(scenario) });

function library(): CohortLibrary {
  const code = fixtureCode();
  return { code, scenarios: { door: data(door()), hall: data(hall()) } };
}

type Run = { scenario?: string; choice?: string; to?: string; day: number; finished?: boolean };

const time = (day: number, minutes = 0) => new Date(Date.UTC(2026, 2, day, 10, minutes)).toISOString();

function record(
  id: string,
  options: {
    before?: Record<string, Answer>;
    after?: Record<string, Answer>;
    runs?: Run[];
    createdAt?: string;
    pseudonym?: string;
  },
): string {
  const code = fixtureCode();
  const ends: Record<string, string> = { a: "good", b: "mixed", c: "bad", stay: "end", go: "end" };
  return JSON.stringify({
    schema: "rehearse.record/1",
    id,
    createdAt: options.createdAt ?? time(20),
    ...(options.pseudonym ? { pseudonym: options.pseudonym } : {}),
    code: { title: code.title, hash: code.hash },
    assessments: [
      ...(options.before ? [{ when: "before", at: time(1), answers: options.before }] : []),
      ...(options.after ? [{ when: "after", at: time(19), answers: options.after }] : []),
    ],
    runs: (options.runs ?? []).map((r) => {
      const scenario = r.scenario ?? "door";
      const choice = r.choice ?? "a";
      const finished = r.finished ?? true;
      return {
        scenario,
        scenarioHash: "old",
        seed: 7,
        startedAt: time(r.day),
        finishedAt: finished ? time(r.day, 10) : null,
        steps: finished ? [{ scene: scenario === "hall" ? "hall" : "start", choice, to: r.to ?? ends[choice] }] : [],
        ending: finished ? (r.to ?? ends[choice]) : null,
      };
    }),
  });
}

const hallRun = (day: number): Run => ({ scenario: "hall", choice: "stay", day });

/** Six trainees; T1–T5 answered confidentiality before and after, T6 only before; T1–T4 answered safety. */
function cohort(): CohortFile[] {
  return [
    {
      name: "t1.json",
      text: record("t1", {
        pseudonym: "Alex Example",
        before: { "confidentiality-limits": 2, "safety-1": 2, "safety-2": 4 },
        after: { "confidentiality-limits": 4, "safety-1": 4, "safety-2": 4 },
        runs: [{ choice: "a", day: 2 }, { choice: "c", day: 3 }, hallRun(4)],
      }),
    },
    {
      name: "t2.json",
      text: record("t2", {
        before: { "confidentiality-limits": 3, "safety-1": 1, "safety-2": 1 },
        after: { "confidentiality-limits": 4, "safety-1": 2, "safety-2": 3 },
        runs: [{ choice: "b", day: 2 }, hallRun(4)],
      }),
    },
    {
      name: "t3.json",
      text: record("t3", {
        before: { "confidentiality-limits": 1, "safety-1": 3 },
        after: { "confidentiality-limits": 3, "safety-1": 4 },
        runs: [{ choice: "a", day: 2 }, hallRun(4)],
      }),
    },
    {
      name: "t4.json",
      text: record("t4", {
        before: { "confidentiality-limits": 3, "safety-1": 5, "safety-2": 3 },
        after: { "confidentiality-limits": 3, "safety-1": 5, "safety-2": 5 },
        runs: [{ choice: "c", day: 2 }, hallRun(4)],
      }),
    },
    {
      name: "t5.json",
      text: record("t5", {
        before: { "confidentiality-limits": 2 },
        after: { "confidentiality-limits": 5 },
        runs: [
          { choice: "a", day: 2 },
          { day: 5, finished: false },
        ],
      }),
    },
    {
      name: "t6.json",
      text: record("t6", {
        pseudonym: "Sam Sample",
        before: { "confidentiality-limits": 4 },
        runs: [{ choice: "b", day: 2 }],
      }),
    },
  ];
}

const shown = <T extends { suppressed: boolean }>(b: T) => {
  if (b.suppressed) throw new Error("expected a breakdown that is shown");
  return b as Exclude<T, { suppressed: true }>;
};

describe("the cohort report", () => {
  const report = cohortReport(cohort(), library());
  const confidentiality = report.principles.find((p) => p.id === "confidentiality");
  const safety = report.principles.find((p) => p.id === "safety");

  it("counts files, trainees, assessments and runs", () => {
    expect(report.files).toEqual({ given: 6, records: 6, duplicates: 0, rejected: 0, notReplaying: 0 });
    expect(report.trainees).toBe(6);
    expect(report.assessments).toEqual({ before: 6, after: 5, both: 5 });
    // t1 played door twice; t5 left a run unfinished.
    expect(report.runs).toEqual({ completed: 11, unfinished: 1, leftOut: 0 });
    expect(report.minimumGroup).toBe(5);
  });

  it("shows the before and after answers as counts per scale point", () => {
    // Before: 2, 3, 1, 3, 2, 4. After: 4, 4, 3, 3, 5.
    expect(shown(confidentiality?.before ?? { suppressed: true })).toEqual({
      suppressed: false,
      trainees: 6,
      answers: 6,
      counts: [1, 2, 2, 1, 0],
      mean: 2.5,
    });
    expect(shown(confidentiality?.after ?? { suppressed: true })).toMatchObject({
      trainees: 5,
      counts: [0, 0, 2, 2, 1],
      mean: 3.8,
    });
  });

  it("computes the paired change and Cohen's d_z at exactly the minimum group", () => {
    // Differences 2, 1, 2, 0, 3: mean 1.6; SD √(5.2 / 4) = 1.140; d_z = 1.6 / 1.140 = 1.40.
    expect(confidentiality?.change).toEqual({
      suppressed: false,
      trainees: 5,
      n: 5,
      before: 2.2,
      after: 3.8,
      mean: 1.6,
      sd: 1.14,
      dz: 1.4,
    });
  });

  it("suppresses a breakdown over fewer than five trainees, without saying how many", () => {
    expect(safety?.before).toEqual({ suppressed: true });
    expect(safety?.change).toEqual({ suppressed: true });
    // Respect: nobody answered it.
    expect(report.principles.find((p) => p.id === "respect")?.before).toEqual({ suppressed: true });
    const hall = report.scenarios.find((s) => s.id === "hall");
    expect(hall).toEqual({ id: "hall", title: "=HYPERLINK(1)", results: { suppressed: true } });
    expect(report.decisions.find((d) => d.scenario === "hall")).toMatchObject({
      rank: null,
      results: { suppressed: true },
    });
  });

  it("averages a principle's statements per trainee before pairing (threshold from the options)", () => {
    const four = cohortReport(cohort(), library(), { minimumGroup: 4 });
    const s = four.principles.find((p) => p.id === "safety");
    // Before: 2,4 → 3; 1,1 → 1; 3 → 3; 5,3 → 4 (mean 2.75). After: 4; 2.5; 4; 5.
    expect(s?.before).toEqual({ suppressed: false, trainees: 4, answers: 7, counts: [2, 1, 2, 1, 1], mean: 2.75 });
    // Differences 1, 1.5, 1, 1: mean 1.125; SD 0.25; d_z 4.5.
    expect(s?.change).toEqual({
      suppressed: false,
      trainees: 4,
      n: 4,
      before: 2.75,
      after: 3.88,
      mean: 1.13,
      sd: 0.25,
      dz: 4.5,
    });
    expect(s?.statements.map((st) => (st.before.suppressed ? null : st.before.counts))).toEqual([
      [1, 1, 1, 0, 1],
      null,
    ]);
  });

  it("gives no effect size when every trainee changed alike, or for one pair", () => {
    expect(
      pairedChange([
        [2, 3],
        [3, 4],
        [1, 2],
      ]),
    ).toMatchObject({ n: 3, mean: 1, sd: 0, dz: null });
    expect(pairedChange([[2, 4]])).toMatchObject({ n: 1, mean: 2, dz: null });
  });

  it("counts completions, endings by tone and positions in the range over each trainee's first completed run", () => {
    const d = shown(report.scenarios.find((s) => s.id === "door")?.results ?? { suppressed: true });
    expect(d.trainees).toBe(6);
    expect(d.completedRuns).toBe(7);
    expect(d.unfinishedRuns).toBe(1);
    expect(d.tones).toEqual({ positive: 3, mixed: 2, negative: 1, untoned: 0 });
    expect(d.endings.map((e) => [e.id, e.count])).toEqual([
      ["good", 3],
      ["mixed", 2],
      ["bad", 1],
    ]);
    // Confidentiality: 100 ×3, 25 ×2, 0 ×1. Safety: 100 ×3, 50 ×2, 0 ×1.
    expect(d.principles).toEqual([
      {
        id: "confidentiality",
        min: -2,
        max: 2,
        position: { suppressed: false, trainees: 6, runs: 6, bands: [1, 2, 0, 0, 3], mean: 58.3, median: 62.5 },
      },
      {
        id: "safety",
        min: -1,
        max: 1,
        position: { suppressed: false, trainees: 6, runs: 6, bands: [1, 0, 2, 0, 3], mean: 66.7, median: 75 },
      },
    ]);
    expect(confidentiality?.tested).toMatchObject({ suppressed: false, trainees: 6, runs: 6, scenarios: ["door"] });
  });

  it("shows how the cohort chose at each decision and ranks where it diverged from the code", () => {
    const top = report.decisions[0];
    expect(top?.rank).toBe(1);
    expect(top?.scenario).toBe("door");
    const r = shown(top?.results ?? { suppressed: true });
    expect(r.visits).toBe(6);
    expect(r.options.map((o) => [o.id, o.count, o.best])).toEqual([
      ["a", 3, true],
      ["b", 2, false],
      ["c", 1, false],
    ]);
    // Half chose below the best; b gives up 3 − (−1) = 4, c gives up 6: (4 + 4 + 6) / 6.
    expect(r.belowBest).toBe(0.5);
    expect(r.givenUp).toBe(2.33);
  });

  it("counts records made with another version of the code, ignoring answers to statements it lacks", () => {
    const other = JSON.parse(record("t9", { before: { "confidentiality-limits": 5, "gone-statement": 1 } }));
    other.code.hash = "an-older-code";
    const r = cohortReport([...cohort(), { name: "t9.json", text: JSON.stringify(other) }], library());
    expect(r.otherCode).toBe(1);
    const c = r.principles.find((p) => p.id === "confidentiality");
    expect(c?.before).toMatchObject({ trainees: 7, counts: [1, 2, 2, 1, 1] });
  });

  it("never puts a pseudonym in the report", () => {
    const json = JSON.stringify(report);
    expect(json).not.toContain("Alex Example");
    expect(json).not.toContain("Sam Sample");
    expect(json).not.toContain("pseudonym");
  });
});

describe("bad input", () => {
  const good = cohort();
  const t1 = good[0] as CohortFile;
  const laterT2 = record("t2", {
    createdAt: time(25),
    before: { "confidentiality-limits": 3 },
    after: { "confidentiality-limits": 4 },
    runs: [{ choice: "b", day: 2 }],
  });
  const broken = record("t7", {
    before: { "confidentiality-limits": 3 },
    runs: [
      { choice: "a", day: 2 },
      { choice: "zzz", to: "nowhere", day: 3 },
      { scenario: "gone", choice: "a", day: 4 },
    ],
  });
  const report = cohortReport(
    [
      ...good,
      { name: "t1-again.json", text: t1.text },
      { name: "t1-pretty.json", text: JSON.stringify(JSON.parse(t1.text), null, 2) },
      { name: "t2-later.json", text: laterT2 },
      { name: "notes.txt", text: "Meeting notes: bring biscuits" },
      { name: "empty.json", text: "  \n" },
      { name: "run.json", text: JSON.stringify({ schema: "rehearse.run/2", scenario: "door" }) },
      { name: "export.json", text: JSON.stringify({ schema: "rehearse.export/1", completed: [] }) },
      { name: "t7.json", text: broken },
      { name: "big.json", text: "", error: "larger than 8 MiB" },
    ],
    library(),
  );

  it("counts the same record once, keeping the later version", () => {
    expect(report.files.records).toBe(7);
    expect(report.trainees).toBe(7);
    expect(report.problems.duplicates).toEqual([
      { file: "t1-again.json", sameAs: "t1.json", reason: "the same record again" },
      { file: "t1-pretty.json", sameAs: "t1.json", reason: "the same record again" },
      {
        file: "t2.json",
        sameAs: "t2-later.json",
        reason: "an earlier version of the same record (same id); the later one counts",
      },
    ]);
  });

  it("lists files that are not training records with the reason, and leaves them out", () => {
    expect(report.files.rejected).toBe(5);
    const reasons = Object.fromEntries(report.problems.rejected.map((r) => [r.file, r.reason]));
    expect(reasons["notes.txt"]).toMatch(/^not JSON/);
    expect(reasons["empty.json"]).toBe("the file is empty");
    expect(reasons["run.json"]).toMatch(/a single run record .*not a training record/);
    expect(reasons["export.json"]).toMatch(/Export all.*not a training record/);
    // A file the caller could not read comes with its reason.
    expect(reasons["big.json"]).toBe("larger than 8 MiB");
  });

  it("says which runs do not replay, leaves them out and counts the rest of the record", () => {
    expect(report.files.notReplaying).toBe(1);
    expect(report.problems.notReplaying).toEqual([
      {
        file: "t7.json",
        runs: [
          { run: 2, scenario: "door", reason: "choice 1 does not replay on “Test”" },
          { run: 3, scenario: "gone", reason: "this library has no such scenario" },
        ],
      },
    ]);
    expect(report.runs.leftOut).toBe(2);
    const door = shown(report.scenarios.find((s) => s.id === "door")?.results ?? { suppressed: true });
    // t7's first run counts: 7 trainees, 4 of them at the good ending.
    expect(door.trainees).toBe(7);
    expect(door.tones.positive).toBe(4);
  });
});

describe("tables and CSV", () => {
  const report: CohortReport = cohortReport(cohort(), library());
  const tables = cohortTables(report);

  it("names every table and marks suppressed cells", () => {
    expect(tables.map((t) => t.id)).toEqual([
      "summary",
      "change",
      "answers-before",
      "answers-after",
      "tested",
      "scenarios",
      "endings",
      "positions",
      "divergence",
      "choices",
      "problems",
    ]);
    for (const t of tables) for (const row of t.rows) expect(row).toHaveLength(t.columns.length);
    const change = tables.find((t) => t.id === "change");
    expect(change?.rows.find((r) => r[0] === "Confidentiality")).toEqual([
      "Confidentiality",
      5,
      2.2,
      3.8,
      1.6,
      1.14,
      1.4,
    ]);
    const safety = change?.rows.find((r) => r[0] === "Safety") ?? [];
    expect(safety.slice(1).map((c) => cellText(c, 5))).toEqual(Array(6).fill("fewer than 5"));
  });

  it("writes RFC 4180 CSV and keeps a spreadsheet from running a cell as a formula", () => {
    expect(csvField("=SUM(A1:A9)")).toBe("'=SUM(A1:A9)");
    expect(csvField("+1 555")).toBe("'+1 555");
    expect(csvField("-cmd")).toBe("'-cmd");
    expect(csvField("@here")).toBe("'@here");
    expect(csvField("-1.5")).toBe("-1.5");
    expect(csvField('She said "no", twice')).toBe('"She said ""no"", twice"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    const scenarios = tableCsv(tables.find((t) => t.id === "scenarios") as (typeof tables)[number], 5);
    expect(scenarios.split("\r\n")).toEqual([
      "Scenario,Trainees,Completed runs,Unfinished runs,Positive,Mixed,Negative,No tone",
      "Test,6,7,1,3,2,1,0",
      "'=HYPERLINK(1),fewer than 5,fewer than 5,fewer than 5,fewer than 5,fewer than 5,fewer than 5,fewer than 5",
      "",
    ]);
  });
});

describe("replaying shared runs", () => {
  it("totals and weighs every run as the debrief does (bundled scenarios, seeded runs)", async () => {
    const { bundledLibrary } = await import("../fixtures/cohort/library.ts");
    const { generateCohort } = await import("../fixtures/cohort/generate.ts");
    const { debriefRun } = await import("../../engine/score.ts");
    const { replayCache, replayShared } = await import("../../engine/cohort.ts");
    const lib = bundledLibrary();
    const files = generateCohort(lib, { trainees: 20, runsPerTrainee: 12, seed: 9, unfinished: 0.2 });
    let runs = 0;
    let decisions = 0;
    const caches = new Map<string, ReturnType<typeof replayCache>>();
    for (const f of files) {
      for (const run of JSON.parse(f.text).runs) {
        const data = lib.scenarios[run.scenario];
        if (!data) throw new Error(run.scenario);
        const cache = caches.get(run.scenario) ?? replayCache(data);
        caches.set(run.scenario, cache);
        const replay = replayShared(cache, run.steps);
        if (typeof replay === "string") throw new Error(replay);
        const steps = run.steps.map((s: { scene: string; choice: string; to: string }) => ({ ...s, scores: {} }));
        const debrief = debriefRun(data.scenario, data.analysis, steps);
        expect(replay.percent).toEqual(debrief.percent);
        expect(replay.ending).toBe(debrief.ending?.id ?? null);
        expect(replay.decisions.map((d) => d.givenUp)).toEqual(debrief.decisions.map((d) => d.givenUp));
        runs++;
        decisions += replay.decisions.length;
      }
    }
    expect(runs).toBe(240);
    expect(decisions).toBeGreaterThan(500);
  });
});
