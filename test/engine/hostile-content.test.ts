/**
 * Hostile content (issue 14, items 3, 5, 6, 7, 11 and 12): what a careless or
 * malicious author can write, one small file each under test/fixtures/hostile/.
 * Each case is checked in the engine and through the built `rehearse` binary
 * (beforeAll bundles it, as `npm test` does before the suites).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { styles } from "../../cli/io.ts";
import { tableToLines } from "../../cli/render/text.ts";
import { analyzeScenario } from "../../engine/analyze.ts";
import { compileCode } from "../../engine/compile/compile-code.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import { readDraft } from "../../engine/compile/draft.ts";
import { parseMdx } from "../../engine/compile/parse.ts";
import { plainText } from "../../engine/compile/prose.ts";
import { toDot, toMermaid } from "../../engine/graph.ts";
import { forTrainee, isSafeUrl, isUrlName, openingOnly, safeUrl, urlScheme } from "../../engine/library.ts";
import type { Code, Scenario } from "../../engine/model.ts";
import { profileOf } from "../../engine/profile.ts";
import { parseRunRecord } from "../../engine/record.ts";
import { createSession, restoreSession } from "../../engine/session.ts";
import { buildCli } from "../../scripts/build-cli.mjs";
import { rehearse } from "../cli/run-cli.ts";
import { fixture, fixtureCode, readFixture } from "./helpers.ts";

const CODE = ["--code", "test/fixtures/code.mdx"];
const hostile = (name: string) => `test/fixtures/hostile/${name}.mdx`;
const compile = (name: string, code: Code = fixtureCode(), file = `${name}.mdx`) =>
  compileScenario(readFixture(`hostile/${name}.mdx`), file, code);
const rules = (name: string) => compile(name).diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`);

/** The newest modification time of the files under a folder. */
function newest(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((e) =>
      e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
    ),
  );
}

// `npm test` bundles the CLI before the suites; run alone after an edit, this file bundles it again
// (never while the bundle is fresh: the CLI suite may be running it at that moment).
beforeAll(async () => {
  const bundle = fixture("../../build/cli/rehearse.js");
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  if (built < Math.max(newest(fixture("../../engine")), newest(fixture("../../cli")))) await buildCli({ quiet: true });
}, 60_000);

describe("facilitator notes and conditions inside inline Markdown", () => {
  const cases = [
    ["note-in-emphasis", "7:11 inline-component", "SECRET-emphasis"],
    ["note-in-heading", "7:11 inline-component", "SECRET-heading"],
    ["note-in-link", "7:7 inline-component", "SECRET-link"],
    ["note-in-strikethrough", "7:10 inline-component", "SECRET-strike"],
    ["note-in-table", "9:12 inline-component", "SECRET-table"],
    ["when-in-strong", "7:3 inline-component", "SECRET-when"],
    ["note-in-line", "7:32 unknown-component", "SECRET-line"],
    ["note-in-footnote", "9:22 inline-component", "SECRET-footnote"],
  ] as const;

  for (const [name, diagnostic, secret] of cases) {
    it(`${name}: check reports it at its place, and no scenario is produced`, () => {
      const result = compile(name);
      expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual([diagnostic]);
      expect(result.value).toBeUndefined();
    });

    it(`${name}: the component's text is never flattened into the prose`, () => {
      const tree = parseMdx(readFixture(`hostile/${name}.mdx`), name).tree;
      if (!tree) throw new Error("expected a tree");
      const draft = readDraft(tree);
      const text = draft.nodes.map((n) => plainText(n.body)).join("\n");
      expect(text).not.toContain(secret);
      expect(JSON.stringify(draft.nodes.map((n) => n.body))).not.toContain(secret);
    });
  }

  it("note-in-image-alt: a component in an image's alt text is rejected (the parser flattens it into the alt)", () => {
    const result = compile("note-in-image-alt");
    // The image is also on another site, which the site's CSP would block (a warning of its own).
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual([
      "7:1 inline-component",
      "7:1 remote-image",
    ]);
    expect(result.value).toBeUndefined();
  });

  it("note-in-choice: notes in a choice's text or feedback are rejected", () => {
    expect(rules("note-in-choice")).toEqual(["10:8 unknown-component", "11:29 unknown-component"]);
  });

  it("rehearse check exits 1 naming the rule and place, and play refuses the file", () => {
    const checked = rehearse(["check", hostile("note-in-emphasis"), ...CODE]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain("note-in-emphasis.mdx:7:11");
    expect(checked.stdout).toContain("error[inline-component]");
    const played = rehearse(["play", hostile("note-in-emphasis"), ...CODE, "--script", "1"]);
    expect(played.code).toBe(1);
    expect(played.stdout + played.stderr).not.toContain("SECRET");
  });
});

describe("notes in every place a note may stand", () => {
  const result = compile("notes-everywhere");
  const scenario = result.value as Scenario;
  const secrets = readFixture("hostile/notes-everywhere.mdx").match(/SECRET-[a-z-]+/g) ?? [];

  it("compiles clean, with every note in the author's copy (so the checks below can fail)", () => {
    expect(result.diagnostics).toEqual([]);
    expect(secrets).toHaveLength(9);
    const json = JSON.stringify(scenario);
    for (const secret of secrets) expect(json).toContain(secret);
  });

  it("forTrainee and the opening-only page copy hold no note", () => {
    const trainee = JSON.stringify(forTrainee(scenario));
    expect(trainee).toContain("VISIBLE-end");
    expect(trainee).not.toContain("SECRET");
    expect(JSON.stringify(openingOnly(forTrainee(scenario)))).not.toContain("SECRET");
  });

  it("play --script without --reveal shows the prose and never a note, in text or JSON; --reveal shows them", () => {
    for (const script of ["1,1", "2,1"]) {
      const text = rehearse(["play", hostile("notes-everywhere"), ...CODE, "--script", script]);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain("VISIBLE-middle");
      expect(text.stdout).toContain("VISIBLE-end");
      expect(text.stdout).not.toContain("SECRET");
      const json = rehearse(["play", hostile("notes-everywhere"), ...CODE, "--script", script, "--json"]);
      expect(json.code).toBe(0);
      expect(json.stdout).not.toContain("SECRET");
    }
    const revealed = rehearse(["play", hostile("notes-everywhere"), ...CODE, "--script", "1,1", "--reveal"]);
    expect(revealed.stdout).toContain("SECRET-scene-body");
    expect(revealed.stdout).toContain("SECRET-ending-when");
  });
});

describe("links and images that would run code", () => {
  const cases = [
    ["link-tab-javascript", "7:1", "javascript"],
    ["link-newline-javascript", "7:1", "javascript"],
    ["link-angle-spaces", "7:1", "javascript"],
    ["image-tab-data", "7:1", "data"],
    ["link-definition-javascript", "9:1", "javascript"],
  ] as const;

  for (const [name, place, scheme] of cases) {
    it(`${name}: check reports an unsafe ${scheme}: address`, () => {
      const result = compile(name);
      expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual([`${place} unsafe-url`]);
      expect(result.diagnostics[0]?.message).toContain(`\`${scheme}:\``);
    });
  }

  it("check judges the scheme after entities, escapes, controls and spaces", () => {
    for (const url of [
      "java\tscript:alert(1)",
      "  javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "java&#9;script:alert(1)",
      "java&#x09;script:alert(1)",
      "java&Tab;script:alert(1)",
      "javascript&colon;alert(1)",
      "java&amp;#9;script:alert(1)",
      "java%09script:alert(1)",
      "vbscript:msgbox(1)",
    ]) {
      expect({ url, safe: isSafeUrl(url) }).toEqual({ url, safe: false });
    }
    expect(urlScheme("  JAVA\tSCRIPT:x")).toBe("javascript");
    expect(urlScheme("/relative:path")).toBeUndefined();
  });

  it("the players render an address a browser would read as script or data as an inert #", () => {
    for (const url of [
      "java\tscript:alert(1)",
      "java\nscript:alert(1)",
      "java\r\nscript:alert(1)",
      "  javascript:alert(1)",
      "\u0001javascript:alert(1)",
      "java\u200bscript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "da\tta:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
    ]) {
      expect({ url, rendered: safeUrl(url) }).toEqual({ url, rendered: "#" });
    }
    for (const url of [
      "https://example.org/a?b#c",
      "http://x.test",
      "mailto:a@example.org",
      "/code/",
      "../x",
      "#top",
    ]) {
      expect({ url, rendered: safeUrl(url), safe: isSafeUrl(url) }).toEqual({ url, rendered: url, safe: true });
    }
  });
});

describe("graph output from hostile titles", () => {
  const result = compile("graph-title-newline");
  const scenario = result.value as Scenario;
  // Every line Mermaid reads must be one of the statements rehearse writes.
  const MERMAID_LINE =
    /^(%% .*|flowchart TD| {2}n\d+\["[^"\n]*"\](:::\w+)?| {2}n\d+\(\["[^"\n]*"\]\)(:::\w+)?| {2}n\d+ -->\|"[^"\n]*"\| n\d+| {2}classDef \w+ fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6})$/;

  it("compiles (a title may hold a newline, quotes, backslashes, markup and %%)", () => {
    expect(result.diagnostics).toEqual([]);
    expect(scenario.title).toContain("\nclick n0 href");
  });

  it("Mermaid: no injected statement, no directive, every label a single quoted line", () => {
    const lines = toMermaid(scenario, fixtureCode()).trimEnd().split("\n");
    for (const line of lines) expect(line).toMatch(MERMAID_LINE);
    expect(lines.filter((l) => /^\s*click\b/.test(l))).toEqual([]);
    expect(lines.join("\n")).not.toContain("%%{");
    expect(lines).toContain('  n1(["Done click n0 call alert()"]):::positive');
  });

  it("DOT: Graphviz parses it, with exactly the scenario's nodes and edges", () => {
    const dot = toDot(scenario, fixtureCode());
    expect(dot.split("\n").filter((l) => /^\s*click\b/.test(l))).toEqual([]);
    const canon = spawnSync("dot", ["-Tcanon"], { input: dot, encoding: "utf8" });
    expect({ status: canon.status, stderr: canon.stderr }).toEqual({ status: 0, stderr: "" });
    const json = spawnSync("dot", ["-Tjson0"], { input: dot, encoding: "utf8" });
    const graph = JSON.parse(json.stdout) as { objects: { name: string; label: string }[]; edges: unknown[] };
    expect(graph.objects.map((o) => o.name)).toEqual(["start", "end"]);
    expect(graph.edges).toHaveLength(1);
    // Drawn as written: `\N` is not replaced by the node's name, the markup is text.
    const svg = spawnSync("dot", ["-Tsvg"], { input: dot, encoding: "utf8" }).stdout;
    expect(svg).toContain(">Start: A &quot;quoted&quot; title\\ with \\N &lt;b&gt;bold&lt;/b&gt; | pipe # hash</text>");
    expect(svg).toContain(">Done click n0 call alert()</text>");
  });

  it("rehearse graph prints the same safe lines", () => {
    const mermaid = rehearse(["graph", hostile("graph-title-newline"), ...CODE]);
    expect(mermaid.code).toBe(0);
    for (const line of mermaid.stdout.trimEnd().split("\n")) expect(line).toMatch(MERMAID_LINE);
    const dot = rehearse(["graph", hostile("graph-title-newline"), ...CODE, "--format", "dot"]);
    const parsed = spawnSync("dot", ["-Tsvg", "-o", "/dev/null"], { input: dot.stdout, encoding: "utf8" });
    expect({ status: parsed.status, stderr: parsed.stderr }).toEqual({ status: 0, stderr: "" });
  });
});

describe("names a plain object inherits (constructor, toString, valueOf, hasOwnProperty, __proto__)", () => {
  const code = compileCode(readFixture("hostile/proto-code.mdx"), "proto-code.mdx");
  const result = compile("proto-principles", code.value as Code);
  const scenario = result.value as Scenario;

  it("as principle and scene ids: compiles clean", () => {
    expect(code.diagnostics).toEqual([]);
    expect(result.diagnostics).toEqual([]);
    expect(scenario.principles).toEqual(["constructor", "toString", "valueOf", "hasOwnProperty"]);
  });

  it("as principle ids: exact score ranges", () => {
    expect(analyzeScenario(scenario).range).toEqual({
      constructor: { min: 0, max: 2 },
      toString: { min: -1, max: 0 },
      valueOf: { min: -1, max: 1 },
      hasOwnProperty: { min: -2, max: 3 },
    });
  });

  it("as principle ids: a run's debrief and record hold numbers, never inherited functions", () => {
    const session = createSession(scenario, { analysis: analyzeScenario(scenario) });
    session.choose(2); // Start with the agenda (valueOf +1)
    session.continue();
    session.choose(2); // Move on quickly (hasOwnProperty -2, valueOf -1)
    session.continue();
    const debrief = session.debrief();
    expect(debrief.principles.map((p) => [p.id, p.raw, p.min, p.max])).toEqual([
      ["constructor", 0, 0, 2],
      ["toString", 0, -1, 0],
      ["valueOf", 0, -1, 1],
      ["hasOwnProperty", -2, -2, 3],
    ]);
    for (const p of debrief.principles) expect(p.percent === null || typeof p.percent === "number").toBe(true);
    const record = session.save();
    expect(Object.values(record.scores).every((v) => typeof v === "number")).toBe(true);
    expect(JSON.stringify(record)).not.toContain("function");
    // Choice ids `constructor` and `valueOf` name the steps, and the record restores to the same place.
    expect(record.steps.map((s) => s.choice)).toEqual(["valueOf", expect.any(String)]);
    const restored = restoreSession(scenario, JSON.parse(JSON.stringify(record)), {
      analysis: analyzeScenario(scenario),
    });
    expect(restored.ok && restored.session.debrief().principles.map((p) => p.raw)).toEqual([0, 0, 0, -2]);
  });

  it("as flag names: <When if> and <When unless> honour flags named __proto__ and constructor", () => {
    const play = (script: string) =>
      rehearse(["play", hostile("proto-principles"), "--code", hostile("proto-code"), "--script", script]).stdout;
    const checkedIn = play("1,1");
    expect(checkedIn).toContain("The check-in gave them the opening to say it.");
    expect(checkedIn).not.toContain("They say it quietly");
    const agenda = play("2,1");
    expect(agenda).toContain("They say it quietly");
    expect(agenda).not.toContain("The check-in gave them the opening");
  });

  it("as frontmatter keys: unknown fields, not an internal error", () => {
    expect(rules("frontmatter-proto")).toEqual(["4:1 frontmatter", "5:1 frontmatter", "6:1 frontmatter"]);
    expect(
      compile("frontmatter-proto")
        .diagnostics.map((d) => d.message)
        .join("\n"),
    ).not.toMatch(/internal/i);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("as score keys: unknown principles, not a prototype", () => {
    // Each bad key is placed at itself.
    expect(rules("scores-proto")).toEqual(["9:28 score-range", "9:28 unknown-principle", "9:55 unknown-principle"]);
  });

  it("as component names: unknown components, not an internal error", () => {
    expect(rules("component-proto")).toEqual(["9:1 unknown-component", "11:1 unknown-component"]);
  });

  it("as keys of an imported run: a record for scenario constructor reads, and the profile stays numeric", () => {
    // `__proto__` is not a scenario id at all (ids are URL names: a letter or digit first).
    expect(parseRunRecord({ schema: "rehearse.run/2", scenario: "__proto__" }).ok).toBe(false);
    const parsed = parseRunRecord(
      JSON.stringify({
        schema: "rehearse.run/1",
        scenario: "constructor",
        scenarioHash: "x",
        startedAt: "2026-01-01T00:00:00.000Z",
        finishedAt: "2026-01-01T00:10:00.000Z",
        steps: [],
        ending: "constructor",
        scores: { constructor: 1, __proto__: { polluted: 1 } },
        percent: { toString: 50 },
        flags: [],
      }),
    );
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.record.scenario).toBe("constructor");
    const profile = profileOf(["constructor", "toString", "valueOf"], [parsed.record]);
    for (const row of profile) expect(JSON.stringify(row)).not.toContain("function");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("on the command line: stats prints the ranges, and `rehearse constructor` is an unknown command", () => {
    const stats = rehearse(["stats", hostile("proto-principles"), "--code", hostile("proto-code"), "--json"]);
    expect(stats.code).toBe(0);
    expect(JSON.parse(stats.stdout).range.constructor).toEqual({ min: 0, max: 2 });
    const unknown = rehearse(["constructor"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "constructor"');
  });
});

describe("names that become web addresses", () => {
  it("an audience that climbs out of its folder is an invalid-name error", () => {
    expect(rules("audience-traversal")).toEqual(["4:1 invalid-name"]);
  });

  it("file names the site cannot serve are invalid-name errors; ordinary ones pass", () => {
    const source = readFixture("hostile/table.mdx");
    for (const file of ["...mdx", "a#b.mdx", "a?b.mdx", "a b.mdx", "-x.mdx", "%2e%2e.mdx"]) {
      const result = compileScenario(source, file, fixtureCode());
      expect({ file, rules: result.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`) }).toEqual({
        file,
        rules: ["1:1 invalid-name"],
      });
    }
    expect(compileScenario(source, "good_name-2.mdx", fixtureCode()).diagnostics).toEqual([]);
    expect(["...", "a#b", "a?b", "../x", "all-right"].map(isUrlName)).toEqual([false, false, false, false, true]);
  });

  it("rehearse check names each such file and exits 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-names-"));
    try {
      copyFileSync(fixture("code.mdx"), join(dir, "code.mdx"));
      for (const name of ["...mdx", "a#b.mdx", "a?b.mdx"]) copyFileSync(fixture("hostile/table.mdx"), join(dir, name));
      const r = rehearse(["check", dir]);
      expect(r.code).toBe(1);
      for (const name of ["...mdx", "a#b.mdx", "a?b.mdx"]) expect(r.stdout).toContain(`${name}:1:1`);
      expect(r.stdout.match(/error\[invalid-name\]/g)).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("content that used to disappear", () => {
  it("prose outside any scene is a warning at its place", () => {
    const result = compile("prose-outside-scene");
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`)).toEqual([
      "6:1 warning prose-outside-scene",
    ]);
    expect(result.value).toBeDefined();
  });

  it("a GFM table in a scene is a table block, header first, aligned, cells as inline text", () => {
    const scenario = compile("table").value as Scenario;
    const table = scenario.scenes[0]?.body.find((b) => b.type === "table");
    expect(table).toEqual({
      type: "table",
      align: ["left", "center", "right"],
      rows: [
        [[{ type: "text", value: "Rule" }], [{ type: "text", value: "Why" }], [{ type: "text", value: "Who" }]],
        [
          [{ type: "text", value: "What is said here stays here" }],
          [{ type: "emphasis", children: [{ type: "text", value: "Trust" }] }],
          [{ type: "text", value: "everyone" }],
        ],
        [
          [{ type: "text", value: "One voice at a time" }],
          [{ type: "text", value: "Respect" }],
          [{ type: "text", value: "the facilitator" }],
        ],
      ],
    });
  });

  it("in a narrow terminal, or in colour, each row reads as header: value lines, aligned by visible width", () => {
    const scenario = compile("table").value as Scenario;
    const table = scenario.scenes[0]?.body.find((b) => b.type === "table");
    if (table?.type !== "table") throw new Error("expected a table");
    expect(tableToLines(table, { width: 40, styles: styles(false), notes: false })).toEqual([
      "Rule: What is said here stays here",
      "Why: Trust",
      "Who: everyone",
      "",
      "Rule: One voice at a time",
      "Why: Respect",
      "Who: the facilitator",
    ]);
    const coloured = tableToLines(table, { width: 80, styles: styles(true), notes: false });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing the colour codes is the point
    const plain = coloured.map((line) => line.replace(/\u001b\[[0-9;]*m/g, ""));
    expect(coloured.join("")).toContain("\u001b[1m");
    expect(plain).toEqual([
      "Rule                         │   Why   │             Who",
      "─────────────────────────────┼─────────┼────────────────",
      "What is said here stays here │  Trust  │        everyone",
      "One voice at a time          │ Respect │ the facilitator",
    ]);
  });

  it("the terminal shows the table in aligned columns", () => {
    const r = rehearse(["play", hostile("table"), ...CODE, "--script", "1"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Rule                         │   Why   │             Who");
    expect(r.stdout).toContain("What is said here stays here │  Trust  │        everyone");
    expect(r.stdout).toContain("One voice at a time          │ Respect │ the facilitator");
  });
});
