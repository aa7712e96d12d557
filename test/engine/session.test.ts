import { describe, expect, it } from "vitest";
import { createActor } from "xstate";
import { generateLoopingScenario } from "../../bench/generate.ts";
import { loopingSteps } from "../../bench/looping.ts";
import { analyzeScenario } from "../../engine/analyze.ts";
import { createScenarioMachine } from "../../engine/machine.ts";
import type { Scenario } from "../../engine/model.ts";
import { parseRunRecord } from "../../engine/record.ts";
import { createSession as createWith, restoreSession as restoreWith } from "../../engine/session.ts";
import { readFixture, valid } from "./helpers.ts";

// The site passes a build-time analysis; here each test computes it.
const createSession = (scenario: Scenario, options: { now?: () => Date; seed?: number | null } = {}) =>
  createWith(scenario, { analysis: analyzeScenario(scenario), ...options });
const restoreSession = (scenario: Scenario, input: unknown) =>
  restoreWith(scenario, input, { analysis: analyzeScenario(scenario) });

const circle = () => valid(readFixture("valid/circle.mdx"), "scenarios/circle.mdx");
const clock = () => {
  let t = Date.parse("2026-11-21T10:00:00Z");
  return () => {
    t += 60_000;
    return new Date(t);
  };
};

describe("analyzeScenario", () => {
  it("finds exact ranges, endings and run counts, honouring flags", () => {
    const a = analyzeScenario(circle());
    // Runs: market→redirect→thursday→{repair, silence} (2) and market→listen→thursday(×2 choices)→silence (2): 4.
    expect(a.runs).toEqual({ count: 4, capped: false, unbounded: false });
    expect(a.range).toEqual({
      confidentiality: { min: -3, max: 2 },
      respect: { min: 0, max: 4 },
      // "Say nothing" costs safety 1, but that path can only end in "silence", which gives it back.
      safety: { min: 0, max: 1 },
    });
    expect(a.endings).toEqual(["repair", "silence"]);
    expect([a.shortest, a.longest]).toEqual([3, 3]);
    expect(a.choicePoints).toBe(3);
    expect(a.endingsByTone).toEqual({ positive: 1, mixed: 1, negative: 0, untoned: 0 });
  });

  it("caps runs through a zero-score loop and still bounds the scores", () => {
    const a = analyzeScenario(valid(readFixture("valid/loops.mdx")));
    expect(a.runs.capped).toBe(true);
    expect(a.runs.unbounded).toBe(true); // endless because of the loop, not because the count ran out
    expect(a.longest).toBeNull();
    expect(a.shortest).toBe(1);
    // The noticeboard loop can be taken once (flag), so safety tops out at 2.
    expect(a.range.safety).toEqual({ min: 0, max: 2 });
    expect(a.range.respect).toEqual({ min: 0, max: 1 });
  });
});

describe("the XState machine", () => {
  it("is generated with named events and moves between scene states", () => {
    const scenario = circle();
    const actor = createActor(createScenarioMachine(scenario)).start();
    expect(actor.getSnapshot().value).toEqual({ market: "deciding" });
    actor.send({ type: "choice.select", choice: "listen:let-her-go-on-she" });
    expect(actor.getSnapshot().value).toEqual({ listen: "review" });
    actor.send({ type: "scene.continue" });
    expect(actor.getSnapshot().value).toEqual({ listen: "deciding" });
    actor.send({ type: "session.back" });
    expect(actor.getSnapshot().value).toEqual({ market: "deciding" });
    actor.send({ type: "choice.select", choice: "nowhere:no-such-choice" });
    expect(actor.getSnapshot().value).toEqual({ market: "deciding" });
    actor.send({ type: "choice.select", choice: "redirect:thats-marcuss-story-to-tell" });
    actor.send({ type: "session.restart" });
    expect(actor.getSnapshot().value).toEqual({ market: "deciding" });
    expect(actor.getSnapshot().context.steps).toEqual([]);
  });
});

describe("Session", () => {
  it("offers only the choices whose flags hold, numbered from 1", () => {
    const s = createSession(circle());
    s.choose(2); // listen: spoke-up stays unset
    s.continue();
    s.choose(1);
    s.continue();
    expect(s.view().node.id).toBe("thursday");
    expect(s.view().choices.map((c) => c.choice.to)).toEqual(["silence"]);
    expect(s.choose(2)).toBe(false);
  });

  it("shows feedback after a choice, then continues", () => {
    const s = createSession(circle());
    expect(s.view().phase).toBe("deciding");
    s.choose(1);
    const v = s.view();
    expect(v.phase).toBe("feedback");
    expect(v.last?.choice.to).toBe("redirect");
    expect(v.position).toEqual({ at: "redirect", scores: { confidentiality: 2, respect: 1 }, flags: ["spoke-up"] });
    expect(s.continue()).toBe(true);
    expect(s.view().phase).toBe("deciding");
    expect(s.continue()).toBe(false);
  });

  it("goes back to the previous decision with scene, scores and flags restored", () => {
    const s = createSession(circle());
    s.choose(1);
    s.continue();
    const before = s.view();
    s.choose(1);
    s.continue();
    expect(s.back()).toBe(true);
    expect(s.view().node.id).toBe(before.node.id);
    expect(s.view().position).toEqual(before.position);
    expect(s.view().steps).toEqual(before.steps);
    expect(s.back()).toBe(true);
    expect(s.back()).toBe(false);
    expect(s.view().position).toEqual({ at: "market", scores: {}, flags: [] });
  });

  it("debriefs with raw, range, percentage and the choices that moved each principle", () => {
    const s = createSession(circle());
    for (const n of [1, 1, 1]) {
      s.choose(n);
      s.continue();
    }
    expect(s.view().phase).toBe("ended");
    const d = s.debrief();
    expect(d.ending?.id).toBe("repair");
    expect(d.principles.map((p) => [p.id, p.raw, p.min, p.max, p.percent])).toEqual([
      ["confidentiality", 2, -3, 2, 100],
      ["respect", 4, 0, 4, 100],
      // Safety's range is one point: no percentage, rather than a misleading 0%.
      ["safety", 0, 0, 1, null],
    ]);
    expect(d.principles[1]?.moves.map((m) => [m.step, m.scene, m.delta])).toEqual([
      [1, "market", 1],
      [2, "redirect", 1],
      [3, "thursday", 2],
    ]);
    expect(d.decisions[0]?.options.map((o) => [o.number, o.to, o.chosen])).toEqual([
      [1, "redirect", true],
      [2, "listen", false],
    ]);
  });

  it("restarts from the beginning", () => {
    const s = createSession(circle());
    s.choose(1);
    s.restart();
    expect(s.view().steps).toEqual([]);
    expect(s.view().node.id).toBe("market");
  });
});

describe("run records", () => {
  it("saves an event-sourced rehearse.run/2 record, naming choices by id, and restores it exactly", () => {
    const scenario = circle();
    const s = createSession(scenario, { now: clock() });
    s.choose(1);
    s.continue();
    s.choose(1);
    s.continue();
    s.choose(2);
    s.continue();
    const record = s.save();
    expect(record).toMatchObject({
      schema: "rehearse.run/2",
      seed: null,
      scenario: "circle",
      scenarioHash: scenario.hash,
      startedAt: "2026-11-21T10:01:00.000Z",
      finishedAt: "2026-11-21T10:02:00.000Z",
      ending: "silence",
      scores: { confidentiality: 1, respect: 2, safety: 1 },
      flags: ["spoke-up"],
    });
    expect(record.steps).toEqual([
      {
        scene: "market",
        choice: "redirect:thats-marcuss-story-to-tell",
        to: "redirect",
        scores: { confidentiality: 2, respect: 1 },
      },
      { scene: "redirect", choice: "thursday:tell-her-youll-both-check", to: "thursday", scores: { respect: 1 } },
      {
        scene: "thursday",
        choice: "silence:tell-the-facilitator-what-you",
        to: "silence",
        scores: { confidentiality: -1, safety: 1 },
      },
    ]);
    const restored = restoreSession(scenario, JSON.stringify(record));
    expect(restored.ok && restored.status).toBe("exact");
    if (!restored.ok) return;
    expect(restored.session.view().phase).toBe("ended");
    expect(restored.session.save()).toEqual({ ...record, finishedAt: restored.session.save().finishedAt });
  });

  it("reads a rehearse.run/1 record: its positions in the author's order become ids, and it saves as run/2", () => {
    const scenario = circle();
    // Written before ids: choice 2 of 2 at market (listen), then choice 2 of 2 in listen.
    const old = {
      schema: "rehearse.run/1",
      scenario: "circle",
      scenarioHash: scenario.hash,
      startedAt: "2026-11-01T10:00:00.000Z",
      finishedAt: null,
      steps: [
        { scene: "market", choice: 2, to: "listen", scores: {} },
        { scene: "listen", choice: 2, to: "thursday", scores: {} },
      ],
      ending: null,
      scores: {},
      percent: {},
      flags: [],
    };
    const restored = restoreSession(scenario, JSON.stringify(old));
    expect(restored.ok && [restored.status, restored.replayed]).toEqual(["exact", 2]);
    if (!restored.ok) return;
    const saved = restored.session.save();
    expect([saved.schema, saved.seed, saved.startedAt]).toEqual(["rehearse.run/2", null, "2026-11-01T10:00:00.000Z"]);
    expect(saved.steps.map((s) => s.choice)).toEqual(["listen:let-her-go-on-she", "thursday:cut-her-off-loudly"]);
    expect(restored.session.view().position.scores).toEqual({ confidentiality: -1, respect: 0 });
  });

  it("shows the options in the seed's order, chooses the n-th as shown, and restores that order", () => {
    const scenario = circle();
    // Some seed shows market's two options the other way round from the author's.
    const seed = [1, 2, 3, 4, 5, 6, 7, 8].find(
      (n) => createSession(scenario, { seed: n }).view().choices[0]?.choice.to === "listen",
    );
    expect(seed).toBeDefined();
    const s = createSession(scenario, { seed: seed ?? 0 });
    expect(s.view().choices.map((c) => [c.number, c.choice.to])).toEqual([
      [1, "listen"],
      [2, "redirect"],
    ]);
    s.choose(1);
    expect(s.view().last?.choice.to).toBe("listen");
    const record = s.save();
    expect(record.seed).toBe(seed);
    expect(record.steps[0]?.choice).toBe("listen:let-her-go-on-she");
    s.back();
    expect(s.view().choices.map((c) => c.choice.to)).toEqual(["listen", "redirect"]);
    const restored = restoreSession(scenario, JSON.parse(JSON.stringify(record)));
    expect(restored.ok && restored.session.seed).toBe(seed);
    if (!restored.ok) return;
    restored.session.back();
    expect(restored.session.view().choices.map((c) => c.choice.to)).toEqual(["listen", "redirect"]);
    // The author's order, whatever the seed, where the scenario or the scene says so.
    const pinned = valid(readFixture("valid/circle.mdx").replace('id="market"', 'id="market" order="fixed"'));
    expect(
      createSession(pinned, { seed: seed ?? 0 })
        .view()
        .choices.map((c) => c.choice.to),
    ).toEqual(["redirect", "listen"]);
    const optedOut = valid(readFixture("valid/circle.mdx").replace("---\n", "---\nshuffle: false\n"));
    expect(optedOut.shuffle).toBe(false);
    expect(
      createSession(optedOut, { seed: seed ?? 0 })
        .view()
        .choices.map((c) => c.choice.to),
    ).toEqual(["redirect", "listen"]);
  });

  it("restores a 32,000-step record on a looping scenario exactly, in one linear replay", () => {
    const scenario = valid(generateLoopingScenario(), "loop.mdx");
    const steps = loopingSteps(scenario, 32_000);
    const record = { ...createSession(scenario).save(), seed: 7, steps, feedbackPending: true };
    const restored = restoreSession(scenario, JSON.stringify(record));
    expect(restored.ok && [restored.status, restored.replayed]).toEqual(["exact", 32_000]);
    if (!restored.ok) return;
    const view = restored.session.view();
    expect(view.phase).toBe("feedback");
    expect(view.steps).toEqual(steps);
    expect(view.last?.choice.id).toBe(steps.at(-1)?.choice);
    // Back twice lands on the decision before the last, with its flags as they were.
    restored.session.continue();
    restored.session.back();
    expect(restored.session.view().steps.length).toBe(31_999);
    expect(restored.session.view().node.id).toBe(steps.at(-1)?.scene);
  });

  it("keeps feedback on screen when the run was saved there", () => {
    const scenario = circle();
    const s = createSession(scenario);
    s.choose(2);
    const restored = restoreSession(scenario, s.save());
    expect(restored.ok && restored.session.view().phase).toBe("feedback");
  });

  it("replays a run on an edited scenario where the path still holds", () => {
    const s = createSession(circle());
    s.choose(1);
    s.continue();
    const edited = valid(
      readFixture("valid/circle.mdx").replace("Dana looks down at her hands.", "Dana goes quiet."),
      "scenarios/circle.mdx",
    );
    const restored = restoreSession(edited, s.save());
    expect(restored.ok && [restored.status, restored.replayed, restored.total]).toEqual(["replayed", 1, 1]);
    expect(restored.ok && restored.message).toMatch(/updated/);
  });

  it("follows a choice that moved, and says where a broken path stops", () => {
    const s = createSession(circle());
    s.choose(1);
    s.continue();
    s.choose(1);
    s.continue();
    // A new first choice: the old choice 1 is now choice 2, still found by its target.
    const source = readFixture("valid/circle.mdx");
    const moved = source.replace(
      '<Choice to="redirect"',
      '<Choice to="listen" scores={{ respect: 1 }}>\nA new first option.\n<Feedback>New.</Feedback>\n</Choice>\n<Choice to="redirect"',
    );
    const r1 = restoreSession(valid(moved, "scenarios/circle.mdx"), s.save());
    expect(r1.ok && [r1.status, r1.replayed]).toEqual(["replayed", 2]);
    // The redirect scene no longer leads to thursday: the run stops there and says so.
    const broken = source.replace(
      '<Choice to="thursday" scores={{ respect: 1 }}>',
      '<Choice to="repair" scores={{ respect: 1 }}>',
    );
    const r2 = restoreSession(valid(broken, "scenarios/circle.mdx"), s.save());
    expect(r2.ok && [r2.status, r2.replayed, r2.total]).toEqual(["diverged", 1, 2]);
    expect(r2.ok && r2.session.view().node.id).toBe("redirect");
    expect(r2.ok && r2.message).toMatch(/1 of 2 choices still hold/);
  });

  it.each([
    ["not JSON", "{nope", /not JSON/],
    ["another schema", { schema: "other/1" }, /unknown schema/],
    [
      "a bad step",
      {
        schema: "rehearse.run/2",
        scenario: "circle",
        scenarioHash: "x",
        startedAt: "2026-11-21T10:00:00.000Z",
        steps: [{ scene: 3 }],
      },
      /step 1/,
    ],
    ["null", null, /not a run record/],
  ])("reports a corrupt record (%s) as an error value, never a throw", (_, input, message) => {
    const result = restoreSession(circle(), input);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.error).toMatch(message);
    expect(parseRunRecord(input).ok).toBe(false);
  });

  it("refuses a record from another scenario", () => {
    const other = { ...createSession(circle()).save(), scenario: "elsewhere" };
    const result = restoreSession(circle(), other);
    expect(result.ok ? "" : result.error).toMatch(/belongs to "elsewhere"/);
  });
});
