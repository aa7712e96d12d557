import { describe, expect, it } from "vitest";
import {
  ASSESSMENTS_KEY,
  assessmentDue,
  changeByPrinciple,
  readAssessments,
  saveAssessment,
  withAssessment,
} from "../../engine/assessment.ts";
import type { RunRecord } from "../../engine/record.ts";
import type { Assessment } from "../../engine/training-record.ts";
import { fixtureCode, MapStore } from "./helpers.ts";

const before: Assessment = {
  when: "before",
  at: "2026-11-01T10:00:00.000Z",
  answers: { "confidentiality-limits": 2, "respect-1": 4, "safety-1": 1, "safety-2": 2 },
};
const after: Assessment = {
  when: "after",
  at: "2026-11-20T10:00:00.000Z",
  answers: { "confidentiality-limits": 4, "respect-1": 4, "safety-1": 4 },
};
const done = (scenario: string, finishedAt: string) =>
  ({ scenario, finishedAt, startedAt: finishedAt, steps: [] }) as unknown as RunRecord;

describe("the self-assessment", () => {
  it("works out the mean per principle before and after, and the change", () => {
    expect(changeByPrinciple(fixtureCode().principles, before, after)).toEqual([
      { principle: "confidentiality", before: 2, after: 4, change: 2 },
      { principle: "respect", before: 4, after: 4, change: 0 },
      { principle: "safety", before: 1.5, after: 4, change: 2.5 },
    ]);
    expect(changeByPrinciple(fixtureCode().principles, before, undefined)[0]).toEqual({
      principle: "confidentiality",
      before: 2,
      after: null,
      change: null,
    });
  });

  it("offers the before first, and suggests the after once five scenarios are done since", () => {
    expect(assessmentDue([], [])).toMatchObject({ when: "before", suggested: true });
    const four = ["a", "b", "c", "d", "d"].map((s) => done(s, "2026-11-02T10:00:00.000Z"));
    expect(assessmentDue([before], four)).toMatchObject({ when: "after", suggested: false, scenariosSince: 4 });
    const five = [...four, done("e", "2026-11-03T10:00:00.000Z")];
    expect(assessmentDue([before], five)).toMatchObject({ when: "after", suggested: true, scenariosSince: 5 });
    // Runs finished before the last assessment do not count towards the next one.
    expect(assessmentDue([before, after], five)).toMatchObject({ when: "after", suggested: false, scenariosSince: 0 });
  });

  it("keeps one before and adds afters", () => {
    const again = { ...before, at: "2026-11-02T10:00:00.000Z" };
    expect(withAssessment([before, after], again)).toEqual([after, again]);
    expect(withAssessment([before], after)).toEqual([before, after]);
  });

  it("saves beside the runs and sets damaged data aside, keeping what reads", () => {
    const store = new MapStore();
    saveAssessment(store, before);
    saveAssessment(store, after);
    expect(readAssessments(store)).toEqual({ assessments: [before, after], repairs: [] });
    store.setItem(ASSESSMENTS_KEY, JSON.stringify([before, { when: "during" }]));
    const now = new Date("2026-11-27T12:00:00.000Z");
    const read = readAssessments(store, now);
    expect(read.assessments).toEqual([before]);
    expect(read.repairs).toEqual([
      {
        key: ASSESSMENTS_KEY,
        movedTo: "rehearse:corrupt:2026-11-27T12:00:00.000Z",
        reason: 'a saved self-assessment could not be read (`when` is not "before" or "after")',
      },
    ]);
    expect(readAssessments(store, now).repairs).toEqual([]);
    store.setItem(ASSESSMENTS_KEY, "{not json");
    expect(readAssessments(store, now).assessments).toEqual([]);
  });
});
