import { describe, expect, it } from "vitest";
import { audienceLabel, audiencesOf, coverageOf, matchesFilter } from "../../engine/library.ts";

const a = { id: "a", principles: ["respect", "safety"], audience: ["peer-support-group"] };
const b = { id: "b", principles: ["respect"], audience: ["peer-mentoring", "peer-support-group"] };
const c = { id: "c", principles: [], audience: [] };

describe("catalog rules (engine/library.ts)", () => {
  it("collects audiences, sorted and unique", () => {
    expect(audiencesOf([a, b, c])).toEqual(["peer-mentoring", "peer-support-group"]);
  });

  it("filters by principle and audience together; an empty filter keeps everything", () => {
    expect([a, b, c].filter((s) => matchesFilter(s, {})).map((s) => s.id)).toEqual(["a", "b", "c"]);
    expect([a, b, c].filter((s) => matchesFilter(s, { principle: "safety" })).map((s) => s.id)).toEqual(["a"]);
    expect([a, b, c].filter((s) => matchesFilter(s, { audience: "peer-mentoring" })).map((s) => s.id)).toEqual(["b"]);
    expect(
      [a, b, c]
        .filter((s) => matchesFilter(s, { principle: "respect", audience: "peer-support-group" }))
        .map((s) => s.id),
    ).toEqual(["a", "b"]);
  });

  it("builds principle × scenario coverage in the code's order, including principles nothing scores", () => {
    const code = {
      principles: [
        { id: "safety", name: "Safety" },
        { id: "respect", name: "Respect" },
        { id: "commitment", name: "Commitment" },
      ],
    } as unknown as Parameters<typeof coverageOf>[0];
    expect(coverageOf(code, [a, b, c])).toEqual([
      { principle: "safety", name: "Safety", scenarios: ["a"] },
      { principle: "respect", name: "Respect", scenarios: ["a", "b"] },
      { principle: "commitment", name: "Commitment", scenarios: [] },
    ]);
  });

  it("names audiences for people", () => {
    expect(audienceLabel("peer-support-group")).toBe("Peer support group");
    expect(audienceLabel("mentors_and_mentees")).toBe("Mentors and mentees");
  });
});

describe("forTrainee", () => {
  it("removes facilitator notes everywhere, keeps everything else, and drops source positions", async () => {
    const { forTrainee } = await import("../../engine/library.ts");
    const { readFixture, valid } = await import("./helpers.ts");
    const scenario = valid(readFixture("valid/circle.mdx"), "circle.mdx");
    const json = JSON.stringify(scenario);
    expect(json).toContain("Ask the room what they would feel");
    const trainee = forTrainee(scenario);
    const out = JSON.stringify(trainee);
    expect(out).not.toContain('"type":"note"');
    expect(out).not.toContain('"position"');
    expect(trainee.scenes[0]?.body.map((b) => b.type)).toEqual(["paragraph", "line"]);
    expect(trainee.scenes.flatMap((s) => s.choices.map((c) => c.to))).toEqual(
      scenario.scenes.flatMap((s) => s.choices.map((c) => c.to)),
    );
    expect(trainee.endings[1]?.body.map((b) => b.type)).toEqual(["paragraph"]);
  });
});

describe("openingOnly", () => {
  it("keeps the first scene's prose and the whole structure, and drops the rest of the prose", async () => {
    const { forTrainee, openingOnly } = await import("../../engine/library.ts");
    const { readFixture, valid } = await import("./helpers.ts");
    const scenario = forTrainee(valid(readFixture("valid/circle.mdx"), "circle.mdx"));
    const opening = openingOnly(scenario);
    const start = opening.scenes.find((s) => s.id === scenario.start);
    expect(start).toEqual(scenario.scenes.find((s) => s.id === scenario.start));
    const rest = opening.scenes.filter((s) => s.id !== scenario.start);
    expect(rest.length).toBeGreaterThan(0);
    for (const scene of rest) {
      expect(scene.body).toEqual([]);
      expect(scene.choices.every((c) => c.text.length === 0 && c.feedback.length === 0)).toBe(true);
    }
    expect(opening.endings.every((e) => e.body.length === 0)).toBe(true);
    // Structure, hash and metadata are untouched.
    const structure = (s: typeof scenario) =>
      JSON.stringify(s, (key, value) => (["body", "text", "feedback"].includes(key) ? undefined : value));
    expect(structure(opening)).toBe(structure(scenario));
    expect(JSON.stringify(opening).length).toBeLessThan(JSON.stringify(scenario).length / 1.5);
  });

  it("plays every path to the same record as the whole scenario, so a run moves from one to the other exactly", async () => {
    const { forTrainee, openingOnly, withinOpening } = await import("../../engine/library.ts");
    const { analyzeScenario } = await import("../../engine/analyze.ts");
    const { createSession, restoreSession } = await import("../../engine/session.ts");
    const { readFixture, valid } = await import("./helpers.ts");
    const scenario = forTrainee(valid(readFixture("valid/circle.mdx"), "circle.mdx"));
    const opening = openingOnly(scenario);
    const analysis = analyzeScenario(scenario);
    const now = () => new Date("2026-11-21T10:00:00Z");
    let paths = 0;
    const walk = (script: number[]) => {
      const light = createSession(opening, { analysis, now });
      const whole = createSession(scenario, { analysis, now });
      for (const n of script) {
        expect(light.choose(n)).toBe(whole.choose(n));
        light.continue();
        whole.continue();
      }
      const view = whole.view();
      expect(light.save()).toEqual(whole.save());
      // Only the first decision and its feedback can be shown from the opening.
      expect(withinOpening(scenario.start, light.view())).toBe(script.length === 0);
      const moved = restoreSession(scenario, light.save(), { analysis, now });
      expect(moved.ok && moved.status).toBe("exact");
      if (moved.ok) expect(moved.session.save()).toEqual(whole.save());
      if (view.phase === "ended") {
        paths++;
        return;
      }
      for (const { number } of view.choices) walk([...script, number]);
    };
    walk([]);
    expect(paths).toBe(analyzeScenario(scenario).runs.count);
  });
});
