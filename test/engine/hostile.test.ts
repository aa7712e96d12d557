import { describe, expect, it } from "vitest";
import { generateScenario } from "../../bench/generate.ts";
import { compileCode } from "../../engine/compile/compile-code.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import { guardSource } from "../../engine/compile/guard.ts";
import { layoutScenario, MAP_NODE_WIDTH } from "../../engine/layout.ts";
import type { Scenario, Scene } from "../../engine/model.ts";
import { hostileCases, scene } from "../fixtures/hostile/generate.ts";
import { fixtureCode } from "./helpers.ts";

// Each input once crashed the native parser, hung it or exhausted a walk's stack (issue #14).
// The time limit is the test timeout; the speed goals (≤ 2 s, ≤ 500 MB) are in `npm run bench -- hostile`.
const LIMIT = 10_000;

describe("hostile input to the parser", () => {
  for (const hostile of hostileCases) {
    it(`${hostile.name}: one positioned diagnostic`, { timeout: LIMIT }, () => {
      const source = hostile.source();
      const expected = hostile.expected(source);
      const result = compileScenario(source, "hostile.mdx", fixtureCode());
      expect(result.value).toBeUndefined();
      const [first] = result.diagnostics;
      expect(first?.rule).toBe(expected.rule);
      expect(first?.message).not.toMatch(/internal error|RangeError|call stack/i);
      if (expected.line === 0) {
        // Where a whole-file budget runs out: somewhere in the scene's body.
        expect(first?.line).toBeGreaterThan(7);
      } else {
        expect(result.diagnostics).toHaveLength(1);
        expect({ line: first?.line, column: first?.column }).toEqual({
          line: expected.line,
          column: expected.column,
        });
      }
    });
  }

  it("guards the code of ethics the same way", { timeout: LIMIT }, () => {
    const source = `---\ntitle: Code\n---\n\n<Principle id="respect" name="Respect">\n{${"(".repeat(7000)}1${")".repeat(7000)}}\n</Principle>\n`;
    const result = compileCode(source, "code.mdx");
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(["6:101 nested-too-deeply"]);
  });

  it("lets through the realistic extremes: 100-deep brackets, 500 Lines in a block, a 10,000-scene scenario", () => {
    expect(guardSource(scene(`{${"(".repeat(99)}1${")".repeat(99)}}`))).toBeUndefined();
    expect(guardSource(scene('<Line who="Dana">Hi.</Line> '.repeat(500)))).toBeUndefined();
    expect(guardSource(scene("&amp;".repeat(2000)))).toBeUndefined();
    expect(guardSource(generateScenario(10_000))).toBeUndefined();
  });

  it("reports the 501st Line of a block, not the 500th", () => {
    const result = compileScenario(scene('<Line who="Dana">Hi.</Line> '.repeat(501)), "lines.mdx", fixtureCode());
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(["7:14001 too-large"]);
  });
});

describe("hostile input to the layout", () => {
  // Quadratic before (`ids.includes` in a loop): 41 s.
  it("lays out a 100,000-scene chain", { timeout: 2 * LIMIT }, () => {
    const n = 100_000;
    const position = { line: 1, column: 1 };
    const scenes: Scene[] = Array.from({ length: n }, (_, i) => ({
      kind: "scene",
      id: `s${i}`,
      body: [],
      position,
      choices: [
        {
          id: `c${i}`,
          index: 0,
          to: i + 1 < n ? `s${i + 1}` : "end",
          scores: {},
          set: [],
          clear: [],
          if: [],
          unless: [],
          text: [],
          feedback: [],
          position,
        },
      ],
    }));
    const scenario = {
      id: "chain",
      start: "s0",
      scenes,
      endings: [{ kind: "ending", id: "end", body: [], position }],
    } as unknown as Scenario;
    const map = layoutScenario(scenario);
    expect(map.nodes).toHaveLength(n + 1);
    expect(map.nodes.at(-1)).toMatchObject({ id: "end", layer: n });
    // One node per layer: the drawing is one box wide.
    expect(map.width).toBe(MAP_NODE_WIDTH + 24);
  });
});
