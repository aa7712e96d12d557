import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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
        '  n0["Start: Saturday market"]:::start',
        '  n1["A quieter word"]',
        '  n4(["Trust kept"]):::positive',
        '  n5(["A quiet breach"]):::mixed',
        '  n0 -->|"1 · Confidentiality +2, Respect +1 · sets spoke-up"| n1',
        '  n3 -->|"1 · Respect +2 · [if spoke-up]"| n4',
        "  classDef positive fill:#d8f3dc,stroke:#2d6a4f",
        "  classDef start fill:#e7f5ff,stroke:#1c7ed6",
      ]),
    );
  });

  it("marks the start scene and the scenes and endings no run reaches, in Mermaid and DOT", () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-graph-"));
    copyFileSync(join(ROOT, "test/fixtures/code.mdx"), join(dir, "code.mdx"));
    const source = readFileSync(join(ROOT, "test/fixtures/valid/circle.mdx"), "utf8").replace(
      '<Ending id="silence"',
      '<Scene id="aside" title="A word afterwards">\nNobody links here.\n\n<Choice to="repair">Go home.<Feedback>Fine.</Feedback></Choice>\n</Scene>\n\n<Ending id="silence"',
    );
    writeFileSync(join(dir, "circle.mdx"), source);
    const args = [join(dir, "circle.mdx"), "--code", join(dir, "code.mdx")];
    const mermaid = rehearse(["graph", ...args]).stdout.split("\n");
    expect(mermaid).toContain('  n4["A word afterwards (unreachable)"]:::unreachable');
    expect(mermaid).toContain("  classDef unreachable fill:#f1f3f5,stroke:#868e96");
    expect(mermaid.filter((l) => l.includes(":::start"))).toEqual(['  n0["Start: Saturday market"]:::start']);
    const dot = rehearse(["graph", ...args, "--format", "dot"]).stdout;
    expect(dot).toContain('"market" [label="Start: Saturday market", peripheries=2, color="#1c7ed6"];');
    expect(dot).toContain(
      '"aside" [label="A word afterwards (unreachable)", style="rounded,dashed", color="#868e96", fontcolor="#868e96"];',
    );
    expect(dot).toContain('"market" -> "redirect" [label="1 · Confidentiality +2, Respect +1 · sets spoke-up"];');
  });

  it.skipIf(!hasDot)("prints DOT that Graphviz accepts", () => {
    const r = rehearse(["graph", ...FIXTURE, "--format", "dot"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"market" -> "redirect" [label="1 · Confidentiality +2, Respect +1 · sets spoke-up"];');
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

describe("rehearse stats", () => {
  it("names its decision points and says which are real trade-offs", () => {
    const r = rehearse(["stats", ...FIXTURE]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    const at = lines.indexOf("  Decision points");
    expect(lines.slice(at, at + 4)).toEqual([
      "  Decision points",
      "  Saturday market #market    the scores settle it",
      "  The rest of it #listen     real trade-off",
      "  Thursday circle #thursday  the scores settle it",
    ]);
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
      "summary",
      "contentNote",
      "minutes",
      "audience",
      "principles",
      "scenes",
      "endings",
    ]);
    expect(chair.scenes).toBeGreaterThanOrEqual(10);
    expect(chair.contentNote).toMatch(/anxiety/);
  });

  it("shows each scenario's summary and content note under its title", () => {
    const r = rehearse(["list", "--dir", "test/fixtures/valid", "--code", "test/fixtures/code.mdx"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    const at = lines.indexOf("What stays in the circle  circle");
    expect(lines.slice(at, at + 3)).toEqual([
      "What stays in the circle  circle",
      "  A member retells another member's story at the weekend market.",
      "  Content note: Mentions homelessness.",
    ]);
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

  it("in a folder without a code, creates the default one with a note, and its Next: commands carry every option", () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-new-"));
    const made = rehearse(["new", "late-again", "--dir", dir]);
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`wrote ${join(dir, "code.mdx")}, the default code of ethics: edit it`);
    expect(readFileSync(join(dir, "code.mdx"), "utf8")).toBe(readFileSync(join(ROOT, "scenarios/code.mdx"), "utf8"));
    expect(made.stdout).toContain(`rehearse play late-again --dir ${dir}\n`);
    expect(rehearse(["check", dir]).code).toBe(0);
    const code = join(dir, "code.mdx");
    const other = mkdtempSync(join(tmpdir(), "rehearse-new-"));
    const withCode = rehearse(["new", "second", "--dir", other, "--code", code]);
    expect(withCode.code).toBe(0);
    expect(withCode.stdout).toContain(`rehearse check ${join(other, "second.mdx")} --code ${code}\n`);
    expect(withCode.stdout).not.toContain("default code");
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
