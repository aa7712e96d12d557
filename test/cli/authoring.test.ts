import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, rehearse } from "./run-cli.ts";

const FIXTURE = ["test/fixtures/valid/circle.mdx", "--code", "test/fixtures/code.mdx"];
const hasDot = spawnSync("dot", ["-V"]).status === 0;

describe("rehearse graph", () => {
  it("prints Mermaid with scenes, tone-styled endings and labelled edges", () => {
    const r = rehearse(["graph", ...FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toEqual(
      expect.arrayContaining([
        "flowchart TD",
        '  n0["Saturday market"]',
        '  n4(["Trust kept"]):::positive',
        '  n5(["A quiet breach"]):::mixed',
        '  n0 -->|"1 · Confidentiality +2, Respect +1"| n1',
        '  n3 -->|"1 · Respect +2 · [if spoke-up]"| n4',
        "  classDef positive fill:#d8f3dc,stroke:#2d6a4f",
      ]),
    );
  });

  it.skipIf(!hasDot)("prints DOT that Graphviz accepts", () => {
    const r = rehearse(["graph", ...FIXTURE, "--format", "dot"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"market" -> "redirect" [label="1 · Confidentiality +2, Respect +1"];');
    const dot = spawnSync("dot", ["-Tsvg"], { input: r.stdout, encoding: "utf8" });
    expect(dot.stderr).toBe("");
    expect(dot.status).toBe(0);
    expect(dot.stdout).toContain("<svg");
    expect(dot.stdout).toContain("Trust kept");
  });

  it.skipIf(!hasDot)("gives Graphviz-valid DOT for every bundled scenario", () => {
    for (const id of JSON.parse(rehearse(["list", "--json"]).stdout).map((s: { id: string }) => s.id)) {
      const r = rehearse(["graph", id, "--format", "dot"]);
      const dot = spawnSync("dot", ["-Tsvg", "-o", "/dev/null"], { input: r.stdout, encoding: "utf8" });
      expect({ id, status: dot.status, stderr: dot.stderr }).toEqual({ id, status: 0, stderr: "" });
    }
  });

  it("rejects an unknown format", () => {
    const r = rehearse(["graph", ...FIXTURE, "--format", "svg"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format takes mermaid or dot, not "svg"');
  });
});

describe("rehearse list", () => {
  it("lists the library as JSON with title, minutes, audience, principles, scenes and endings", () => {
    const r = rehearse(["list", "--json"]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list.length).toBeGreaterThanOrEqual(12);
    const chair = list.find((s: { id: string }) => s.id === "the-empty-chair");
    expect(Object.keys(chair)).toEqual([
      "id",
      "file",
      "title",
      "minutes",
      "audience",
      "principles",
      "scenes",
      "endings",
    ]);
    expect(chair.scenes).toBeGreaterThanOrEqual(10);
  });
});

describe("rehearse new", () => {
  it("writes a template that check accepts with no diagnostics, and refuses to overwrite", () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-new-"));
    copyFileSync(join(ROOT, "scenarios/code.mdx"), join(dir, "code.mdx"));
    const made = rehearse(["new", "late-again", "--dir", dir]);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain("wrote");
    const check = rehearse(["check", join(dir, "late-again.mdx")]);
    expect(check.stdout).toBe("✓ 0 errors, 0 warnings in 2 files\n");
    expect(check.code).toBe(0);
    const before = readFileSync(join(dir, "late-again.mdx"), "utf8");
    const again = rehearse(["new", "late-again", "--dir", dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already exists");
    expect(readFileSync(join(dir, "late-again.mdx"), "utf8")).toBe(before);
  });

  it("refuses an id that is not lowercase-with-dashes", () => {
    const r = rehearse(["new", "Late Again"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not a scenario id");
  });
});

describe("rehearse --help", () => {
  it("lists every command, and each command has help with examples", () => {
    const r = rehearse(["--help"]);
    expect(r.code).toBe(0);
    for (const command of ["check", "stats", "play", "preview", "graph", "list", "new"]) {
      expect(r.stdout).toContain(`  ${command} `);
      const help = rehearse([command, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: rehearse ${command}`);
      expect(help.stdout).toContain("Examples:");
    }
  });

  it("is a usage error without a command", () => {
    expect(rehearse([]).code).toBe(2);
  });
});
