import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rehearse } from "./run-cli.ts";

// Issue #12 §8: `check` output for people, for CI and for code hosts.

const CODE = "test/fixtures/code.mdx";

function library(): string {
  const dir = mkdtempSync(join(tmpdir(), "rehearse-check-"));
  copyFileSync(CODE, join(dir, "code.mdx"));
  writeFileSync(
    join(dir, "typo.mdx"),
    `---\ntitle: T\nsummary: S\n---\n\n<Scene id="a">\nHi.\n\n<Choice to="herd" scores={{ respct: 1 }}>\nGo.\n<Feedback>Fine.</Feedback>\n</Choice>\n\n<Choice to="heard" scores={{ respect: 1 }}>\nStay.\n</Choice>\n</Scene>\n\n<Ending id="heard" tone="positive">\nEnd.\n</Ending>\n`,
  );
  return dir;
}

describe("rehearse check, for people", () => {
  it("groups by file and shows each problem's line, a caret under it, a help line and the rule's guide anchor", () => {
    const dir = library();
    const file = join(dir, "typo.mdx");
    const r = rehearse(["check", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `${file} 2 errors, 1 warning`,
        "",
        "error[unknown-target]: Unexpected target `herd`, expected `heard`",
        ` --> ${file}:9:9`,
        "  |",
        '9 | <Choice to="herd" scores={{ respct: 1 }}>',
        "  |         ^^^^^^^^^",
        "  = help: did you mean `heard`?",
        "  = guide: /authoring/#rule-unknown-target",
        "",
        `error[unknown-principle]: Unexpected principle \`respct\`, expected \`respect\` (from ${join(dir, "code.mdx")})`,
        ` --> ${file}:9:29`,
        "  |",
        '9 | <Choice to="herd" scores={{ respct: 1 }}>',
        "  |                             ^^^^^^",
        "  = help: did you mean `respect`?",
        "  = guide: /authoring/#rule-unknown-principle",
        "",
        "warning[missing-feedback]: Unexpected choice without feedback, expected a `<Feedback>` saying which principles it touches and why",
        `  --> ${file}:14:1`,
        "   |",
        '14 | <Choice to="heard" scores={{ respect: 1 }}>',
        "   | ^^^^^^^",
        "   = guide: /authoring/#rule-missing-feedback",
        "",
        "✗ 2 errors, 1 warning in 2 files",
        "",
      ].join("\n"),
    );
  });

  it("checks a file named two ways once", () => {
    const dir = library();
    const r = rehearse(["check", join(dir, "typo.mdx"), `${dir}/./typo.mdx`, dir]);
    expect(r.stdout.match(/error\[unknown-target\]/g)).toHaveLength(1);
    expect(r.stdout).toContain("✗ 2 errors, 1 warning in 2 files");
  });

  it("--quiet shows errors only; --max-warnings fails on more warnings than allowed", () => {
    const dir = library();
    const quiet = rehearse(["check", dir, "--quiet"]);
    expect(quiet.stdout).not.toContain("warning[");
    expect(quiet.stdout).toContain("(warnings hidden by --quiet)");
    const warnings = join(dir, "warn");
    const folder = mkdtempSync(warnings);
    copyFileSync(CODE, join(folder, "code.mdx"));
    copyFileSync("test/fixtures/rules/missing-feedback/not-ok.mdx", join(folder, "w.mdx"));
    expect(rehearse(["check", folder]).code).toBe(0);
    expect(rehearse(["check", folder, "--max-warnings", "5"]).code).toBe(0);
    const strict = rehearse(["check", folder, "--max-warnings", "0"]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/warnings?, more than --max-warnings 0 allows/);
    expect(rehearse(["check", folder, "--max-warnings", "lots"]).code).toBe(2);
  });

  it("--format github writes workflow annotations, escaped", () => {
    const dir = library();
    const r = rehearse(["check", join(dir, "typo.mdx"), "--format", "github"]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(
      `::error file=${join(dir, "typo.mdx")},line=9,col=9,endLine=9,endColumn=18,title=rehearse unknown-target::Unexpected target \`herd\`, expected \`heard\` (did you mean \`heard\`?)`,
    );
    expect(lines.at(-1)).toMatch(/^::warning file=.*,title=rehearse missing-feedback::/);
  });

  it("--format sarif writes a SARIF 2.1.0 log", () => {
    const dir = library();
    const r = rehearse(["check", join(dir, "typo.mdx"), "--format", "sarif"]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe("rehearse");
    expect(run.results.map((x: { ruleId: string; level: string }) => `${x.level} ${x.ruleId}`)).toEqual([
      "error unknown-target",
      "error unknown-principle",
      "warning missing-feedback",
    ]);
    const first = run.results[0];
    expect(first.locations[0].physicalLocation.region).toEqual({
      startLine: 9,
      startColumn: 9,
      endLine: 9,
      endColumn: 18,
    });
    expect(run.tool.driver.rules[first.ruleIndex].id).toBe("unknown-target");
  });

  it("keeps --format json as it was", () => {
    const dir = library();
    const json = JSON.parse(rehearse(["check", join(dir, "typo.mdx"), "--format", "json"]).stdout);
    expect(Object.keys(json)).toEqual([
      "files",
      "errors",
      "warnings",
      "missing",
      "skipped",
      "diagnostics",
      "truncated",
    ]);
    expect(json.diagnostics[0]).toMatchObject({ rule: "unknown-target", line: 9, column: 9 });
  });
});
