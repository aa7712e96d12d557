import { describe, expect, it } from "vitest";
import validate from "xapi-validation";
import { analyzeScenario } from "../../engine/analyze.ts";
import { lmsResult } from "../../engine/lms.ts";
import type { Scenario } from "../../engine/model.ts";
import type { Position, Step } from "../../engine/run.ts";
import { availableChoices, nodeById, sceneById, takeChoice } from "../../engine/run.ts";
import { debriefRun } from "../../engine/score.ts";
import {
  CMI5_CATEGORY,
  type Cmi5Launch,
  type Cmi5Progress,
  changesOf,
  cmi5Statements,
  ENDING,
  isoDuration,
  launchDataOf,
  MASTERY_SCORE,
  MOVEON_CATEGORY,
  PRINCIPLE_CHANGES,
  PRINCIPLE_RESULTS,
  runRegistration,
  SESSION_ID,
  START,
  type Stamp,
  siteStatements,
  VERBS,
  type XapiStatement,
} from "../../engine/xapi.ts";
import { readFixture, valid } from "./helpers.ts";

const circle = () => valid(readFixture("valid/circle.mdx"), "circle.mdx");

/** The run that takes option `pick(n)` (in the author's order) at every scene until an ending. */
function play(scenario: Scenario, pick: (available: number) => number): Step[] {
  const steps: Step[] = [];
  let position: Position = { at: scenario.start, scores: {}, flags: [] };
  for (let i = 0; i < 100 && nodeById(scenario, position.at)?.kind === "scene"; i++) {
    const scene = sceneById(scenario, position.at);
    if (!scene) break;
    const available = availableChoices(scene, position.flags);
    const taken = takeChoice(scenario, position, (available[pick(available.length)] ?? available[0])?.id ?? "");
    if (!taken) break;
    steps.push(taken.step);
    position = taken.next;
  }
  return steps;
}

const launch = (over: Partial<Cmi5Launch> = {}): Cmi5Launch => ({
  actor: { objectType: "Agent", name: "Trainee", account: { homePage: "https://lms.example.org", name: "t-17" } },
  registration: "5d2c4c8e-52a3-4ab6-9f0c-0a8f1f3f4c11",
  activityId: "https://lms.example.org/course/7/au/circle",
  contextTemplate: {
    contextActivities: { grouping: [{ objectType: "Activity", id: "https://lms.example.org/course/7" }] },
    extensions: { [SESSION_ID]: "session-1" },
  },
  launchMode: "Normal",
  lang: "en",
  ...over,
});

let n = 0;
const stamp = (seconds = 0): Stamp => ({
  id: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
  now: new Date(Date.UTC(2026, 10, 27, 10, 0, seconds)),
  initializedAt: new Date(Date.UTC(2026, 10, 27, 10, 0, 0)),
});

/** Every statement of a run sent in one go, as a trainee who plays it through and leaves would send them. */
function whole(scenario: Scenario, steps: Step[], l = launch(), progress: Cmi5Progress = START) {
  const analysis = analyzeScenario(scenario);
  return cmi5Statements(l, scenario, progress, lmsResult(scenario, analysis, { steps }), stamp(75), true);
}

const verbs = (s: readonly XapiStatement[]) => s.map((x) => x.verb.id.split("/").pop());
const categories = (s: XapiStatement) => (s.context.contextActivities?.category ?? []).map((c) => c.id);

describe("cmi5 statements of a run", () => {
  it("sends initialized, one answered per decision, completed and terminated, each a valid xAPI statement", () => {
    const scenario = circle();
    const steps = play(scenario, () => 0);
    const { statements, progress } = whole(scenario, steps);
    expect(verbs(statements)).toEqual(["initialized", ...steps.map(() => "answered"), "completed", "terminated"]);
    for (const s of statements) expect(validate(s), JSON.stringify(s)).toEqual([]);
    expect(progress).toMatchObject({ initialized: true, completed: true, terminated: true });
    expect(progress.answered).toHaveLength(steps.length);
  });

  it("numbers equal the debrief: per-decision changes, per-principle percentages and their mean as the scaled score", () => {
    const scenario = circle();
    const analysis = analyzeScenario(scenario);
    for (const pick of [() => 0, (k: number) => k - 1]) {
      const steps = play(scenario, pick);
      const debrief = debriefRun(scenario, analysis, steps);
      const { statements } = whole(scenario, steps);
      const answered = statements.filter((s) => s.verb.id === VERBS.answered);
      expect(answered.map((s) => s.result?.response)).toEqual(steps.map((s) => s.choice));
      answered.forEach((s, i) => {
        const step = steps[i] as Step;
        const expected = Object.fromEntries(Object.entries(step.scores).filter(([, v]) => v !== 0));
        expect(changesOf(s)).toEqual(expected);
        expect(s.object.id).toBe(`https://lms.example.org/course/7/au/circle/scene/${step.scene}`);
        expect(s.object.definition?.choices?.map((c) => c.id)).toEqual(
          sceneById(scenario, step.scene)?.choices.map((c) => c.id),
        );
      });
      const completed = statements.find((s) => s.verb.id === VERBS.completed);
      const tested = debrief.principles.filter((p) => p.tested);
      const results = completed?.result?.extensions?.[PRINCIPLE_RESULTS] as Record<string, { percent: number }>;
      expect(Object.keys(results)).toEqual(tested.map((p) => p.id));
      for (const p of tested) expect(results[p.id]?.percent).toBe(p.percent);
      const mean = Math.round(tested.reduce((a, p) => a + (p.percent ?? 0), 0) / tested.length);
      expect(completed?.result?.score).toEqual({ scaled: mean / 100, raw: mean, min: 0, max: 100 });
      expect(completed?.result?.extensions?.[ENDING]).toEqual({ id: debrief.ending?.id, tone: debrief.ending?.tone });
    }
  });

  it("carries the cmi5 context: registration, the template's session id and grouping, categories where cmi5 wants them", () => {
    const scenario = circle();
    const { statements } = whole(
      scenario,
      play(scenario, () => 0),
    );
    for (const s of statements) {
      expect(s.context.registration).toBe(launch().registration);
      expect(s.context.extensions?.[SESSION_ID]).toBe("session-1");
      expect(s.context.contextActivities?.grouping?.[0]?.id).toBe("https://lms.example.org/course/7");
      const cats = categories(s);
      if (s.verb.id === VERBS.answered) {
        expect(cats).toEqual([]);
        expect(s.context.contextActivities?.parent?.[0]?.id).toBe(launch().activityId);
        expect(s.result?.extensions?.[PRINCIPLE_CHANGES]).toBeDefined();
      } else if (s.verb.id === VERBS.completed) expect(cats).toEqual([CMI5_CATEGORY, MOVEON_CATEGORY]);
      else expect(cats).toEqual([CMI5_CATEGORY]);
      if (s.verb.id !== VERBS.answered) expect(s.object).toEqual({ objectType: "Activity", id: launch().activityId });
    }
    const done = statements.filter((s) => s.verb.id === VERBS.completed || s.verb.id === VERBS.terminated);
    for (const s of done) expect(s.result?.duration).toBe("PT1M15S");
  });

  it("sends passed or failed only when the LMS set a mastery score", () => {
    const scenario = circle();
    const steps = play(scenario, () => 0);
    const score = lmsResult(scenario, analyzeScenario(scenario), { steps }).score?.scaled ?? 0;
    expect(verbs(whole(scenario, steps).statements)).not.toContain("passed");
    const passed = whole(scenario, steps, launch({ masteryScore: score })).statements;
    expect(verbs(passed)).toContain("passed");
    const p = passed.find((s) => s.verb.id === VERBS.passed);
    expect(p?.result).toMatchObject({ success: true, score: { scaled: score } });
    expect(p?.context.extensions?.[MASTERY_SCORE]).toBe(score);
    expect(categories(p as XapiStatement)).toEqual([CMI5_CATEGORY, MOVEON_CATEGORY]);
    const worse = play(scenario, (k) => k - 1);
    const low = lmsResult(scenario, analyzeScenario(scenario), { steps: worse }).score?.scaled ?? 0;
    expect(low).toBeLessThan(score);
    const failed = whole(scenario, worse, launch({ masteryScore: score })).statements;
    expect(verbs(failed)).toContain("failed");
    expect(failed.find((s) => s.verb.id === VERBS.failed)?.result?.success).toBe(false);
    for (const s of [...passed, ...failed]) expect(validate(s)).toEqual([]);
  });

  it("sends no completed in Browse or Review mode, and none twice in a registration", () => {
    const scenario = circle();
    const steps = play(scenario, () => 0);
    for (const mode of ["Browse", "Review"] as const)
      expect(verbs(whole(scenario, steps, launch({ launchMode: mode })).statements)).not.toContain("completed");
    expect(verbs(whole(scenario, steps, launch(), { ...START, completed: true }).statements)).not.toContain(
      "completed",
    );
    // A later launch once the LMS set a mastery score: passed, without a second completed; never passed twice.
    const later = verbs(whole(scenario, steps, launch({ masteryScore: 0 }), { ...START, completed: true }).statements);
    expect(later.filter((v) => v === "passed" || v === "completed")).toEqual(["passed"]);
    const again = { ...START, completed: true, passed: true };
    expect(verbs(whole(scenario, steps, launch({ masteryScore: 0 }), again).statements)).not.toContain("passed");
  });

  it("reports decisions as they are taken, the ones taken anew after going back, and nothing after terminated", () => {
    const scenario = circle();
    const analysis = analyzeScenario(scenario);
    const steps = play(scenario, () => 0);
    const l = launch();
    let progress = START;
    const send = (s: Step[], terminate = false) => {
      const out = cmi5Statements(
        l,
        scenario,
        progress,
        lmsResult(scenario, analysis, { steps: s }),
        stamp(),
        terminate,
      );
      progress = out.progress;
      return verbs(out.statements);
    };
    expect(send([])).toEqual(["initialized"]);
    expect(send(steps.slice(0, 1))).toEqual(["answered"]);
    expect(send(steps.slice(0, 1))).toEqual([]);
    expect(send(steps.slice(0, 2))).toEqual(["answered"]);
    // Back to the first decision, then a different option: its answered statement, then the rest as taken.
    const other = play(scenario, (k) => k - 1);
    expect(other[0]?.choice).not.toBe(steps[0]?.choice);
    expect(send(other.slice(0, 1))).toEqual(["answered"]);
    expect(send(other)).toEqual([...other.slice(1).map(() => "answered"), "completed"]);
    // Completed once: playing it again the other way reports the decisions only.
    expect(send(steps)).toEqual(steps.map(() => "answered"));
    expect(send(steps, true)).toEqual(["terminated"]);
    expect(send(steps, true)).toEqual([]);
  });
});

describe("the site's own statements (an LRS in the config)", () => {
  it("are the AU's answered and completed statements as plain xAPI: same numbers, no cmi5 category, session or initialized/terminated", () => {
    const scenario = circle();
    const analysis = analyzeScenario(scenario);
    const steps = play(scenario, () => 0);
    const site = {
      actor: { objectType: "Agent" as const, account: { homePage: "https://training.example.org", name: "0f3c" } },
      registration: runRegistration({ scenario: scenario.id, startedAt: "2026-11-27T10:00:00.000Z", seed: 7 }),
      activityId: "https://training.example.org/scenarios/circle/",
    };
    const result = lmsResult(scenario, analysis, { steps });
    const { statements, progress } = siteStatements(site, scenario, START, result, stamp(75));
    expect(verbs(statements)).toEqual([...steps.map(() => "answered"), "completed"]);
    const au = whole(scenario, steps).statements.filter(
      (s) => s.verb.id !== VERBS.initialized && s.verb.id !== VERBS.terminated,
    );
    statements.forEach((s, i) => {
      expect(validate(s)).toEqual([]);
      expect(categories(s)).toEqual([]);
      expect(s.context.registration).toBe(site.registration);
      expect(s.context.extensions?.[SESSION_ID]).toBeUndefined();
      expect(s.result?.response).toEqual(au[i]?.result?.response);
      expect(s.result?.extensions).toEqual(au[i]?.result?.extensions);
      expect(s.result?.score).toEqual(au[i]?.result?.score);
    });
    // Sent once: the same run again sends nothing.
    expect(siteStatements(site, scenario, progress, result, stamp()).statements).toEqual([]);
  });

  it("gives a run one registration, a UUID, the same after a reload and another for another run", () => {
    const run = { scenario: "circle", startedAt: "2026-11-27T10:00:00.000Z", seed: 7 };
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(runRegistration(run)).toMatch(uuid);
    expect(runRegistration({ ...run })).toBe(runRegistration(run));
    expect(runRegistration({ ...run, startedAt: "2026-11-27T10:00:01.000Z" })).not.toBe(runRegistration(run));
    expect(runRegistration({ ...run, seed: null })).toMatch(uuid);
  });
});

describe("xAPI helpers", () => {
  it("writes durations as ISO 8601 to the hundredth of a second", () => {
    expect(isoDuration(0)).toBe("PT0S");
    expect(isoDuration(75_000)).toBe("PT1M15S");
    expect(isoDuration(3_723_450)).toBe("PT1H2M3.45S");
  });

  it("reads an untrusted LMS.LaunchData document without throwing", () => {
    expect(launchDataOf(null)).toEqual({ contextTemplate: {}, launchMode: "Normal" });
    expect(launchDataOf({ launchMode: "Review", masteryScore: 0.8, contextTemplate: { extensions: {} } })).toEqual({
      contextTemplate: { extensions: {} },
      launchMode: "Review",
      masteryScore: 0.8,
    });
    expect(launchDataOf({ returnURL: "https://lms.example.org/course/7" }).returnURL).toBe(
      "https://lms.example.org/course/7",
    );
    expect(launchDataOf({ returnURL: "/course/7" }).returnURL).toBe("/course/7");
    for (const bad of ["javascript:alert(1)", "data:text/html,x", "//evil.example", 42])
      expect(launchDataOf({ returnURL: bad })).not.toHaveProperty("returnURL");
    expect(launchDataOf({ launchMode: "Weird", masteryScore: 3, contextTemplate: [] })).toEqual({
      contextTemplate: {},
      launchMode: "Normal",
    });
  });
});
