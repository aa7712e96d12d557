import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hostileCases } from "../fixtures/hostile/generate.ts";
import { ROOT } from "./run-cli.ts";

// Issue #14 item 1: a 14 KB file made satteri's native parser segfault, and `check` on the folder
// exited 139 with nothing printed, not even the other files' results.
const LIMIT = 15_000;

function check(args: readonly string[]) {
  const result = spawnSync(process.execPath, ["bin/rehearse.js", "check", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    input: "",
    timeout: LIMIT,
  });
  expect(result.signal, `rehearse check was killed (${result.signal})`).toBeNull();
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "rehearse-hostile-parser-"));
  copyFileSync(join(ROOT, "test/fixtures/code.mdx"), join(dir, "code.mdx"));
  copyFileSync(join(ROOT, "test/fixtures/valid/circle.mdx"), join(dir, "a-valid.mdx"));
  for (const hostile of hostileCases.filter((c) => c.name.includes("7,000 deep"))) {
    const name = `b-${hostile.name.replace(/[^a-z0-9]+/gi, "-")}.mdx`;
    writeFileSync(join(dir, name), hostile.source());
  }
  copyFileSync(join(ROOT, "test/fixtures/rules/unknown-target/not-ok.mdx"), join(dir, "c-broken.mdx"));
  return dir;
}

describe("rehearse check on a folder with files that crashed the parser", () => {
  it("reports each of them at its place and still checks every other file", { timeout: LIMIT }, () => {
    const dir = folder();
    const { code, stdout, stderr } = check([dir]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(stdout).toContain("b-parentheses-7-000-deep.mdx:7:101");
    expect(stdout).toContain("Unexpected `(` nested 101 deep, expected at most 100 levels of brackets");
    expect(stdout).toContain("b-scores-object-7-000-deep.mdx:7:323");
    expect(stdout).toMatch(/nested-too-deeply/);
    expect(stdout).toMatch(/c-broken\.mdx:\d+:\d+/);
    expect(stdout).toMatch(/unknown-target/);
    expect(stdout).not.toMatch(/a-valid\.mdx/);
    // The code, the valid file, five hostile files and the broken one.
    expect(stdout).toMatch(/in 8 files\n$/);
  });

  it("gives each file's diagnostics as JSON, at their places", { timeout: LIMIT }, () => {
    const { code, stdout } = check([folder(), "--format", "json"]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      files: number;
      diagnostics: { file: string; line: number; column: number; rule: string }[];
    };
    expect(report.files).toBe(8);
    const hostile = report.diagnostics
      .filter((d) => /\/b-/.test(d.file))
      .map((d) => `${d.file.replace(/.*\//, "")}:${d.line}:${d.column} ${d.rule}`);
    expect(hostile).toEqual([
      "b-emphasis-7-000-deep.mdx:7:3001 too-large",
      "b-parentheses-7-000-deep.mdx:7:101 nested-too-deeply",
      "b-scores-object-7-000-deep.mdx:7:323 nested-too-deeply",
      "b-square-brackets-7-000-deep.mdx:7:101 nested-too-deeply",
      "b-template-literals-7-000-deep.mdx:7:301 nested-too-deeply",
    ]);
    expect(report.diagnostics.some((d) => d.file.endsWith("c-broken.mdx") && d.rule === "unknown-target")).toBe(true);
  });
});
