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
