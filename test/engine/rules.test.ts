import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { rules } from "../../engine/check/rules/index.ts";
import { compileCode } from "../../engine/compile/compile-code.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import { compileSupport } from "../../engine/compile/compile-support.ts";
import type { Result } from "../../engine/diagnostics.ts";
import { readOrDiagnose } from "../../engine/load.ts";
import { fixture, fixtureCode, readFixture } from "./helpers.ts";

// One harness for every rule: `ok.mdx` compiles with no diagnostics at all, and
// `not-ok.mdx` gives exactly the diagnostics pinned in `not-ok.expected`
// (`line:column severity rule`), including at least one of the rule's own.
// A rule for the support page (`support-placeholder`) compiles its fixtures as support pages, and a
// rule for the code only (`missing-statement`) compiles them as a code of ethics.
// `unreadable-file` is about a file that is not there: its folder has no `not-ok.mdx`, and that missing
// path is read as `rehearse preview` reads a file (`readOrDiagnose`). test/cli/preview.test.tsx deletes a
// file during a preview.
const compile = (path: string): Result<unknown> => {
  if (path === "rules/unreadable-file/not-ok.mdx") {
    const read = readOrDiagnose(fixture(path), "scenario");
    return { diagnostics: "diagnostics" in read ? read.diagnostics : [] };
  }
  const applies = rules.find((r) => path.startsWith(`rules/${r.id}/`))?.applies;
  if (applies === "support") return compileSupport(readFixture(path), path);
  if (applies === "code") return compileCode(readFixture(path), path);
  return compileScenario(readFixture(path), path, fixtureCode());
};
const scenarioRules = rules;

describe("checker rules", () => {
  it("has a fixture folder for every rule and a rule for every fixture folder", () => {
    const folders = readdirSync(fixture("rules")).sort();
    expect(folders).toEqual(scenarioRules.map((r) => r.id).sort());
  });

  for (const rule of scenarioRules) {
    describe(rule.id, () => {
      it("accepts ok.mdx without any diagnostic", () => {
        const result = compile(`rules/${rule.id}/ok.mdx`);
        expect(result.diagnostics).toEqual([]);
        expect(result.value).toBeDefined();
      });

      it("reports not-ok.mdx exactly as pinned", () => {
        const result = compile(`rules/${rule.id}/not-ok.mdx`);
        const actual = result.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`);
        const expected = readFileSync(fixture(`rules/${rule.id}/not-ok.expected`), "utf8")
          .trim()
          .split("\n");
        expect(actual).toEqual(expected);
        expect(actual.some((line) => line.endsWith(` ${rule.severity} ${rule.id}`))).toBe(true);
        expect(result.value === undefined).toBe(rule.severity === "error");
      });

      it("writes messages as 'Unexpected …, expected …' (or 'Missing …, expected …')", () => {
        const result = compile(`rules/${rule.id}/not-ok.mdx`);
        for (const d of result.diagnostics.filter((x) => x.rule === rule.id)) {
          expect(d.message).toMatch(/^(Unexpected|Missing) .*expected/);
        }
      });
    });
  }

  it("has a not-ok.expected beside every not-ok.mdx", () => {
    for (const rule of scenarioRules) expect(existsSync(fixture(`rules/${rule.id}/not-ok.expected`))).toBe(true);
  });
});
