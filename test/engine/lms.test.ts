import { describe, expect, it } from "vitest";
import { analyzeScenario } from "../../engine/analyze.ts";
import { lmsResult, parseResumeString, resumeString, SCORM12_SUSPEND_LIMIT } from "../../engine/lms.ts";
import { loadLibrary } from "../../engine/load.ts";
import type { Scenario } from "../../engine/model.ts";
import { createSession } from "../../engine/session.ts";
import { restorePlayerSession } from "../../engine/session-restore.ts";
import { FRONTMATTER, valid } from "./helpers.ts";

const library = loadLibrary("scenarios");
const scenarios = library.scenarios.flatMap(({ result }) => (result.value ? [result.value] : []));

/** Plays a scenario to its ending, always taking the n-th shown option (or the last when fewer). */
function play(scenario: Scenario, pick: number, seed = 11) {
  const analysis = analyzeScenario(scenario);
  const session = createSession(scenario, { analysis, seed });
  for (let i = 0; i < 200 && session.view().phase !== "ended"; i++) {
    const view = session.view();
    if (view.phase === "deciding") session.choose(Math.min(pick, view.choices.length));
    else session.continue();
  }
  return { session, analysis };
}

// A scenario whose one loop makes runs as long as the trainee likes.
const looping = () =>
  valid(`${FRONTMATTER}<Scene id="start" title="The circle">
Someone is talking.

<Choice id="listen-again" to="start">
Keep listening.
<Feedback>You listen.</Feedback>
</Choice>
<Choice id="interrupt-them" to="end" scores={{ respect: -1, safety: 1 }}>
Interrupt.
<Feedback>They stop.</Feedback>
</Choice>
</Scene>

<Ending id="end" title="The end" tone="mixed">
The session ends.
</Ending>
`);

describe("what an LMS learns from a run (engine/lms.ts)", () => {
  it("reports the debrief's figures: one objective per tested principle, their mean as the score, each decision's changes", () => {
    let compared = 0;
    for (const scenario of scenarios) {
      for (const pick of [1, 2, 3]) {
        const { session, analysis } = play(scenario, pick);
        const record = session.save();
        const debrief = session.debrief();
        const result = lmsResult(scenario, analysis, record);
        expect(result.completion).toBe("completed");
        expect(result.ending).toBe(record.ending);
        expect(result.tone).toBe(debrief.ending?.tone ?? null);
        const tested = debrief.principles.filter((p) => p.tested);
        expect(result.objectives).toEqual(
          tested.map((p) => ({
            id: p.id,
            raw: p.raw,
            min: p.min,
            max: p.max,
            percent: p.percent,
            scaled: (p.percent ?? 0) / 100,
          })),
        );
        const mean = Math.round(tested.reduce((s, p) => s + (p.percent ?? 0), 0) / tested.length);
        expect(result.score).toEqual({ raw: mean, min: 0, max: 100, scaled: mean / 100 });
        expect(result.decisions.map((d) => [d.scene, d.choice, d.changes])).toEqual(
          debrief.decisions.map((d, i) => [d.scene, record.steps[i]?.choice, d.changes]),
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30);
  });

  it("is incomplete, with no score, before the first decision, and incomplete mid-run", () => {
    const scenario = scenarios[0] as Scenario;
    const analysis = analyzeScenario(scenario);
    expect(lmsResult(scenario, analysis, { steps: [] })).toMatchObject({
      completion: "incomplete",
      ending: null,
      score: null,
      objectives: [],
      decisions: [],
    });
    const session = createSession(scenario, { analysis, seed: 1 });
    session.choose(1);
    const result = lmsResult(scenario, analysis, session.save());
    expect(result.completion).toBe("incomplete");
    expect(result.decisions).toHaveLength(1);
  });

  it("stops at the first step that does not hold on the scenario", () => {
    const scenario = scenarios[0] as Scenario;
    const { session, analysis } = play(scenario, 1);
    const steps = session.save().steps;
    const broken = [...steps.slice(0, 2), { ...(steps[2] as (typeof steps)[number]), choice: "no-such-choice" }];
    const result = lmsResult(scenario, analysis, { steps: broken });
    expect(result.replayed).toBe(2);
    expect(result.completion).toBe("incomplete");
  });
});

describe("the resume string (SCORM suspend data)", () => {
  it("restores the same run, in the same place, with the same order of options", () => {
    for (const scenario of scenarios.slice(0, 6)) {
      const analysis = analyzeScenario(scenario);
      const session = createSession(scenario, { analysis, seed: 4242 });
      session.choose(2);
      session.continue();
      session.choose(1);
      const record = session.save();
      const text = resumeString(scenario, record);
      expect(text.length).toBeLessThanOrEqual(SCORM12_SUSPEND_LIMIT);
      const back = parseResumeString(scenario, analysis, text);
      expect(back).toMatchObject({
        scenario: scenario.id,
        scenarioHash: scenario.hash,
        seed: 4242,
        startedAt: record.startedAt,
        steps: record.steps,
        scores: record.scores,
        percent: record.percent,
        feedbackPending: true,
      });
      const restored = restorePlayerSession(scenario, back, { analysis });
      if (!restored.ok) throw new Error(restored.error);
      expect(restored.status).toBe("exact");
      expect(restored.session.view().phase).toBe("feedback");
      restored.session.continue();
      session.continue();
      expect(restored.session.view().choices.map((c) => c.choice.id)).toEqual(
        session.view().choices.map((c) => c.choice.id),
      );
    }
  });

  it("names choices by their place when ids do not fit, and keeps the most steps that fit when even that is too long", () => {
    const scenario = looping();
    const analysis = analyzeScenario(scenario);
    const session = createSession(scenario, { analysis, seed: null });
    for (let i = 0; i < 600; i++) {
      session.choose(1);
      session.continue();
    }
    const record = session.save();
    const byPlace = resumeString(scenario, record);
    expect(byPlace.length).toBeLessThanOrEqual(SCORM12_SUSPEND_LIMIT);
    expect(byPlace).toContain("|#1,#1,");
    expect(parseResumeString(scenario, analysis, byPlace)?.steps).toHaveLength(600);
    expect(resumeString(scenario, record, 64_000)).toContain("listen-again,listen-again");

    for (let i = 0; i < 1000; i++) {
      session.choose(1);
      session.continue();
    }
    const long = session.save();
    const cut = resumeString(scenario, long);
    expect(cut.length).toBeLessThanOrEqual(SCORM12_SUSPEND_LIMIT);
    const resumed = parseResumeString(scenario, analysis, cut);
    expect(resumed?.steps.length).toBeGreaterThan(1000);
    expect(resumed?.steps.length).toBeLessThan(1600);
    expect(resumed?.steps).toEqual(long.steps.slice(0, resumed?.steps.length));
  });

  it("reads nothing from an empty, foreign or damaged string", () => {
    const scenario = scenarios[0] as Scenario;
    const analysis = analyzeScenario(scenario);
    for (const text of [
      "",
      "hello",
      undefined,
      42,
      "rehearse.resume/1|x",
      "rehearse.resume/1|h|99999999999|2026-01-01T00:00:00.000Z||",
    ])
      expect(parseResumeString(scenario, analysis, text)).toBeUndefined();
    // A step that no longer holds ends the replay there.
    const text = `rehearse.resume/1|${scenario.hash}|-|2026-01-01T00:00:00.000Z||no-such-choice`;
    expect(parseResumeString(scenario, analysis, text)?.steps).toEqual([]);
  });
});
