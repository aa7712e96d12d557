import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import { readScenario } from "../../engine/load.ts";
import { fixtureCode } from "./helpers.ts";

// Issue #12 §6, §7 and §9: one mistake, one diagnostic, in rehearse's words, at its cause.

const FRONT = "---\ntitle: T\nsummary: S\n---\n\n";
const ENDING = '<Ending id="end" tone="positive">\nIt ends.\n</Ending>\n';
const choice = (attributes: string, feedback = "<Feedback>Because.</Feedback>\n") =>
  `<Choice ${attributes}>\nGo on.\n${feedback}</Choice>\n`;

const compile = (source: string) => compileScenario(source, "x.mdx", fixtureCode());
const found = (source: string) => compile(source).diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`);

describe("one mistake, one diagnostic", () => {
  it("an empty file is one frontmatter error, not a missing scene or ending", () => {
    const { diagnostics } = compile("");
    expect(diagnostics.map((d) => [d.rule, d.message])).toEqual([
      ["frontmatter", "Unexpected empty file, expected a `---` frontmatter block, then the content"],
    ]);
  });

  it("an id with a letter outside ASCII is invalid-name, with the ASCII spelling to write", () => {
    const { diagnostics } = compile(
      `${FRONT}<Scene id="café">\nHi.\n\n${choice('to="end" scores={{ respect: 1 }}')}</Scene>\n\n${ENDING}`,
    );
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ rule: "invalid-name", line: 6, column: 8, help: "write `cafe`" });
    expect(diagnostics[0]?.message).toContain("ASCII letters");
  });

  it('to={"end"} is one invalid-attribute error: no "without to", no unreachable ending', () => {
    expect(
      found(`${FRONT}<Scene id="a">\nHi.\n\n${choice('to={"end"} scores={{ respect: 1 }}')}</Scene>\n\n${ENDING}`),
    ).toEqual(["9:9 invalid-attribute"]);
  });

  it("a duplicate id does not also make a scene unreachable", () => {
    const scene = (id: string, to: string) =>
      `<Scene id="${id}">\nHi.\n\n${choice(`to="${to}" scores={{ respect: 1 }}`)}</Scene>\n\n`;
    expect(found(`${FRONT}${scene("a", "b")}${scene("b", "end")}${scene("b", "end")}${ENDING}`)).toEqual([
      "24:8 duplicate-id",
    ]);
  });

  it("a scenario without an ending is one no-ending error, not a trap per scene", () => {
    const scene = (id: string, to: string) =>
      `<Scene id="${id}">\nHi.\n\n${choice(`to="${to}" scores={{ respect: 1 }}`)}</Scene>\n\n`;
    const rules = compile(`${FRONT}${scene("a", "b")}${scene("b", "a")}`).diagnostics.map((d) => d.rule);
    expect(rules).toContain("no-ending");
    expect(rules).not.toContain("trap");
  });

  it("one trap region is one diagnostic naming its scenes", () => {
    const scene = (id: string, choices: string) => `<Scene id="${id}">\nHi.\n\n${choices}</Scene>\n\n`;
    const source = `${FRONT}${scene("a", choice('to="b" scores={{ respect: 1 }}') + choice('to="end" scores={{ respect: -1 }}'))}${scene("b", choice('to="c"'))}${scene("c", choice('to="b"'))}${ENDING}`;
    const traps = compile(source).diagnostics.filter((d) => d.rule === "trap");
    expect(traps.map((d) => d.message)).toEqual([
      "Unexpected trap: no ending can be reached from `b` or `c`, expected a path out to an `<Ending>`",
    ]);
  });

  it("onClick={…} is expression-not-allowed only, not also invalid-attribute", () => {
    expect(
      found(
        `${FRONT}<Scene id="a">\nHi.\n\n${choice('to="end" scores={{ respect: 1 }} onClick={go}')}</Scene>\n\n${ENDING}`,
      ),
    ).toEqual(["9:42 expression-not-allowed"]);
  });

  it("two bad keys in one scores are each placed at their key", () => {
    const { diagnostics } = compile(
      `${FRONT}<Scene id="a">\nHi.\n\n${choice('to="end" scores={{ respct: 1, honesty: 2 }}')}</Scene>\n\n${ENDING}`,
    );
    expect(diagnostics.map((d) => `${d.line}:${d.column}-${d.endColumn} ${d.rule} ${d.help ?? ""}`)).toEqual([
      "9:28-34 unknown-principle did you mean `respect`?",
      "9:39-46 unknown-principle ",
    ]);
  });

  it('a missing field reads "Missing field `title`"', () => {
    const { diagnostics } = compile(
      `---\nsummary: S\n---\n\n<Scene id="a">\nHi.\n\n${choice('to="end" scores={{ respect: 1 }}')}</Scene>\n\n${ENDING}`,
    );
    expect(diagnostics.map((d) => d.message)).toContain("Missing field `title`, expected it in the frontmatter");
  });

  it("a typo in a target suggests the id it is close to", () => {
    const { diagnostics } = compile(
      `${FRONT}<Scene id="a">\nHi.\n\n${choice('to="edn" scores={{ respect: 1 }}')}</Scene>\n\n${ENDING}`,
    );
    expect(diagnostics.filter((d) => d.rule === "unknown-target").map((d) => d.help)).toEqual(["did you mean `end`?"]);
  });
});

describe("syntax errors in rehearse's words", () => {
  it("keeps reading after the first error: three broken elements give three diagnostics, none in the parser's words", () => {
    const source = `${FRONT}<Scene id="a">\nHi.\n\n<Choice to="b" scores={{ respect: 1 }}>\nGo.\n<Feedback>Never closed.\n</Choice>\n</Scene>\n\n<Scene id="b">\nHi.\n\n${choice('to="c" scores={ respect: 1 }')}</Scene>\n\n<Scene id=c>\nHi.\n\n${choice('to="end" scores={{ respect: 1 }}')}</Scene>\n\n${ENDING}`;
    const { diagnostics, value } = compile(source);
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual([
      "11:1 unclosed-tag",
      "18:16 invalid-attribute",
      "24:1 mdx-syntax",
    ]);
    for (const d of diagnostics) {
      expect(d.message).toMatch(/^Unexpected .*expected/);
      expect(d.message).not.toMatch(/oxc|Could not parse|mdx-jsx|paragraph`/);
    }
    expect(diagnostics[0]?.message).toBe(
      "Unexpected `<Feedback>` that is never closed, expected `</Feedback>` before the end of its paragraph",
    );
    expect(diagnostics[1]?.help).toBe("an object takes two braces: `scores={{ respect: 1 }}`");
  });

  it("still runs the single-element rules on the elements that parse", () => {
    const source = `${FRONT}<Scene id="a">\nHi.\n\n<Choice to="b" scores={{ respect: 1 }}>\nGo.\n<Feedback>Never closed.\n</Choice>\n</Scene>\n\n<Scene id="b">\nHi.\n\n${choice('to="end" scores={{ respct: 1 }}')}</Scene>\n\n${ENDING}`;
    expect(found(source)).toEqual(["11:1 unclosed-tag", "18:28 unknown-principle"]);
  });

  it("a closing tag that does not match names the line its opening is on", () => {
    const { diagnostics } = compile(`${FRONT}<Scene id="a">\nHi.\n</Ending>\n`);
    expect(diagnostics.map((d) => [d.line, d.rule, d.message])).toEqual([
      [8, "unclosed-tag", "Unexpected `</Ending>`, expected `</Scene>` to close the `<Scene>` opened on line 6"],
    ]);
  });
});

describe("comments, images and encodings", () => {
  it("allows MDX comments anywhere and never shows them", () => {
    const result = compile(
      `${FRONT}{/* a note for authors */}\n\n<Scene id="a">\nHi {/* inline */} there.\n\n${choice('to="end" scores={{ respect: 1 }}')}</Scene>\n\n${ENDING}`,
    );
    expect(result.diagnostics).toEqual([]);
    expect(JSON.stringify(result.value)).not.toContain("inline");
  });

  it("still rejects an expression that is more than a comment", () => {
    expect(
      found(
        `${FRONT}<Scene id="a">\nHi {/* a */ x} there.\n\n${choice('to="end" scores={{ respect: 1 }}')}</Scene>\n\n${ENDING}`,
      ),
    ).toEqual(["7:4 expression-not-allowed"]);
  });

  it("warns about an image from another site", () => {
    const { diagnostics, value } = compile(
      `${FRONT}<Scene id="a">\n![A hall](https://example.org/hall.png)\n\n${choice('to="end" scores={{ respect: 1 }}')}</Scene>\n\n${ENDING}`,
    );
    expect(diagnostics.map((d) => [d.severity, d.rule])).toEqual([["warning", "remote-image"]]);
    expect(diagnostics[0]?.help).toContain("![A hall](/hall.png)");
    expect(value).toBeDefined();
  });

  const dir = mkdtempSync(join(tmpdir(), "rehearse-encoding-"));
  const utf8 = `${FRONT.replace("title: T", "title: Priyá")}<Scene id="a">\nHi.\n\n${choice('to="end" scores={{ respect: 1 }}')}</Scene>\n\n${ENDING}`;

  it("reads a Latin-1 file as one encoding diagnostic at the first letter that is not UTF-8", () => {
    const file = join(dir, "latin.mdx");
    writeFileSync(file, Buffer.from(utf8, "latin1"));
    const { diagnostics } = readScenario(file, fixtureCode());
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ rule: "encoding", line: 2, column: 12 });
    expect(diagnostics[0]?.message).toMatch(/^Unexpected Latin-1 .* expected UTF-8/);
  });

  it("reads a UTF-16 file as one encoding diagnostic", () => {
    const file = join(dir, "utf16.mdx");
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8, "utf16le")]));
    const { diagnostics } = readScenario(file, fixtureCode());
    expect(diagnostics.map((d) => [d.rule, d.line, d.column])).toEqual([["encoding", 1, 1]]);
    expect(diagnostics[0]?.message).toContain("UTF-16");
  });

  it("reads UTF-8 with or without a byte order mark", () => {
    const file = join(dir, "bom.mdx");
    writeFileSync(file, `\uFEFF${utf8}`);
    expect(readScenario(file, fixtureCode()).diagnostics).toEqual([]);
  });
});
