import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeScenario } from "../../engine/analyze.ts";
import { compileCode } from "../../engine/compile/compile-code.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import { createSession } from "../../engine/session.ts";
import { ROOT, rehearse } from "./run-cli.ts";

const FIXTURE = ["test/fixtures/valid/circle.mdx", "--code", "test/fixtures/code.mdx"];

describe("rehearse check", () => {
  it("passes the bundled library with exit 0 and a summary", () => {
    const r = rehearse(["check", "scenarios", "--format", "short"]);
    expect(r.stderr).toBe("");
    // By design, the only warnings are the support page's blanks, which every group fills in with its own contacts.
    const warnings = r.stdout.split("\n").filter((line) => line.includes("  warning  "));
    expect(warnings.length).toBeGreaterThan(0);
    for (const line of warnings)
      expect(line).toMatch(/^scenarios\/support\.mdx:\d+:\d+ {2}warning .*\(support-placeholder\)$/);
    expect(r.stdout).toMatch(new RegExp(`\\n! 0 errors, ${warnings.length} warnings in \\d+ files\\n$`));
    expect(r.code).toBe(0);
  });

  it("prints positioned diagnostics and exits 1 on errors", () => {
    const r = rehearse(["check", "test/fixtures/rules/unknown-target/not-ok.mdx", "--code", "test/fixtures/code.mdx"]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n").slice(0, 10)).toEqual([
      "test/fixtures/rules/unknown-target/not-ok.mdx 3 errors",
      "",
      "error[unknown-target]: Unexpected start `begin`, expected the id of a scene or ending in this file",
      " --> test/fixtures/rules/unknown-target/not-ok.mdx:4:1",
      "  |",
      "4 | start: begin",
      "  | ^",
      "  = guide: /authoring/#rule-unknown-target",
      "",
      "error[unknown-target]: Unexpected target `ending`, expected the id of a scene or ending in this file",
    ]);
    expect(r.stdout).toMatch(/\n\n✗ 3 errors, 0 warnings in 2 files\n$/);
    const short = rehearse([
      "check",
      "test/fixtures/rules/unknown-target/not-ok.mdx",
      "--code",
      "test/fixtures/code.mdx",
      "--format",
      "short",
    ]);
    expect(short.stdout.split("\n").slice(0, 3)).toEqual([
      "test/fixtures/rules/unknown-target/not-ok.mdx:4:1  error  Unexpected start `begin`, expected the id of a scene or ending in this file  (unknown-target)",
      "test/fixtures/rules/unknown-target/not-ok.mdx:10:9  error  Unexpected target `ending`, expected the id of a scene or ending in this file  (unknown-target)",
      'test/fixtures/rules/unknown-target/not-ok.mdx:15:1  error  Unexpected `<Choice>` without `to`, expected to="…" naming a scene or ending  (unknown-target)',
    ]);
  });

  it("exits 0 with warnings only", () => {
    const r = rehearse([
      "check",
      "test/fixtures/rules/missing-feedback/not-ok.mdx",
      "--code",
      "test/fixtures/code.mdx",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("warning[missing-feedback]: Unexpected choice without feedback");
  });

  it("writes JSON with --format json", () => {
    const r = rehearse([
      "check",
      "test/fixtures/rules/score-range/not-ok.mdx",
      "--code",
      "test/fixtures/code.mdx",
      "--format",
      "json",
    ]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ files: 2, errors: 2, warnings: 0 });
    expect(json.diagnostics[0]).toEqual({
      file: "test/fixtures/rules/score-range/not-ok.mdx",
      line: 9,
      column: 28,
      endLine: 9,
      endColumn: 35,
      severity: "error",
      rule: "score-range",
      message: "Unexpected score 4 for `respect`, expected a whole number from -3 to 3",
    });
  });

  it("says clearly when a path does not exist (exit 2, no stack trace)", () => {
    const r = rehearse(["check", "no/such/folder"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("rehearse: No such file or folder: no/such/folder\n");
  });

  it("suggests the right option or command for a typo (exit 2)", () => {
    const a = rehearse(["check", "--formt", "json"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("unknown option --formt for `rehearse check` (did you mean --format?)");
    const b = rehearse(["chek"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('unknown command "chek" (did you mean `rehearse check`?)');
  });
});

describe("rehearse play --script", () => {
  it("prints a run record whose scores equal the engine's for the same path", () => {
    const r = rehearse(["play", ...FIXTURE, "--script", "1,1,2", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout);
    const code = compileCode(readFileSync(join(ROOT, "test/fixtures/code.mdx"), "utf8"), "code.mdx").value;
    const scenario = compileScenario(
      readFileSync(join(ROOT, FIXTURE[0] as string), "utf8"),
      FIXTURE[0] as string,
      code,
    ).value;
    if (!scenario) throw new Error("fixture does not compile");
    const session = createSession(scenario, { analysis: analyzeScenario(scenario) });
    for (const n of [1, 1, 2]) {
      session.choose(n);
      session.continue();
    }
    const expected = session.save();
    expect(record).toMatchObject({
      schema: "rehearse.run/2",
      seed: null,
      scenario: "circle",
      scenarioHash: scenario.hash,
      ending: "silence",
      steps: expected.steps,
      scores: expected.scores,
      percent: expected.percent,
      flags: ["spoke-up"],
    });
    expect(typeof record.finishedAt).toBe("string");
  });

  it("with --seed, numbers the options as a run with that seed shows them, and prints the seed", () => {
    // Seed 2 shows the market's options the other way round from the author's.
    const r = rehearse(["play", ...FIXTURE, "--script", "1", "--seed", "2", "--json"]);
    expect(r.stderr).toBe("");
    const record = JSON.parse(r.stdout);
    expect(record.seed).toBe(2);
    expect(record.steps.map((s: { choice: string; to: string }) => [s.choice, s.to])).toEqual([
      ["listen:let-her-go-on-she", "listen"],
    ]);
    const text = rehearse(["play", ...FIXTURE, "--script", "1", "--seed", "2"]);
    expect(text.stdout).toMatch(/▸ 1\) Let her go on;[\s\S]* {2}2\) "That's Marcus's story/);
    const bad = rehearse(["play", ...FIXTURE, "--script", "1", "--seed", "4294967296"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--seed takes a whole number from 0 to 4294967295; "4294967296" is not one');
    const alone = rehearse(["play", ...FIXTURE, "--seed", "2"]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("--seed needs --script");
  });

  it("prints a readable transcript and debrief without --json", () => {
    const r = rehearse(["play", ...FIXTURE, "--script", "1,1,1"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("── Saturday market");
    expect(r.stdout).toContain("Dana: Did you hear about Marcus?");
    expect(r.stdout).not.toContain("Ask the room"); // notes stay hidden without --reveal
    expect(r.stdout).toContain("── Ending: Trust kept (positive)");
    expect(r.stdout).toMatch(/Confidentiality\s+\[[━─●]+\]\s+\+2 of −3…\+2\s+100%/);
  });

  it("shows facilitator notes with --reveal", () => {
    const r = rehearse(["play", ...FIXTURE, "--script", "1", "--reveal"]);
    expect(r.stdout).toContain("Facilitator note");
    expect(r.stdout).toContain("Ask the room what they would feel in Marcus's place.");
  });

  it("stops with exit 1 when a scripted choice is not on offer", () => {
    const r = rehearse(["play", ...FIXTURE, "--script", "2,1,2", "--json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("rehearse: step 3: there is no choice 2 in “Thursday circle” (only choice 1 available)\n");
    expect(r.stdout).toBe("");
  });

  it("rejects a malformed script as a usage error", () => {
    const r = rehearse(["play", ...FIXTURE, "--script", "1,a"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"a" is not one');
  });

  it("explains how to play without a terminal instead of failing on raw mode", () => {
    const r = rehearse(["play", ...FIXTURE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("play needs an interactive terminal");
    expect(r.stderr).toContain("--script 1,2,1");
    expect(r.stderr).not.toMatch(/raw mode/i);
  });

  it("suggests the scenario an id is close to, or where to find the list", () => {
    const r = rehearse(["play", "no-such-scenario", "--script", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^rehearse: No scenario "no-such-scenario" .*`rehearse list` shows the \d+ scenarios in scenarios\.\n$/,
    );
    const typo = rehearse(["play", "the-empty-chiar", "--script", "1"]);
    expect(typo.stderr).toMatch(/Did you mean `the-empty-chair`\?\n$/);
  });

  it("says what a path is when it is not a scenario", () => {
    expect(rehearse(["play", "README.md", "--script", "1"]).stderr).toBe(
      "rehearse: README.md is not a scenario: scenarios are .mdx files (or ids of files in scenarios)\n",
    );
    expect(rehearse(["play", "scenarios/code.mdx", "--script", "1"]).stderr).toContain(
      "scenarios/code.mdx is the code of ethics, not a scenario",
    );
    expect(rehearse(["play", "test", "--script", "1"]).stderr).toContain("test is a folder, expected a scenario");
    const from = rehearse(["preview", "scenarios/the-empty-chair.mdx", "--from", "nosuch"]);
    expect(from.code).toBe(2);
    expect(from.stderr).toContain('no scene or ending "nosuch" in scenarios/the-empty-chair.mdx');
  });

  it("shows a command's help with `help <command>`, and the version with --version and -V", () => {
    const help = rehearse(["help", "play"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(rehearse(["play", "--help"]).stdout);
    expect(rehearse(["--version"]).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(rehearse(["-V"]).stdout).toBe(rehearse(["--version"]).stdout);
  });
});

describe("rehearse stats", () => {
  it("prints the analysis as JSON", () => {
    const r = rehearse(["stats", ...FIXTURE, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      scenario: "circle",
      title: "What stays in the circle",
      scenes: 4,
      endings: { positive: 1, mixed: 1, negative: 0, untoned: 0 },
      choicePoints: 3,
      tradeoffPoints: 1,
      principles: ["confidentiality", "respect", "safety"],
      range: { confidentiality: { min: -3, max: 2 }, respect: { min: 0, max: 4 }, safety: { min: 0, max: 1 } },
      reachableEndings: ["repair", "silence"],
      runs: { count: 4, capped: false, unbounded: false },
      shortestRun: 3,
      longestRun: 3,
    });
  });
});
