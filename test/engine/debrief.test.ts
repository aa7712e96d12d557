import { describe, expect, it } from "vitest";
import { analyzeScenario } from "../../engine/analyze.ts";
import { auditScenario } from "../../engine/audit.ts";
import { plainText } from "../../engine/compile/prose.ts";
import type { Scenario } from "../../engine/model.ts";
import { profileOf } from "../../engine/profile.ts";
import { percentOf } from "../../engine/score.ts";
import { createSession, type Session } from "../../engine/session.ts";
import { FRONTMATTER, readFixture, valid } from "./helpers.ts";

// Respect can move by one point at most (not tested anywhere). On the calm path
// no option scores confidentiality differently (not tested there); on the
// tense path it swings by four.
const crossroads = () =>
  valid(`${FRONTMATTER}<Scene id="start" title="The door">
Sam is at the door.

<Choice to="calm" scores={{ respect: 1 }}>
Greet Sam.
<Feedback>Sam relaxes.</Feedback>
</Choice>
<Choice to="tense">
Ask Sam what they want.
<Feedback>Sam stiffens.</Feedback>
</Choice>
</Scene>

<Scene id="calm" title="Tea">
Sam sits down.

<Choice to="good" scores={{ safety: 2 }}>
Ask how Sam is sleeping.
<Feedback>Sam says, not well.</Feedback>
</Choice>
<Choice to="mixed" scores={{ safety: -1 }}>
Talk about the weather.
<Feedback>The moment passes.</Feedback>
</Choice>
</Scene>

<Scene id="tense" title="The hallway">
Sam mentions a friend's diagnosis.

<Choice to="mixed" scores={{ confidentiality: -2, safety: 1 }}>
Ask who it is.
<Feedback>The friend is not here to say yes.</Feedback>
</Choice>
<Choice to="good" scores={{ confidentiality: 2, safety: -1 }}>
Say you are glad Sam has someone to worry about.
<Feedback>The friend's story stays theirs.</Feedback>
</Choice>
</Scene>

<Ending id="good" title="Good" tone="positive">
Sam comes back next week.
</Ending>

<Ending id="mixed" title="Mixed" tone="mixed">
Sam does not come back.
</Ending>
`);

/** Plays the choices whose text starts with each of `texts`, whatever order they are shown in. */
function play(scenario: Scenario, ...texts: string[]): Session {
  const s = createSession(scenario, { analysis: analyzeScenario(scenario) });
  for (const text of texts) {
    const option = s.view().choices.find((c) => plainText(c.choice.text).startsWith(text));
    if (!option) throw new Error(`no option "${text}" at ${s.view().node.id}`);
    s.choose(option.number);
    s.continue();
  }
  return s;
}

const principle = (s: Session, id: string) => s.debrief().principles.find((p) => p.id === id);

describe("percentOf", () => {
  it("has no percentage for a range of one value", () => {
    expect(percentOf(0, 0, 0)).toBeNull();
    expect(percentOf(3, -2, 8)).toBe(50);
  });
});

describe("what a run tested", () => {
  it("does not test a principle whose scenario range is under two points", () => {
    const respect = principle(play(crossroads(), "Greet", "Ask how"), "respect");
    expect(respect).toMatchObject({ raw: 1, min: 0, max: 1, tested: false, untested: "scenario", percent: null });
  });

  it("does not test a principle no decision on the path could move, whatever the scenario allows", () => {
    const s = play(crossroads(), "Greet", "Ask how");
    expect(principle(s, "confidentiality")).toMatchObject({
      raw: 0,
      min: -2,
      max: 2,
      pathMin: 0,
      pathMax: 0,
      tested: false,
      untested: "path",
      percent: null,
    });
    expect(principle(s, "safety")).toMatchObject({ raw: 2, pathMin: -1, pathMax: 2, tested: true, percent: 100 });
  });

  it("tests the same principle on a path whose decisions could move it", () => {
    const confidentiality = principle(play(crossroads(), "Ask Sam", "Ask who"), "confidentiality");
    expect(confidentiality).toMatchObject({ raw: -2, pathMin: -2, pathMax: 2, tested: true, percent: 0 });
  });

  it("keeps percentages and reach in the run record for tested principles only", () => {
    const record = play(crossroads(), "Greet", "Talk about").save();
    expect(record.scores).toEqual({ confidentiality: 0, respect: 1, safety: -1 });
    expect(record.percent).toEqual({ safety: 0 });
    expect(record.reach).toEqual({ safety: 3 });
  });

  it("shows no percentage for a principle the circle can move by one point at most", () => {
    // Safety ranges 0 to +1 in the circle: whatever the path, it shows no percentage.
    const circle = valid(readFixture("valid/circle.mdx"), "scenarios/circle.mdx");
    const d = play(circle, '"That', "Tell her", "Make room").debrief();
    expect(d.principles.map((p) => [p.id, p.tested, p.percent])).toEqual([
      ["confidentiality", true, 100],
      ["respect", true, 100],
      ["safety", false, null],
    ]);
  });
});

describe("points given up", () => {
  it("weighs every decision against its best option, per principle and net", () => {
    const d = play(crossroads(), "Ask Sam", "Ask who").debrief();
    // Looking ahead: greeting Sam can total +3 (+1, then +2 over tea), asking what Sam wants +1 at most (0, then +1).
    expect(d.decisions.map((x) => [x.step, x.scene, x.changes, x.givenUp, x.againstBest])).toEqual([
      [1, "start", {}, 2, { respect: -1 }],
      [2, "tense", { confidentiality: -2, safety: 1 }, 2, { confidentiality: -4, safety: 2 }],
    ]);
    expect(d.decisions[0]?.options.map((o) => [o.net, o.lookahead, o.best, o.chosen])).toEqual([
      [1, 3, true, false],
      [0, 1, false, true],
    ]);
    expect(
      d.decisions[1]?.options.map((o) => [plainText(o.text).slice(0, 7), o.net, o.lookahead, o.best, o.chosen]),
    ).toEqual([
      ["Ask who", -1, -1, false, true],
      ["Say you", 1, 1, true, false],
    ]);
    // The moments that mattered most: most points given up first, the earlier first on a tie.
    expect(d.mattered).toEqual([1, 2]);
  });

  it("gives up nothing where the choice was one of the best", () => {
    const d = play(crossroads(), "Greet", "Ask how").debrief();
    expect(d.decisions.map((x) => [x.givenUp, x.againstBest])).toEqual([
      [0, {}],
      [0, {}],
    ]);
    expect(d.mattered).toEqual([]);
  });
});

// A greedy trap: promising secrecy scores most at once (+2) and costs the most later, when the promise either
// leaves Jo alone (−3) or has to be broken (0); the honest answers score +1 now and lead to +3 more.
const promise = () =>
  valid(`${FRONTMATTER}<Scene id="start" title="A late message">
Jo writes that she has not slept for days and asks you not to tell anyone.

<Choice to="morning" scores={{ respect: 2 }} set="promised">
Promise to keep it between the two of you.
<Feedback>Jo thanks you. It feels like trust.</Feedback>
</Choice>
<Choice to="morning" scores={{ safety: 1 }}>
Tell her you cannot promise that, and why.
<Feedback>Jo goes quiet, then says she understands.</Feedback>
</Choice>
<Choice to="morning" scores={{ respect: 1 }}>
Ask what would help most tonight.
<Feedback>Jo says she wants someone to know.</Feedback>
</Choice>
</Scene>

<Scene id="morning" title="The next morning">
Jo has not answered since.

<Choice to="alone" if="promised" scores={{ safety: -3 }}>
Keep the promise and say nothing to the coordinator.
<Feedback>Jo is on her own with it.</Feedback>
</Choice>
<Choice to="strained" if="promised" scores={{ confidentiality: -1, safety: 1 }}>
Break the promise and ring the coordinator.
<Feedback>Help comes, and Jo feels let down.</Feedback>
</Choice>
<Choice to="kept" unless="promised" scores={{ safety: 2, respect: 1 }}>
Tell Jo you are ringing the coordinator, as you said you would.
<Feedback>Jo is not surprised, and she is not alone.</Feedback>
</Choice>
</Scene>

<Ending id="kept" title="Someone knows" tone="positive">
Jo meets the coordinator that afternoon.
</Ending>

<Ending id="strained" title="Help, and a broken promise" tone="mixed">
Jo gets help and stops writing to you.
</Ending>

<Ending id="alone" title="Alone with it" tone="negative">
Jo does not come back to the group.
</Ending>
`);

describe("looking ahead", () => {
  it("calls best the option that leads to the highest total, not the one that scores most at once", () => {
    const d = play(promise(), "Promise", "Break").debrief();
    const first = d.decisions[0];
    // The promise: +2 now, 0 at most later (break it); the honest answers: +1 now, +3 later. Ties share "best".
    expect(first?.options.map((o) => [o.net, o.lookahead, o.best, o.chosen])).toEqual([
      [2, 2, false, true],
      [1, 4, true, false],
      [1, 4, true, false],
    ]);
    // Two points given up, against the first of the best; per principle, at this step, the promise scored more
    // respect and less safety than the honest answer.
    expect([first?.givenUp, first?.comparedWith, first?.againstBest]).toEqual([2, 2, { respect: 2, safety: -1 }]);
    // Once the promise is made, breaking it is the best left.
    expect(d.decisions[1]?.options.map((o) => [o.net, o.lookahead, o.best])).toEqual([
      [-3, -3, false],
      [0, 0, true],
    ]);
    expect(d.decisions[1]?.givenUp).toBe(0);
    expect(d.mattered).toEqual([1]);
  });

  it("gives nothing up on the honest path, though it scored less at once", () => {
    const d = play(promise(), "Tell her", "Tell Jo").debrief();
    expect(d.decisions.map((x) => [x.givenUp, x.againstBest, x.comparedWith])).toEqual([
      [0, {}, undefined],
      [0, {}, undefined],
    ]);
    expect(d.mattered).toEqual([]);
  });

  it("ships the best totals still reachable per scene and flags, the start's equal to the audit's best run", () => {
    const scenario = promise();
    const analysis = analyzeScenario(scenario);
    expect(analysis.lookahead).toEqual({
      flags: ["promised"],
      best: { start: { "0": 4 }, morning: { "0": 3, "1": 0 } },
    });
    expect(auditScenario(scenario).bestRun.net).toBe(4);
    // What the table says survives JSON, as the site ships it.
    const shipped = JSON.parse(JSON.stringify(analysis));
    const s = createSession(scenario, { analysis: shipped });
    s.choose(1);
    s.continue();
    expect(s.debrief().decisions[0]?.givenUp).toBe(2);
  });

  it("weighs on immediate totals where the analysis cannot look ahead", () => {
    const scenario = promise();
    const { lookahead: _, ...analysis } = analyzeScenario(scenario);
    const s = createSession(scenario, { analysis });
    s.choose(2);
    s.continue();
    const first = s.debrief().decisions[0];
    expect(first?.options.map((o) => [o.net, o.lookahead, o.best])).toEqual([
      [2, 2, true],
      [1, 1, false],
      [1, 1, false],
    ]);
    expect(first?.givenUp).toBe(1);
  });
});

describe("one list of decisions", () => {
  it("lists each decision once with its text, feedback and every principle it moved", () => {
    const d = play(crossroads(), "Ask Sam", "Ask who").debrief();
    expect(d.decisions).toHaveLength(2);
    expect(d.decisions.map((x) => [plainText(x.text), plainText(x.feedback), x.changes])).toEqual([
      ["Ask Sam what they want.", "Sam stiffens.", {}],
      ["Ask who it is.", "The friend is not here to say yes.", { confidentiality: -2, safety: 1 }],
    ]);
  });
});

describe("the profile", () => {
  it("averages only the runs that tested a principle, weighted by how far each could move it", () => {
    const scenario = crossroads();
    const runs = [
      play(scenario, "Greet", "Ask how").save(), // safety 100% (reach 3); confidentiality not tested
      play(scenario, "Ask Sam", "Ask who").save(), // safety 2 of −1…+2: 67% (reach 2); confidentiality 0% (reach 4)
      play(scenario, "Ask Sam", "Say you").save(), // safety −1: 0% (reach 2); confidentiality 100% (reach 4)
    ];
    expect(profileOf(["confidentiality", "respect", "safety"], runs)).toEqual([
      { principle: "confidentiality", average: 50, runs: 2 },
      { principle: "respect", average: null, runs: 0 },
      // (100×3 + 67×2 + 0×2) / 7 = 62; the unweighted mean would be 56.
      { principle: "safety", average: 62, runs: 3 },
    ]);
  });
});
