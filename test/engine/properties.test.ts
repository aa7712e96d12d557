import { existsSync, readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeScenario } from "../../engine/analyze.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import type { Scenario } from "../../engine/model.ts";
import { availableChoices } from "../../engine/run.ts";
import { createSession, restoreSession } from "../../engine/session.ts";
import { FRONTMATTER, fixture, fixtureCode, readFixture, valid } from "./helpers.ts";

const validFixtures = readdirSync(fixture("valid")).map((f) => valid(readFixture(`valid/${f}`), `valid/${f}`));
const sources = [
  ...readdirSync(fixture("valid")).map((f) => readFixture(`valid/${f}`)),
  // Every rule's failing example (unreadable-file's is a file that is missing on purpose).
  ...readdirSync(fixture("rules"))
    .filter((r) => existsSync(fixture(`rules/${r}/not-ok.mdx`)))
    .map((r) => readFixture(`rules/${r}/not-ok.mdx`)),
];

/** Picks: each a fraction in [0, 1) that selects among the choices available at that step. */
const picks = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 0, maxLength: 60 });

function walk(scenario: Scenario, fractions: readonly number[]) {
  const session = createSession(scenario, { analysis: analyzeScenario(scenario) });
  for (const f of fractions) {
    const view = session.view();
    if (view.phase === "ended") break;
    expect(view.choices.length).toBeGreaterThan(0);
    session.choose(1 + Math.floor(f * view.choices.length));
    session.continue();
  }
  return session;
}

describe("properties", () => {
  it("the compiler never throws, on random text or on mutations of real scenarios", () => {
    const mutated = fc
      .tuple(
        fc.constantFrom(...sources),
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 20 }),
        fc.constantFrom("delete", "insert", "duplicate"),
      )
      .map(([source, a, b, text, op]) => {
        const i = a % (source.length + 1);
        const j = Math.min(source.length, i + (b % 60));
        if (op === "delete") return source.slice(0, i) + source.slice(j);
        if (op === "insert") return source.slice(0, i) + text + source.slice(i);
        return source.slice(0, j) + source.slice(i, j) + source.slice(j);
      });
    const junk = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: fc.constantFrom(..."<>{}/=\"' \n-:#*Scene"), maxLength: 200 }),
    );
    fc.assert(
      fc.property(fc.oneof(mutated, junk), (source) => {
        const result = compileScenario(source, "random.mdx", fixtureCode());
        expect(Array.isArray(result.diagnostics)).toBe(true);
        if (result.value === undefined) expect(result.diagnostics.some((d) => d.severity === "error")).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("deep nesting of any kind gives positioned diagnostics, never an internal error or a crash", () => {
    // Openers with their closers: brackets in an expression or attribute, components, quotes, lists, emphasis, links.
    const nestings = [
      ["{", "}"],
      ["(", ")"],
      ["[", "]"],
      ['<When if="a">', "</When>"],
      ['<When if="a">\n', "\n</When>"],
      ["> ", ""],
      ["- ", ""],
      ["*a ", " a*"],
      ["[a ", "](b)"],
      ["`${", "}`"],
    ] as const;
    const nested = fc
      .tuple(
        fc.array(fc.constantFrom(...nestings), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 8000 }),
        fc.constantFrom(...sources),
        fc.nat(),
      )
      .map(([kinds, depth, source, at]) => {
        const open = Array.from({ length: depth }, (_, i) => kinds[i % kinds.length]?.[0]).join("");
        const close = Array.from({ length: depth }, (_, i) => kinds[(depth - 1 - i) % kinds.length]?.[1]).join("");
        const i = at % (source.length + 1);
        // Brackets and components nest wherever they stand (each kind has its limit of 100 levels);
        // `> `, `- ` or `*` in mid-line are only text.
        const openers = Array.from({ length: depth }, (_, k) => kinds[k % kinds.length]?.[0] ?? "");
        const counted = Math.max(
          openers.filter((o) => /^[{([`]/.test(o)).length,
          openers.filter((o) => o.startsWith("<")).length,
        );
        return { source: `${source.slice(0, i)}${open}x${close}${source.slice(i)}`, counted };
      });
    fc.assert(
      fc.property(nested, ({ source, counted }) => {
        const result = compileScenario(source, "nested.mdx", fixtureCode());
        for (const d of result.diagnostics) {
          expect(d.message).not.toMatch(/internal error|RangeError|call stack/i);
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
        }
        // The guard reports the first limit passed: the nesting, or a limit the source already passed (too-large).
        if (counted > 100)
          expect(result.diagnostics.some((d) => d.rule === "nested-too-deeply" || d.rule === "too-large")).toBe(true);
      }),
      { numRuns: 150 },
    );
    // 150 compiles of up to 8,000 levels: a few seconds on a loaded 2-core machine, not a speed goal.
  }, 60_000);

  it("control characters anywhere give positioned diagnostics, never an internal error", () => {
    const control = fc.constantFrom(
      ..."\u0000\u0001\u0007\u0008\u000b\u000c\u001b\u007f\u0085\u009b\u009d\u202e\u2066\r".split(""),
    );
    const inserted = fc
      .tuple(
        fc.constantFrom(...sources),
        fc.array(fc.tuple(fc.nat(), fc.string({ unit: control, minLength: 1, maxLength: 4 })), {
          minLength: 1,
          maxLength: 5,
        }),
      )
      .map(([source, inserts]) =>
        inserts.reduce((s, [at, text]) => {
          const i = at % (s.length + 1);
          return s.slice(0, i) + text + s.slice(i);
        }, source),
      );
    fc.assert(
      fc.property(inserted, (source) => {
        const result = compileScenario(source, "control.mdx", fixtureCode());
        expect(result.diagnostics.length).toBeGreaterThan(0);
        for (const d of result.diagnostics) {
          expect(d.message).not.toMatch(/internal error/i);
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("random walks through every valid fixture reach an ending", () => {
    for (const scenario of validFixtures) {
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 200, maxLength: 200 }),
          (fractions) => {
            const session = walk(scenario, fractions);
            expect(session.view().phase).toBe("ended");
          },
        ),
        { numRuns: 100 },
      );
    }
  });

  it("back then choose equals choose", () => {
    for (const scenario of validFixtures) {
      fc.assert(
        fc.property(picks, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (prefix, f) => {
          const session = walk(scenario, prefix);
          const view = session.view();
          if (view.phase !== "deciding") return;
          const n = 1 + Math.floor(f * view.choices.length);
          session.choose(n);
          const once = session.view();
          session.back();
          expect(session.view().position).toEqual(view.position);
          session.choose(n);
          expect(session.view().position).toEqual(once.position);
          expect(session.view().steps).toEqual(once.steps);
        }),
        { numRuns: 100 },
      );
    }
  });

  it("a run record round-trips through save and restore", () => {
    for (const scenario of validFixtures) {
      fc.assert(
        fc.property(picks, (fractions) => {
          const session = walk(scenario, fractions);
          const record = session.save();
          const restored = restoreSession(scenario, JSON.parse(JSON.stringify(record)), {
            analysis: analyzeScenario(scenario),
          });
          expect(restored.ok && restored.status).toBe("exact");
          if (!restored.ok) return;
          expect(restored.session.view().position).toEqual(session.view().position);
          expect(restored.session.view().phase).toBe(session.view().phase);
          expect(restored.session.save().steps).toEqual(record.steps);
        }),
        { numRuns: 60 },
      );
    }
  });

  it("analysis min/max equals brute-force enumeration on small random scenarios with flags", () => {
    const FLAGS = ["a", "b"];
    const PRINCIPLES = ["confidentiality", "respect", "safety"];
    const choiceArb = fc.record({
      target: fc.nat(),
      scores: fc.dictionary(fc.constantFrom(...PRINCIPLES), fc.integer({ min: -3, max: 3 }), { maxKeys: 2 }),
      set: fc.subarray(FLAGS, { maxLength: 1 }),
      clear: fc.subarray(FLAGS, { maxLength: 1 }),
      if: fc.subarray(FLAGS, { maxLength: 1 }),
      unless: fc.subarray(FLAGS, { maxLength: 1 }),
    });
    const scenarioArb = fc.record({
      scenes: fc.array(fc.array(choiceArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
      endings: fc.integer({ min: 1, max: 3 }),
    });
    fc.assert(
      fc.property(scenarioArb, ({ scenes, endings }) => {
        // Scenes only point forwards (to later scenes or endings), so every run is finite.
        const ids = [...scenes.map((_, i) => `s${i}`), ...Array.from({ length: endings }, (_, i) => `e${i}`)];
        const parts = scenes.map((choices, i) => {
          const later = ids.slice(i + 1);
          const body = choices
            .map((c) => {
              const attrs = [
                `to="${later[c.target % later.length]}"`,
                `scores={{ ${Object.entries(c.scores)
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
        const endingParts = Array.from(
          { length: endings },
          (_, i) => `<Ending id="e${i}" tone="mixed">\nEnd.\n</Ending>`,
        );
        const result = compileScenario(
          `${FRONTMATTER}${[...parts, ...endingParts].join("\n\n")}\n`,
          "gen.mdx",
          fixtureCode(),
        );
        fc.pre(result.value !== undefined);
        const scenario = result.value as Scenario;
        const analysis = analyzeScenario(scenario);
        const brute = bruteForce(scenario);
        for (const p of scenario.principles) expect(analysis.range[p]).toEqual(brute.range[p]);
        expect(analysis.runs.count).toBe(brute.runs);
        expect(new Set(analysis.endings)).toEqual(brute.endings);
      }),
      { numRuns: 300 },
    );
  });
});

/** Enumerates every complete run by depth-first search, with its own flag logic (independent of the engine). */
function bruteForce(scenario: Scenario) {
  const range: Record<string, { min: number; max: number }> = {};
  const endings = new Set<string>();
  let runs = 0;
  const visit = (at: string, flags: Set<string>, totals: Record<string, number>) => {
    const scene = scenario.scenes.find((s) => s.id === at);
    if (!scene) {
      runs++;
      endings.add(at);
      for (const p of scenario.principles) {
        const v = totals[p] ?? 0;
        const r = range[p] ?? { min: v, max: v };
        range[p] = { min: Math.min(r.min, v), max: Math.max(r.max, v) };
      }
      return;
    }
    for (const c of scene.choices) {
      if (!c.if.every((f) => flags.has(f)) || c.unless.some((f) => flags.has(f))) continue;
      const next = new Set([...flags].filter((f) => !c.clear.includes(f)));
      for (const f of c.set) next.add(f);
      const sum = { ...totals };
      for (const [p, v] of Object.entries(c.scores)) sum[p] = (sum[p] ?? 0) + v;
      visit(c.to, next, sum);
    }
  };
  visit(scenario.start, new Set(), {});
  return { range, endings, runs };
}

describe("no scenario code runs", () => {
  it("compiling a file whose import, export, expressions and attributes would write files leaves no file behind", async () => {
    const { mkdtempSync, existsSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "rehearse-pwned-"));
    const target = join(dir, "pwned");
    process.env.REHEARSE_PWNED_FILE = target;
    const source = readFileSync(fixture("invalid/runs-code.mdx"), "utf8");
    const result = compileScenario(source, "runs-code.mdx", fixtureCode());
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => d.rule)).toEqual([
      "esm-not-allowed",
      "esm-not-allowed",
      "expression-not-allowed",
      "expression-not-allowed",
      "expression-not-allowed",
      "expression-not-allowed",
    ]);
    expect(existsSync(target)).toBe(false);
    expect(existsSync("/tmp/rehearse-pwned")).toBe(false);
    expect(existsSync("/tmp/rehearse-pwned-attr")).toBe(false);
    expect(existsSync("/tmp/rehearse-pwned-score")).toBe(false);
  });
});

describe("shuffled options", () => {
  const seeds = fc.integer({ min: 0, max: 0xffffffff });

  /** Walks with a seed, noting the ids shown at every decision. */
  function walkShown(scenario: Scenario, seed: number, fractions: readonly number[]) {
    const session = createSession(scenario, { analysis: analyzeScenario(scenario), seed });
    const shown: string[][] = [];
    for (const f of fractions) {
      const view = session.view();
      if (view.phase === "ended") break;
      shown.push(view.choices.map((c) => c.choice.id));
      session.choose(1 + Math.floor(f * view.choices.length));
      session.continue();
    }
    return { session, shown };
  }

  it("a seeded order is a permutation of the available options, numbered 1…n as shown", () => {
    for (const scenario of validFixtures) {
      fc.assert(
        fc.property(seeds, picks, (seed, fractions) => {
          const { session } = walkShown(scenario, seed, fractions);
          const view = session.view();
          if (view.phase !== "deciding" || view.node.kind !== "scene") return;
          const authored = availableChoices(view.node, view.position.flags);
          expect(view.choices.map((c) => c.number)).toEqual(authored.map((_, i) => i + 1));
          expect([...view.choices.map((c) => c.choice)].sort((a, b) => a.index - b.index)).toEqual(authored);
          // choose(n) takes the n-th as shown.
          const n = view.choices.length;
          session.choose(n);
          expect(session.view().last?.choice).toBe(view.choices[n - 1]?.choice);
        }),
        { numRuns: 60 },
      );
    }
  });

  it("is the same order after going back, after restoring the record, and on replaying it", () => {
    for (const scenario of validFixtures) {
      const analysis = analyzeScenario(scenario);
      fc.assert(
        fc.property(seeds, picks, (seed, fractions) => {
          const { session, shown } = walkShown(scenario, seed, fractions);
          const record = JSON.parse(JSON.stringify(session.save()));
          // Back, one decision at a time, from the live session and from the restored one.
          const restored = restoreSession(scenario, record, { analysis });
          expect(restored.ok && restored.status).toBe("exact");
          if (!restored.ok) return;
          for (const s of [session, restored.session]) {
            if (s.view().phase === "feedback") s.continue();
            for (let i = shown.length - 1; i >= 0; i--) {
              s.back();
              expect(s.view().choices.map((c) => c.choice.id)).toEqual(shown[i]);
            }
          }
          // Replayed by id from a fresh session with the record's seed.
          const replay = createSession(scenario, { analysis, seed: record.seed });
          record.steps.forEach((step: { choice: string }, i: number) => {
            const view = replay.view();
            expect(view.choices.map((c) => c.choice.id)).toEqual(shown[i]);
            const at = view.choices.find((c) => c.choice.id === step.choice);
            expect(at && replay.choose(at.number)).toBe(true);
            replay.continue();
          });
        }),
        { numRuns: 40 },
      );
    }
  });

  it("a record restores under its seed and on a scenario whose author reordered every scene's options", () => {
    const choiceArb = fc.record({
      target: fc.nat(),
      scores: fc.dictionary(fc.constantFrom("confidentiality", "respect", "safety"), fc.integer({ min: -3, max: 3 }), {
        maxKeys: 2,
      }),
      set: fc.subarray(["a", "b"], { maxLength: 1 }),
      if: fc.subarray(["a", "b"], { maxLength: 1 }),
    });
    const scenesArb = fc.array(fc.array(choiceArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 });
    const source = (scenes: (typeof choiceArb extends fc.Arbitrary<infer C> ? C : never)[][], reversed: boolean) => {
      const ids = [...scenes.map((_, i) => `s${i}`), "e0", "e1"];
      const parts = scenes.map((choices, i) => {
        const later = ids.slice(i + 1);
        const written = choices.map((c, k) => {
          const attrs = [
            `to="${later[c.target % later.length]}"`,
            `scores={{ ${Object.entries(c.scores)
              .map(([p, v]) => `${p}: ${v}`)
              .join(", ")} }}`,
            ...(c.set.length ? [`set="${c.set.join(" ")}"`] : []),
            // Only the first option may have a condition, so no scene is a dead end.
            ...(c.if.length && k > 0 ? [`if="${c.if.join(" ")}"`] : []),
          ];
          return `<Choice ${attrs.join(" ")}>\nOption ${k + 1} of scene ${i}.\n<Feedback>Why.</Feedback>\n</Choice>`;
        });
        // The first option keeps its place (it is the one without a condition).
        const [first, ...rest] = written;
        const order = reversed ? [...rest.reverse(), first] : written;
        return `<Scene id="s${i}">\nText.\n\n${order.join("\n")}\n</Scene>`;
      });
      const endings = ["e0", "e1"].map((e) => `<Ending id="${e}" tone="mixed">\nEnd.\n</Ending>`);
      return `${FRONTMATTER}${[...parts, ...endings].join("\n\n")}\n`;
    };
    fc.assert(
      fc.property(scenesArb, seeds, picks, (scenes, seed, fractions) => {
        const original = compileScenario(source(scenes, false), "gen.mdx", fixtureCode()).value;
        const reordered = compileScenario(source(scenes, true), "gen.mdx", fixtureCode()).value;
        fc.pre(original !== undefined && reordered !== undefined);
        if (!original || !reordered) return;
        const { session } = walkShown(original, seed, fractions);
        const record = JSON.parse(JSON.stringify(session.save()));
        for (const scenario of [original, reordered]) {
          const restored = restoreSession(scenario, record, { analysis: analyzeScenario(scenario) });
          expect(restored.ok && [restored.status, restored.replayed]).toEqual([
            scenario.hash === original.hash ? "exact" : "replayed",
            record.steps.length,
          ]);
          if (!restored.ok) return;
          expect(restored.session.seed).toBe(seed);
          expect(restored.session.view().position).toEqual(session.view().position);
          expect(restored.session.view().phase).toBe(session.view().phase);
          expect(restored.session.save().steps).toEqual(record.steps);
          // The order shown depends on the options, not on where the author wrote them.
          expect(restored.session.view().choices.map((c) => c.choice.id)).toEqual(
            session.view().choices.map((c) => c.choice.id),
          );
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("control characters", () => {
  const validSources = readdirSync(fixture("valid")).map((f) => readFixture(`valid/${f}`));
  // One of each kind the control-character rule reports.
  const controls = ["\u0000", "\u0007", "\u0008", "\u000b", "\u001b", "\u007f", "\u0085", "\u009b", "\u202e", "\u2066"];

  it("one anywhere in a valid scenario is reported where it stands, whether or not the file still parses", () => {
    fc.assert(
      fc.property(fc.constantFrom(...validSources), fc.nat(), fc.constantFrom(...controls), (source, at, char) => {
        const i = at % (source.length + 1);
        const text = source.slice(0, i) + char + source.slice(i);
        const result = compileScenario(text, "control.mdx", fixtureCode());
        expect(result.value).toBeUndefined();
        const before = text.slice(0, i).split("\n");
        const place = { line: before.length, column: (before.at(-1) ?? "").length + 1 };
        const reported = result.diagnostics.filter((d) => d.rule === "control-character");
        expect(reported.map((d) => ({ line: d.line, column: d.column }))).toEqual([place]);
      }),
      { numRuns: 300 },
    );
  });
});
