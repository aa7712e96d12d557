import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeScenario } from "../../engine/analyze.ts";
import { HEAVY_THEMES } from "../../engine/check/rules/missing-content-note.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import { compileSupport } from "../../engine/compile/compile-support.ts";
import { plainText } from "../../engine/compile/prose.ts";
import { forTrainee, openingOnly } from "../../engine/library.ts";
import { loadLibrary } from "../../engine/load.ts";
import { createSession } from "../../engine/session.ts";
import { fixtureCode, readFixture, valid } from "./helpers.ts";

const rules = (source: string) =>
  compileScenario(source, "test.mdx", fixtureCode()).diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`);

describe("<Reflect>", () => {
  const scenario = valid(readFixture("valid/reflect.mdx"));
  const start = scenario.scenes.find((s) => s.id === "start");
  const ending = scenario.endings.find((e) => e.id === "end");

  it("is read into its scene and its ending, apart from the prose", () => {
    expect(plainText(start?.reflect ?? [])).toBe("What makes a direct question about suicide hard for you to ask?");
    expect(plainText(ending?.reflect ?? [])).toBe(
      "Who would you call first, in your own group, if this happened tomorrow?",
    );
    expect(plainText(start?.body ?? [])).toBe("He tells you about the weekend ahead.");
    expect(plainText(ending?.body ?? [])).not.toContain("Who would you call");
    // A scene without one has none, so the players show nothing there.
    expect(scenario.scenes.find((s) => s.id === "call")?.reflect).toBeUndefined();
  });

  it("keeps its emphasis", () => {
    const paragraph = start?.reflect?.[0];
    expect(paragraph?.type === "paragraph" && paragraph.children.some((i) => i.type === "emphasis")).toBe(true);
  });

  it("reaches the trainee's copy (unlike a note), and the page's opening only for the first scene", () => {
    const trainee = forTrainee(scenario);
    expect(trainee.endings[0]?.reflect).toEqual(ending?.reflect);
    expect(JSON.stringify(trainee)).not.toContain("Ask the room");
    const opening = openingOnly(trainee);
    expect(opening.scenes.find((s) => s.id === "start")?.reflect).toEqual(start?.reflect);
    expect(opening.endings[0]?.reflect).toEqual([]);
  });

  it("is there for the session: the scene's after a choice, the ending's at the end", () => {
    const session = createSession(scenario, { analysis: analyzeScenario(scenario) });
    session.choose(1);
    expect(plainText(session.view().last?.scene.reflect ?? [])).toContain("hard for you to ask");
    session.continue();
    session.choose(1);
    session.continue();
    const view = session.view();
    expect(view.phase).toBe("ended");
    expect(view.node.kind === "ending" && plainText(view.node.reflect ?? [])).toContain("Who would you call first");
  });

  it("stands only in a scene or an ending, and holds prose only", () => {
    const base = readFixture("valid/reflect.mdx");
    const inChoice = base.replace("<Feedback>He stays part", "<Reflect>Why?</Reflect>\n<Feedback>He stays part");
    expect(rules(inChoice)).toEqual(["31:1 unknown-component"]);
    const withNote = base.replace("Who would you call first", "<Note>For the lead.</Note>\n\nWho would you call first");
    expect(rules(withNote)).toEqual(["41:1 unknown-component"]);
    expect(rules(base.replace("<Reflect>\nWhat", '<Reflect who="x">\nWhat'))).toEqual(["21:10 invalid-attribute"]);
  });
});

describe("missing-content-note", () => {
  const base = readFixture("valid/reflect.mdx");
  it("asks for a content note when a tag names a heavy theme, whatever its case", () => {
    const without = base.replace(/^contentNote:.*\n/m, "");
    expect(rules(without)).toEqual(["4:1 missing-content-note"]);
    expect(rules(without.replace("tags: [risk]", "tags: [online, Self-Harm]"))).toEqual(["4:1 missing-content-note"]);
    expect(rules(without.replace("tags: [risk]", "tags: [online, faith]"))).toEqual([]);
    expect(rules(base)).toEqual([]);
  });

  it("names its themes in one list, each a valid tag", () => {
    for (const theme of ["risk", "self-harm", "suicide", "abuse", "domestic-abuse", "panic", "crisis", "safeguarding"])
      expect(HEAVY_THEMES).toContain(theme);
    for (const theme of HEAVY_THEMES) expect(theme).toMatch(/^[a-z][a-z-]*$/);
  });
});

describe("the support page", () => {
  const filled = `---
title: Who to call
---

If you are in danger right now, use the first line.

<Contact id="emergency" name="In an emergency" reach="999 (or 112 from any mobile)">
When someone's life is in danger now.
</Contact>

<Contact id="after" name="After a hard session" reach="Sam, our coordinator: sam@example.org">
When a session has left you *shaken*.
</Contact>
`;

  it("compiles its contacts in order, with when, how and what for", () => {
    const result = compileSupport(filled, "support.mdx");
    expect(result.diagnostics).toEqual([]);
    expect(result.value?.title).toBe("Who to call");
    expect(result.value?.contacts.map((c) => [c.id, c.name, c.reach])).toEqual([
      ["emergency", "In an emergency", "999 (or 112 from any mobile)"],
      ["after", "After a hard session", "Sam, our coordinator: sam@example.org"],
    ]);
    expect(plainText(result.value?.contacts[1]?.body ?? [])).toBe("When a session has left you shaken.");
    expect(plainText(result.value?.intro ?? [])).toBe("If you are in danger right now, use the first line.");
    expect(result.value?.placeholders).toEqual([]);
  });

  it("lists the placeholders still in it and warns at each, and compiles all the same", () => {
    const blank = filled.replace("999 (or 112 from any mobile)", "[your local emergency number]");
    const result = compileSupport(blank, "support.mdx");
    expect(result.value?.placeholders).toEqual(["[your local emergency number]"]);
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`)).toEqual([
      "7:55 warning support-placeholder",
    ]);
    // A link is not a placeholder, and neither is the frontmatter.
    const linked = filled.replace("use the first line.", "read [your rights](https://example.org/rights).");
    expect(compileSupport(linked, "support.mdx").diagnostics).toEqual([]);
  });

  it("rejects what is not a contact, and a contact without its name or reach", () => {
    const wrong = `${filled}\n<Scene id="x">Hi</Scene>\n\n<Contact id="crisis" name="In a crisis">A line.</Contact>\n`;
    expect(compileSupport(wrong, "support.mdx").diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual([
      "15:1 unknown-component",
      "17:1 invalid-attribute",
    ]);
  });

  it("is compiled with the library and never taken for a scenario; the bundled one names no country's numbers", () => {
    const lib = loadLibrary("scenarios");
    expect(lib.scenarios.map((s) => s.file)).not.toContain("scenarios/support.mdx");
    const support = lib.support?.value;
    expect(support?.contacts.map((c) => c.id)).toEqual(["emergency", "crisis", "after", "everyday"]);
    expect(support?.contacts.every((c) => c.reach.startsWith("[your "))).toBe(true);
    // The only diagnostics are the placeholders a deploying group must fill in.
    expect(new Set(lib.support?.diagnostics.map((d) => d.rule))).toEqual(new Set(["support-placeholder"]));
    expect(JSON.stringify(support)).not.toMatch(/\b(999|911|112|116 ?123|000)\b/);
  });

  it("is absent when the folder has none", () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-support-"));
    writeFileSync(join(dir, "code.mdx"), readFixture("code.mdx"));
    writeFileSync(join(dir, "weekend.mdx"), readFixture("valid/reflect.mdx"));
    const lib = loadLibrary(dir);
    expect(lib.support).toBeUndefined();
    expect(lib.scenarios).toHaveLength(1);
  });
});
