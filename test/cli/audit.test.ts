import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rehearse } from "./run-cli.ts";

/** A scenarios folder with the fixtures' code and two scenarios (one with a loop), and optionally a config. */
function library(config?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "rehearse-audit-"));
  copyFileSync("test/fixtures/code.mdx", join(dir, "code.mdx"));
  copyFileSync("test/fixtures/valid/circle.mdx", join(dir, "circle.mdx"));
  copyFileSync("test/fixtures/valid/loops.mdx", join(dir, "loops.mdx"));
  if (config !== undefined) writeFileSync(join(dir, "rehearse.config.json"), config);
  return dir;
}

const OFF = JSON.stringify({
  audit: {
    "guessable-order": false,
    "guessable-length": false,
    "guessable-path": false,
    "few-tradeoffs": false,
    "cheap-ending": false,
    "costless-best": false,
    "consolation-points": false,
    "unrewarded-best": false,
  },
});

describe("rehearse audit", () => {
  it("reports each scenario and the library in 80 columns, then the findings, and exits 1", () => {
    const dir = library();
    const r = rehearse(["audit", dir]);
    expect(r.code).toBe(1);
    const [report = "", findings = ""] = r.stdout.split("\nFindings\n");
    for (const line of report.split("\n")) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(report).toContain("What stays in the circle");
    expect(report).toContain("  always option 1          repair (positive)               +6  1,1,1");
    expect(report).toContain("  always option 1          loops");
    expect(report).toContain("  repair                          positive  +6 to +6  ← highest-scoring run");
    expect(report).toContain("  listen                             2      2        1      +1  yes        yes");
    expect(report).toContain("Library: 2 scenarios, 6 decisions");
    expect(findings).toContain(
      `${join(dir, "circle.mdx")}:1:1  warning  1 real trade-off (two Pareto-optimal options within 1 point of the best net total), expected at least 2  (few-tradeoffs)`,
    );
    expect(findings).toMatch(/! 7 findings in 2 scenarios of 2\n$/);
  });

  it("exits 0 when the config turns every rule off", () => {
    const r = rehearse(["audit", library(OFF)]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ no findings in 2 scenarios\n$/);
  });

  it("holds a scenario to a stricter threshold from the config", () => {
    const r = rehearse([
      "audit",
      join(library('{ "audit": { "cheap-ending": 7 } }'), "circle.mdx"),
      "--format",
      "json",
    ]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.thresholds["cheap-ending"]).toBe(7);
    expect(json.library.scenarios).toBe(1);
    const cheap = json.findings.find((d: { rule: string }) => d.rule === "cheap-ending");
    expect(cheap).toMatchObject({ severity: "warning", line: 70, column: 1 });
    expect(cheap.message).toBe(
      "Positive ending `repair` is reachable with a net total of +6 (--script 1,1,1), expected at least +7",
    );
  });

  it("prints the whole audit as JSON", () => {
    const r = rehearse(["audit", library(), "--format", "json"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.scenarios.map((s: { scenario: string }) => s.scenario)).toEqual(["circle", "loops"]);
    expect(json.scenarios[0].endings[0]).toMatchObject({ id: "repair", tone: "positive", net: { min: 6, max: 6 } });
    expect(json.library.decisions).toBe(6);
    expect(json.findings.map((d: { rule: string }) => d.rule)).toContain("guessable-path");
  });

  it("gives a config error its line and column, never a stack trace, and exits 2", () => {
    const r = rehearse(["audit", library('{\n  "audit": {\n    "few-tradeoffs": 2\n    "cheap-ending": 0\n  }\n}\n')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /rehearse\.config\.json:4:5 {2}error {2}Unexpected `"`, expected `,` or `}` {2}\(config\)\n/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const wrong = rehearse(["audit", library('{ "audit": { "guessable-order": "40%" } }')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      'rehearse.config.json:1:33  error  Unexpected string "40%" for "guessable-order", expected a percentage from 0 to 100, or false to turn the rule off  (config)',
    );
  });

  it("exits 2 on usage errors and missing paths", () => {
    expect(rehearse(["audit", "--format", "xml"]).code).toBe(2);
    const missing = rehearse(["audit", "no/such/folder"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("rehearse: No such file or folder: no/such/folder\n");
    expect(rehearse(["audit", library(), "--config", "no-such.json"]).stderr).toBe(
      "rehearse: No config file at no-such.json\n",
    );
  });

  it("audits the bundled library: every scenario, and finds nothing (the second edition's gate)", () => {
    const r = rehearse(["audit", "--format", "json"]);
    expect(r.code, r.stdout.slice(0, 2000)).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.scenarios.length).toBeGreaterThanOrEqual(16);
    expect(json.errors).toEqual([]);
    expect(json.findings).toEqual([]);
    // scenarios/rehearse.config.json holds the library's thresholds: today, the defaults.
    expect(json.thresholds).toEqual({
      "guessable-order": 40,
      "guessable-length": 40,
      "guessable-path": true,
      "few-tradeoffs": 2,
      "cheap-ending": 0,
      "costless-best": 25,
      "consolation-points": 25,
      "unrewarded-best": true,
    });
  });
});
