import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeScenario, spaceOf } from "../../engine/analyze.ts";
import type { ScenarioAudit } from "../../engine/audit.ts";
import { AUDIT_RULES, auditFindings, auditLibrary, auditScenario, DEFAULT_THRESHOLDS } from "../../engine/audit.ts";
import { parseConfig } from "../../engine/audit-config.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import { plainText } from "../../engine/compile/prose.ts";
import { loadLibrary } from "../../engine/load.ts";
import type { Choice, Scenario } from "../../engine/model.ts";
import { components } from "../../engine/space.ts";
import { FRONTMATTER, fixtureCode, valid } from "./helpers.ts";

// ---------------------------------------------------------------------------------------------
// An independent model of complete runs: its own flag logic, its own sums, depth-first search.

type Run = { ending: string; net: number; totals: Record<string, number> };

const has = (flags: ReadonlySet<string>, c: Choice) =>
  c.if.every((f) => flags.has(f)) && !c.unless.some((f) => flags.has(f));
const next = (flags: ReadonlySet<string>, c: Choice) => {
  const out = new Set([...flags].filter((f) => !c.clear.includes(f)));
  for (const f of c.set) out.add(f);
  return out;
};
const shown = (scenario: Scenario, at: string, flags: ReadonlySet<string>) =>
  scenario.scenes.find((s) => s.id === at)?.choices.filter((c) => has(flags, c)) ?? [];
const netOf = (c: Choice) => Object.values(c.scores).reduce((a, b) => a + b, 0);

/**
 * Every complete run that enters no (scene, flags) state more than twice. Loops carry no score in
 * an accepted scenario, so longer runs add no total, ending or decision: any state a complete run
 * meets is met by one made of two loop-free stretches (to the state, then on to an ending).
 */
function bruteForce(scenario: Scenario) {
  const runs: Run[] = [];
  const decisions = new Map<string, Choice[]>();
  const visit = (at: string, flags: Set<string>, totals: Record<string, number>, path: ReadonlyMap<string, number>) => {
    const scene = scenario.scenes.find((s) => s.id === at);
    if (!scene) {
      runs.push({ ending: at, net: Object.values(totals).reduce((a, b) => a + b, 0), totals });
      return true;
    }
    const key = `${at}|${[...flags].sort().join(",")}`;
    const times = path.get(key) ?? 0;
    if (times >= 2) return false;
    const options = shown(scenario, at, flags);
    let completes = false;
    for (const c of options) {
      const sum = { ...totals };
      for (const [p, v] of Object.entries(c.scores)) sum[p] = (sum[p] ?? 0) + v;
      if (visit(c.to, next(flags, c), sum, new Map([...path, [key, times + 1]]))) completes = true;
    }
    if (completes && options.length >= 2) decisions.set(`${at}:${options.map((c) => c.index).join(",")}`, options);
    return completes;
  };
  visit(scenario.start, new Set(), {}, new Map());
  return { runs, decisions };
}

/** Plays a content-blind strategy on the scenario itself; a state met twice means it loops. */
function playStrategy(scenario: Scenario, pick: (options: Choice[]) => number) {
  let at = scenario.start;
  let flags = new Set<string>();
  const seen = new Set<string>();
  let net = 0;
  while (scenario.scenes.some((s) => s.id === at)) {
    const key = `${at}|${[...flags].sort().join(",")}`;
    if (seen.has(key)) return { outcome: "loops", net };
    seen.add(key);
    const options = shown(scenario, at, flags);
    const c = options[pick(options)] as Choice;
    net += netOf(c);
    flags = next(flags, c);
    at = c.to;
  }
  return { outcome: at, net };
}

/** Follows a script (1-based among the options shown) and returns where it ends and its net total. */
function replay(scenario: Scenario, script: readonly number[]) {
  let at = scenario.start;
  let flags = new Set<string>();
  let net = 0;
  for (const n of script) {
    const c = shown(scenario, at, flags)[n - 1];
    if (!c) return { at: "(invalid script)", net };
    net += netOf(c);
    flags = next(flags, c);
    at = c.to;
  }
  return { at, net };
}

const firstMax = (values: number[]) => values.indexOf(Math.max(...values));
const dominates = (a: Choice, b: Choice, principles: readonly string[]) =>
  principles.every((p) => (a.scores[p] ?? 0) >= (b.scores[p] ?? 0)) &&
  principles.some((p) => (a.scores[p] ?? 0) > (b.scores[p] ?? 0));

function expectMatchesBruteForce(scenario: Scenario, audit: ScenarioAudit) {
  const { runs, decisions } = bruteForce(scenario);
  const principles = scenario.principles;

  // Decisions: the same (scene, options shown), and the same figures at each.
  expect(new Set(audit.decisions.map((d) => `${d.scene}:${d.options.map((o) => o.choice).join(",")}`))).toEqual(
    new Set(decisions.keys()),
  );
  let netNegative = 0;
  let consolations = 0;
  for (const d of audit.decisions) {
    const options = decisions.get(`${d.scene}:${d.options.map((o) => o.choice).join(",")}`) ?? [];
    const nets = options.map(netOf);
    const lengths = options.map((c) => plainText(c.text).length);
    const top = Math.max(...nets);
    const best = options.map((_, i) => i).filter((i) => nets[i] === top);
    const share = (f: (i: number) => boolean) => best.filter(f).length / best.length;
    expect(d.bestFirst).toBeCloseTo(share((i) => i === 0));
    expect(d.bestLast).toBeCloseTo(share((i) => i === options.length - 1));
    expect(d.bestLongest).toBeCloseTo(share((i) => lengths[i] === Math.max(...lengths)));
    expect(d.bestShortest).toBeCloseTo(share((i) => lengths[i] === Math.min(...lengths)));
    expect(d.bestCosts).toBeCloseTo(share((i) => Object.values(options[i]?.scores ?? {}).some((v) => v < 0)));
    const sorted = [...nets].sort((a, b) => b - a);
    expect(d.margin).toBe((sorted[0] ?? 0) - (sorted[1] ?? 0));
    const front = options.filter(
      (a, i) => (nets[i] ?? 0) >= top - 1 && !options.some((b) => dominates(b, a, principles)),
    );
    expect(d.tradeoff).toBe(new Set(front.map((c) => principles.map((p) => c.scores[p] ?? 0).join())).size >= 2);
    for (const c of options)
      if (netOf(c) < 0) {
        netNegative++;
        if (Object.values(c.scores).some((v) => v > 0)) consolations++;
      }
  }
  expect(audit.netNegative).toBe(netNegative);
  expect(audit.consolations).toBe(consolations);
  expect(audit.tradeoffs).toBe(audit.decisions.filter((d) => d.tradeoff).length);

  // Endings: the lowest and highest net and per-principle totals of the runs that reach each.
  for (const e of audit.endings) {
    const reaching = runs.filter((r) => r.ending === e.id);
    expect(e.reachable).toBe(reaching.length > 0);
    if (reaching.length === 0) continue;
    const nets = reaching.map((r) => r.net);
    expect(e.net).toEqual({ min: Math.min(...nets), max: Math.max(...nets) });
    for (const p of principles) {
      const totals = reaching.map((r) => r.totals[p] ?? 0);
      expect(e.principles?.[p]).toEqual({ min: Math.min(...totals), max: Math.max(...totals) });
    }
    expect(replay(scenario, e.lowest ?? [])).toEqual({ at: e.id, net: Math.min(...nets) });
    expect(replay(scenario, e.highest ?? [])).toEqual({ at: e.id, net: Math.max(...nets) });
  }
  const bestNet = Math.max(...runs.map((r) => r.net));
  expect(audit.bestRun.net).toBe(bestNet);
  expect(new Set(audit.bestRun.endings)).toEqual(new Set(runs.filter((r) => r.net === bestNet).map((r) => r.ending)));
  expect(replay(scenario, audit.bestRun.script).net).toBe(bestNet);

  // Strategies: ties go to the option shown first; "option k" takes the last where fewer are shown.
  const length = (c: Choice) => plainText(c.text).length;
  const picks: Record<string, (o: Choice[]) => number> = {
    longest: (o) => firstMax(o.map(length)),
    shortest: (o) => firstMax(o.map((c) => -length(c))),
    greedy: (o) => firstMax(o.map(netOf)),
  };
  for (const s of audit.strategies) {
    const k = s.strategy.startsWith("option-") ? Number(s.strategy.slice(7)) : 0;
    const pick = picks[s.strategy] ?? ((o: Choice[]) => Math.min(k, o.length) - 1);
    const played = playStrategy(scenario, pick);
    expect(s.outcome === "loops" ? "loops" : s.ending).toBe(played.outcome);
    expect(s.net).toBe(played.net);
  }
  const most = Math.max(1, ...[...decisions.values()].map((o) => o.length));
  expect(audit.strategies.filter((s) => s.strategy.startsWith("option-"))).toHaveLength(most);

  // Scale: every score given by every choice.
  const scale: Record<string, number> = {};
  for (const scene of scenario.scenes)
    for (const c of scene.choices) for (const v of Object.values(c.scores)) scale[v] = (scale[v] ?? 0) + 1;
  for (const [v, n] of Object.entries(audit.scale)) expect(n).toBe(scale[v] ?? 0);
}

describe("audit: exact figures", () => {
  it("equal a brute-force enumeration of complete runs on random scenarios with flags and loops", () => {
    const FLAGS = ["a", "b"];
    const PRINCIPLES = ["confidentiality", "respect", "safety"];
    const TONES = ["positive", "mixed", "negative"] as const;
    const choiceArb = fc.record({
      target: fc.nat(),
      // A choice back to an earlier scene (a loop) carries no score, or the scenario has a score-cycle error.
      back: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
      scores: fc.dictionary(fc.constantFrom(...PRINCIPLES), fc.integer({ min: -3, max: 3 }), { maxKeys: 3 }),
      words: fc.integer({ min: 1, max: 6 }),
      set: fc.subarray(FLAGS, { maxLength: 1 }),
      clear: fc.subarray(FLAGS, { maxLength: 1 }),
      if: fc.subarray(FLAGS, { maxLength: 1 }),
      unless: fc.subarray(FLAGS, { maxLength: 1 }),
    });
    const scenarioArb = fc.record({
      scenes: fc.array(fc.array(choiceArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
      tones: fc.array(fc.constantFrom(...TONES), { minLength: 1, maxLength: 3 }),
    });
    let checked = 0;
    let looping = 0;
    fc.assert(
      fc.property(scenarioArb, ({ scenes, tones }) => {
        const ids = [...scenes.map((_, i) => `s${i}`), ...tones.map((_, i) => `e${i}`)];
        const parts = scenes.map((choices, i) => {
          const body = choices
            .map((c) => {
              const targets = c.back ? ids.slice(0, i + 1) : ids.slice(i + 1);
              const scores = c.back ? {} : c.scores;
              const attrs = [
                `to="${targets[c.target % targets.length]}"`,
                `scores={{ ${Object.entries(scores)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join(", ")} }}`,
                ...(["set", "clear", "if", "unless"] as const)
                  .filter((k) => c[k].length)
                  .map((k) => `${k}="${c[k].join(" ")}"`),
              ];
              return `<Choice ${attrs.join(" ")}>\n${"Option ".repeat(c.words)}\n<Feedback>Why.</Feedback>\n</Choice>`;
            })
            .join("\n");
          return `<Scene id="s${i}">\nText.\n\n${body}\n</Scene>`;
        });
        const endings = tones.map((t, i) => `<Ending id="e${i}" tone="${t}">\nEnd.\n</Ending>`);
        const result = compileScenario(
          `${FRONTMATTER}${[...parts, ...endings].join("\n\n")}\n`,
          "gen.mdx",
          fixtureCode(),
        );
        fc.pre(result.value !== undefined);
        const scenario = result.value as Scenario;
        checked++;
        if (components(spaceOf(scenario)).cyclic.some(Boolean)) looping++;
        expectMatchesBruteForce(scenario, auditScenario(scenario));
      }),
      { numRuns: Number(process.env.AUDIT_RUNS ?? 300) },
    );
    expect(checked).toBeGreaterThan(100);
    expect(looping).toBeGreaterThan(10);
  }, 60_000);

  it("finds the loop a strategy falls into, and still ranges the endings of a scenario with a loop", () => {
    const scenario = valid(`${FRONTMATTER}<Scene id="door">
Knock.

<Choice to="hall">
Go in and look around the hall first, slowly.
<Feedback>Why.</Feedback>
</Choice>
<Choice to="out" scores={{ respect: -1, safety: 1 }}>
Leave.
<Feedback>Why.</Feedback>
</Choice>
</Scene>

<Scene id="hall">
A hall.

<Choice to="door">
Back to the door and think about it again, for a long while.
<Feedback>Why.</Feedback>
</Choice>
<Choice to="in" scores={{ safety: 2 }}>
Sit.
<Feedback>Why.</Feedback>
</Choice>
</Scene>

<Ending id="in" tone="positive">
In.
</Ending>

<Ending id="out" tone="negative">
Out.
</Ending>
`);
    const audit = auditScenario(scenario);
    expect(audit.strategies.find((s) => s.strategy === "longest")).toMatchObject({ outcome: "loops" });
    expect(audit.strategies.find((s) => s.strategy === "option-1")).toMatchObject({ outcome: "loops" });
    expect(audit.strategies.find((s) => s.strategy === "greedy")).toMatchObject({ outcome: "ending", ending: "in" });
    expect(audit.endings.map((e) => [e.id, e.net, e.lowest])).toEqual([
      ["in", { min: 2, max: 2 }, [1, 2]],
      ["out", { min: 0, max: 0 }, [2]],
    ]);
    expectMatchesBruteForce(scenario, audit);
  });
});

describe("audit: findings", () => {
  const scenario = valid(`${FRONTMATTER}<Scene id="one">
Start.

<Choice to="two" scores={{ respect: 2 }}>
The careful, considered and rather long answer.
<Feedback>Why.</Feedback>
</Choice>
<Choice to="two" scores={{ respect: -2, safety: 1 }}>
Short.
<Feedback>Why.</Feedback>
</Choice>
</Scene>

<Scene id="two">
Next.

<Choice to="good" scores={{ confidentiality: 2 }}>
The careful, considered and rather long answer again.
<Feedback>Why.</Feedback>
</Choice>
<Choice to="good" scores={{ confidentiality: -3 }}>
Also short.
<Feedback>Why.</Feedback>
</Choice>
</Scene>

<Ending id="good" tone="positive">
Good.
</Ending>
`);
  const audit = auditScenario(scenario);

  it("warns on every threshold crossed, at the frontmatter or the ending concerned", () => {
    const findings = auditFindings(audit);
    expect(findings.map((f) => f.rule)).toEqual([
      "guessable-order",
      "guessable-length",
      "guessable-path",
      "few-tradeoffs",
      "cheap-ending",
      "costless-best",
      "consolation-points",
    ]);
    const cheap = findings.find((f) => f.rule === "cheap-ending");
    expect(cheap?.position.line).toBe(scenario.endings[0]?.position?.line);
    expect(cheap?.message).toBe(
      "Positive ending `good` is reachable with a net total of −4 (--script 2,2), expected at least 0",
    );
    expect(findings.find((f) => f.rule === "guessable-order")?.message).toBe(
      "The best option is shown first at 2 of 2 decisions (100%), expected at most 40%: always picking option 1 finds it without reading",
    );
  });

  it("takes its thresholds from the config, and false turns a rule off", () => {
    const config = parseConfig(
      JSON.stringify({ audit: { "guessable-order": 100, "cheap-ending": -4, "consolation-points": false } }),
      "rehearse.config.json",
    );
    expect(config.diagnostics).toEqual([]);
    const rules = auditFindings(audit, config.value?.audit).map((f) => f.rule);
    expect(rules).not.toContain("guessable-order");
    expect(rules).not.toContain("cheap-ending");
    expect(rules).not.toContain("consolation-points");
    expect(rules).toContain("guessable-length");
  });

  it('counts the decisions trainees see in the author\'s order: scenes with order="fixed", or all with shuffle: false', () => {
    expect(audit.fixedOrder).toBe(0);
    const source = (frontmatter: string, order: string) =>
      `---\ntitle: Test\nsummary: A test scenario.\n${frontmatter}---\n\n<Scene id="one"${order}>\nStart.\n\n<Choice to="end" scores={{ respect: 1 }}>\nA.\n<Feedback>Why.</Feedback>\n</Choice>\n<Choice to="end" scores={{ respect: -1 }}>\nB.\n<Feedback>Why.</Feedback>\n</Choice>\n</Scene>\n\n<Ending id="end">\nEnd.\n</Ending>\n`;
    expect(auditScenario(valid(source("", ' order="fixed"'))).fixedOrder).toBe(1);
    expect(auditScenario(valid(source("shuffle: false\n", ""))).fixedOrder).toBe(1);
    expect(auditScenario(valid(source("", ""))).fixedOrder).toBe(0);
  });

  it("documents every rule it can report", () => {
    expect(AUDIT_RULES.map((r) => r.id).sort()).toEqual(Object.keys(DEFAULT_THRESHOLDS).sort());
  });
});

describe("audit: the config file", () => {
  const errors = (text: string) =>
    parseConfig(text, "rehearse.config.json").diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);

  it("reads the defaults from an empty object", () => {
    expect(parseConfig("{}", "c.json")).toEqual({ value: { audit: DEFAULT_THRESHOLDS }, diagnostics: [] });
  });

  it("places a syntax error at its line and column", () => {
    expect(errors('{\n  "audit": {\n    "few-tradeoffs": 2\n    "cheap-ending": 0\n  }\n}')).toEqual([
      '4:5 Unexpected `"`, expected `,` or `}`',
    ]);
    expect(errors('{ "audit": ')).toEqual([
      '1:12 Unexpected end of file, expected a value (a number, true, false, "text", { … } or [ … ])',
    ]);
  });

  it("names an unknown rule with the nearest one, and a wrong value with what it takes", () => {
    expect(errors('{\n  "audit": { "guessable-ordr": 30, "few-tradeoffs": "two", "costless-best": 140 }\n}')).toEqual([
      '2:14 Unexpected audit rule "guessable-ordr" (did you mean "guessable-order"?), expected one of guessable-order, guessable-length, guessable-path, few-tradeoffs, cheap-ending, costless-best, consolation-points, unrewarded-best',
      '2:53 Unexpected string "two" for "few-tradeoffs", expected a whole number of at least 0, or false to turn the rule off',
      '2:77 Unexpected number 140 for "costless-best", expected a percentage from 0 to 100, or false to turn the rule off',
    ]);
    expect(errors('{ "adit": {} }')).toEqual([
      '1:3 Unexpected setting "adit" (did you mean "audit"?), expected one of $schema, group, site, publish, support, audit, cohort, lrs',
    ]);
    expect(errors("[]")).toEqual(['1:1 Unexpected array, expected an object such as { "audit": { … } }']);
  });
});

describe("audit: the bundled library (its targets are gated in library.test.ts)", () => {
  const library = loadLibrary(fileURLToPath(new URL("../../scenarios", import.meta.url)));
  const scenarios = library.scenarios.map((s) => s.result.value).filter((s): s is Scenario => s !== undefined);
  const audits = scenarios.map((s) => auditScenario(s));
  const summary = auditLibrary(audits);

  it("covers every scenario, with figures that agree with each other and with the analysis", () => {
    expect(audits.length).toBeGreaterThanOrEqual(12);
    expect(audits).toHaveLength(library.scenarios.length);
    expect(summary.scenarios).toBe(audits.length);
    expect(summary.decisions).toBe(audits.reduce((n, a) => n + a.decisions.length, 0));
    for (const key of ["bestFirst", "bestLast", "bestLongest", "bestShortest", "bestCosts"] as const) {
      expect(summary[key]).toBeGreaterThanOrEqual(0);
      expect(summary[key]).toBeLessThanOrEqual(summary.decisions);
    }
    for (const row of summary.strategies)
      expect(row.positive + row.mixed + row.negative + row.other + row.loops).toBe(row.scenarios);
    expect(summary.strategies.find((s) => s.strategy === "greedy")?.scenarios).toBe(audits.length);
    for (const [i, audit] of audits.entries()) {
      const scenario = scenarios[i] as Scenario;
      const analysis = analyzeScenario(scenario);
      expect(audit.truncated).toBe(false);
      // The endings' ranges together are the scenario's ranges, and each ending the analysis reaches is ranged.
      expect(audit.endings.filter((e) => e.reachable).map((e) => e.id)).toEqual(analysis.endings);
      for (const p of scenario.principles) {
        const ranges = audit.endings.flatMap((e) => (e.principles?.[p] ? [e.principles[p]] : []));
        expect({
          min: Math.min(...ranges.map((r) => r.min)),
          max: Math.max(...ranges.map((r) => r.max)),
        }).toEqual(analysis.range[p]);
      }
      // Scenes with a real trade-off are what stats counts.
      expect(new Set(audit.decisions.filter((d) => d.tradeoff).map((d) => d.scene)).size).toBe(analysis.tradeoffPoints);
      expect(audit.bestRun.net).toBe(Math.max(...audit.endings.map((e) => e.net?.max ?? Number.NEGATIVE_INFINITY)));
    }
    const pct = (n: number) => `${Math.round((100 * n) / summary.decisions)}%`;
    const positive = (id: string) => summary.strategies.find((s) => s.strategy === id)?.positive;
    console.log(
      [
        `Audit of the bundled library: ${summary.scenarios} scenarios, ${summary.decisions} decisions`,
        `  best option first ${pct(summary.bestFirst)}, longest ${pct(summary.bestLongest)}`,
        `  positive endings reached by always option 1: ${positive("option-1")}/${summary.scenarios}, always the longest: ${positive("longest")}/${summary.scenarios}, greedy: ${positive("greedy")}/${summary.scenarios}`,
        `  real trade-offs ${summary.tradeoffs} (${summary.fewTradeoffs} scenarios with fewer than 2)`,
        `  best option costs something at ${pct(summary.bestCosts)}; consolation points on ${summary.consolations} of ${summary.netNegative} net-negative options`,
        `  positive endings reachable below net 0: ${summary.cheapEndings}; highest-scoring run ends positive in ${summary.bestRunPositive}/${summary.scenarios}`,
      ].join("\n"),
    );
  });
});
