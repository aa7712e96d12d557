import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeScenario, spaceOf } from "../../engine/analyze.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import { weighOptions } from "../../engine/lookahead.ts";
import type { Choice, Scenario } from "../../engine/model.ts";
import { createSession } from "../../engine/session.ts";
import { components } from "../../engine/space.ts";
import { FRONTMATTER, fixtureCode } from "./helpers.ts";

const FLAGS = ["a", "b"];
const PRINCIPLES = ["confidentiality", "respect", "safety"];

/**
 * Random scenarios with flags and loops: a choice may point back to an earlier scene (or its own), and then
 * carries no score, since the checker rejects a scored choice inside a loop (those draws are discarded).
 */
const choiceArb = fc.record({
  target: fc.nat(),
  back: fc.boolean(),
  // Unscored often enough that loops through forward choices survive the checker.
  scores: fc.oneof(
    fc.constant({}),
    fc.dictionary(fc.constantFrom(...PRINCIPLES), fc.integer({ min: -3, max: 3 }), { maxKeys: 2 }),
  ),
  set: fc.subarray(FLAGS, { maxLength: 1 }),
  clear: fc.subarray(FLAGS, { maxLength: 1 }),
  if: fc.subarray(FLAGS, { maxLength: 1 }),
  unless: fc.subarray(FLAGS, { maxLength: 1 }),
});
const scenarioArb = fc.record({
  scenes: fc.array(fc.array(choiceArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
  endings: fc.integer({ min: 1, max: 3 }),
});

type Draw = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function generated({ scenes, endings }: Draw): Scenario | undefined {
  const ids = [...scenes.map((_, i) => `s${i}`), ...Array.from({ length: endings }, (_, i) => `e${i}`)];
  const parts = scenes.map((choices, i) => {
    const body = choices
      .map((c) => {
        const back = c.back && i > 0;
        const targets = back ? ids.slice(0, i + 1) : ids.slice(i + 1);
        const scores = back ? {} : c.scores;
        const attrs = [
          `to="${targets[c.target % targets.length]}"`,
          `scores={{ ${Object.entries(scores)
            .map(([k, v]) => `${k}: ${v}`)
            .join(", ")} }}`,
          ...(["set", "clear", "if", "unless"] as const)
            .filter((k) => c[k].length)
            .map((k) => `${k}="${c[k].join(" ")}"`),
        ];
        return `<Choice ${attrs.join(" ")}>\nOption.\n<Feedback>Why.</Feedback>\n</Choice>`;
      })
      .join("\n");
    return `<Scene id="s${i}">\nText.\n\n${body}\n</Scene>`;
  });
  const endingParts = Array.from({ length: endings }, (_, i) => `<Ending id="e${i}" tone="mixed">\nEnd.\n</Ending>`);
  return compileScenario(`${FRONTMATTER}${[...parts, ...endingParts].join("\n\n")}\n`, "gen.mdx", fixtureCode()).value;
}

const available = (scenario: Scenario, at: string, flags: ReadonlySet<string>): Choice[] =>
  scenario.scenes
    .find((s) => s.id === at)
    ?.choices.filter((c) => c.if.every((f) => flags.has(f)) && !c.unless.some((f) => flags.has(f))) ?? [];

const flagsAfter = (flags: ReadonlySet<string>, c: Choice) => {
  const next = new Set([...flags].filter((f) => !c.clear.includes(f)));
  for (const f of c.set) next.add(f);
  return next;
};

const net = (scenario: Scenario, c: Choice) =>
  scenario.principles.reduce((sum, p) => sum + (Object.hasOwn(c.scores, p) ? (c.scores[p] ?? 0) : 0), 0);

const stateOf = (at: string, flags: ReadonlySet<string>) => `${at}|${[...flags].sort().join(",")}`;

/**
 * The highest net total of any complete run from a state, by depth-first search over runs that visit no state
 * twice (with its own flag logic, independent of the engine). A run that repeats a state adds a loop, and loops
 * carry no score, so these runs reach every total any run can.
 */
function bruteBest(scenario: Scenario, at: string, flags: ReadonlySet<string>, path = new Set<string>()): number {
  if (!scenario.scenes.some((s) => s.id === at)) return 0;
  const here = stateOf(at, flags);
  if (path.has(here)) return Number.NEGATIVE_INFINITY;
  path.add(here);
  let best = Number.NEGATIVE_INFINITY;
  for (const c of available(scenario, at, flags))
    best = Math.max(best, net(scenario, c) + bruteBest(scenario, c.to, flagsAfter(flags, c), path));
  path.delete(here);
  return best;
}

describe("looking ahead", () => {
  it("an option's value equals its net plus a brute-force best over complete runs, at every reachable state", () => {
    let checked = 0;
    let looped = 0;
    fc.assert(
      fc.property(scenarioArb, (draw) => {
        const scenario = generated(draw);
        fc.pre(scenario !== undefined);
        const s = scenario as Scenario;
        // Through JSON, as the site ships the analysis.
        const analysis = JSON.parse(JSON.stringify(analyzeScenario(s)));
        expect(analysis.lookahead).toBeDefined();
        if (components(spaceOf(s)).cyclic.some(Boolean)) looped++;
        const seen = new Set<string>();
        const visit = (at: string, flags: Set<string>) => {
          const key = stateOf(at, flags);
          if (seen.has(key) || !s.scenes.some((x) => x.id === at)) return;
          seen.add(key);
          const choices = available(s, at, flags);
          const position = { at, scores: {}, flags: [...flags].sort() };
          const weighed = weighOptions(s, analysis, position, choices);
          const expected = choices.map((c) => net(s, c) + bruteBest(s, c.to, flagsAfter(flags, c)));
          expect(weighed.map((w) => w.lookahead)).toEqual(expected);
          expect(weighed.map((w) => w.net)).toEqual(choices.map((c) => net(s, c)));
          const top = Math.max(...expected);
          expect(weighed.map((w) => w.best)).toEqual(expected.map((v) => v === top));
          checked++;
          for (const c of choices) visit(c.to, flagsAfter(flags, c));
        };
        visit(s.start, new Set());
      }),
      { numRuns: 300 },
    );
    // The generator does produce states to check (not every draw discarded), loops among them.
    expect(checked).toBeGreaterThan(300);
    expect(looped).toBeGreaterThan(10);
  });

  it("the debrief of a random run gives up, at each decision, the brute-force best there minus the choice's", () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), (draw, picks) => {
        const scenario = generated(draw);
        fc.pre(scenario !== undefined);
        const s = scenario as Scenario;
        const session = createSession(s, { analysis: analyzeScenario(s) });
        let flags = new Set<string>();
        const expected: number[] = [];
        for (const pick of picks) {
          const view = session.view();
          if (view.phase !== "deciding" || view.node.kind !== "scene") break;
          const shown = view.choices[pick % view.choices.length];
          if (!shown) break;
          const here = bruteBest(s, view.node.id, flags);
          const next = flagsAfter(flags, shown.choice);
          expected.push(here - (net(s, shown.choice) + bruteBest(s, shown.choice.to, next)));
          flags = next;
          session.choose(shown.number);
          session.continue();
        }
        const d = session.debrief();
        expect(d.decisions.map((x) => x.givenUp)).toEqual(expected);
        for (const x of d.decisions) expect(x.givenUp === 0).toBe(x.options.find((o) => o.chosen)?.best === true);
      }),
      { numRuns: 200 },
    );
  });
});
