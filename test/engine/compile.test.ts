import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileCode } from "../../engine/compile/compile-code.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import { parseLiteral } from "../../engine/compile/literal.ts";
import { FRONTMATTER, fixtureCode, readFixture, valid } from "./helpers.ts";

describe("compileScenario", () => {
  it("compiles the design's example into plain data with the portable prose tree", () => {
    const scenario = valid(readFixture("valid/circle.mdx"), "scenarios/circle.mdx");
    expect(scenario.id).toBe("circle");
    expect(scenario.title).toBe("What stays in the circle");
    expect(scenario.audience).toEqual(["peer-support-group"]);
    expect(scenario.tags).toEqual(["confidentiality", "outside-the-group"]);
    expect(scenario.contentNote).toBe("Mentions homelessness.");
    expect(scenario.start).toBe("market");
    expect(scenario.principles).toEqual(["confidentiality", "respect", "safety"]);
    const market = scenario.scenes[0];
    expect(market?.body).toEqual([
      { type: "paragraph", children: [{ type: "text", value: "Dana waves you over to her stall." }] },
      {
        type: "line",
        who: "Dana",
        children: [{ type: "text", value: "Did you hear about Marcus? What he told us on Thursday…" }],
      },
      {
        type: "note",
        children: [
          {
            type: "paragraph",
            children: [{ type: "text", value: "Ask the room what they would feel in Marcus's place." }],
          },
        ],
      },
    ]);
    expect(market?.choices[0]).toMatchObject({
      index: 0,
      to: "redirect",
      scores: { confidentiality: 2, respect: 1 },
      set: ["spoke-up"],
      text: [
        {
          type: "paragraph",
          children: [
            { type: "text", value: "\"That's Marcus's story to tell. How are " },
            { type: "emphasis", children: [{ type: "text", value: "you" }] },
            { type: "text", value: ' doing?"' },
          ],
        },
      ],
      feedback: [
        {
          type: "paragraph",
          children: [{ type: "text", value: "You protect Marcus's privacy without shaming Dana in public." }],
        },
      ],
    });
    expect(JSON.parse(JSON.stringify(scenario))).toEqual(scenario);
  });

  it("reads <Feedback> the same with or without blank lines around it", () => {
    const body = (choice: string) =>
      `${FRONTMATTER}<Scene id="a">\nHello.\n\n${choice}\n</Scene>\n\n<Ending id="end" tone="positive">\nBye.\n</Ending>\n`;
    const tight = valid(body(`<Choice to="end" scores={{ respect: 1 }}>Go.<Feedback>Because.</Feedback></Choice>`));
    const lines = valid(
      body(`<Choice to="end" scores={{ respect: 1 }}>\nGo.\n<Feedback>Because.</Feedback>\n</Choice>`),
    );
    const spaced = valid(
      body(`<Choice to="end" scores={{ respect: 1 }}>\n\nGo.\n\n<Feedback>\n\nBecause.\n\n</Feedback>\n\n</Choice>`),
    );
    for (const s of [tight, lines, spaced]) {
      expect(s.scenes[0]?.choices[0]?.text).toEqual([
        { type: "paragraph", children: [{ type: "text", value: "Go." }] },
      ]);
      expect(s.scenes[0]?.choices[0]?.feedback).toEqual([
        { type: "paragraph", children: [{ type: "text", value: "Because." }] },
      ]);
    }
  });

  it("keeps lists, quotes, links and images with alt text", () => {
    const s = valid(
      `${FRONTMATTER}<Scene id="a">\n- one\n- **two**\n\n> a quote\n\nSee [the guide](https://example.org). ![Chairs in a circle](chairs.png)\n\n<Choice to="end" scores={{ respect: 1 }}>\nGo.\n<Feedback>Why.</Feedback>\n</Choice>\n</Scene>\n\n<Ending id="end" tone="positive">\nBye.\n</Ending>\n`,
    );
    const [list, quote, para] = s.scenes[0]?.body ?? [];
    expect(list).toEqual({
      type: "list",
      ordered: false,
      items: [
        [{ type: "paragraph", children: [{ type: "text", value: "one" }] }],
        [{ type: "paragraph", children: [{ type: "strong", children: [{ type: "text", value: "two" }] }] }],
      ],
    });
    expect(quote).toEqual({
      type: "quote",
      children: [{ type: "paragraph", children: [{ type: "text", value: "a quote" }] }],
    });
    expect(para).toMatchObject({
      type: "paragraph",
      children: [
        { type: "text", value: "See " },
        { type: "link", url: "https://example.org", children: [{ type: "text", value: "the guide" }] },
        { type: "text", value: ". " },
        { type: "image", url: "chairs.png", alt: "Chairs in a circle" },
      ],
    });
  });

  it("reports every problem, not only the first, and gives no value on errors", () => {
    const result = compileScenario(
      `${FRONTMATTER}<Scene id="a">\n<Choice to="nowhere" scores={{ respect: 9 }}>\nGo.\n</Choice>\n</Scene>\n\n<Scene id="a">\nAgain.\n\n<Choice to="a" scores={{ kindness: 1 }}>\nLoop.\n<Feedback>Why.</Feedback>\n</Choice>\n</Scene>\n`,
      "many.mdx",
      fixtureCode(),
    );
    expect(result.value).toBeUndefined();
    for (const rule of [
      "unknown-target",
      "score-range",
      "missing-feedback",
      "duplicate-id",
      "unknown-principle",
      "no-ending",
    ]) {
      expect(result.diagnostics.map((d) => d.rule)).toContain(rule);
    }
  });

  it("positions a syntax error at its cause, in rehearse's words", () => {
    const result = compileScenario(`${FRONTMATTER}<Scene id="a">\nHello </Choice>\n</Scene>\n`, "broken.mdx");
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      rule: "unclosed-tag",
      severity: "error",
      line: 7,
      message: "Unexpected `</Choice>`, expected `</Scene>` to close the `<Scene>` opened on line 6",
    });
  });

  it("changes the hash when the source changes", () => {
    const a = valid(readFixture("valid/circle.mdx"));
    const b = valid(readFixture("valid/circle.mdx").replace("Dana waves", "Dana beckons"));
    expect(a.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(a.hash).not.toBe(b.hash);
  });
});

describe("compileCode", () => {
  it("reads principles with name, summary and body, and the introduction", () => {
    const code = fixtureCode();
    expect(code.title).toBe("Fixture code");
    expect(code.principles.map((p) => [p.id, p.name, p.summary])).toEqual([
      ["confidentiality", "Confidentiality", "What is shared stays here."],
      ["respect", "Respect", "We listen without judging."],
      ["safety", "Safety", "We bring in help when it is needed."],
    ]);
    expect(code.intro).toEqual([
      { type: "paragraph", children: [{ type: "text", value: "A small code for the checker's fixtures." }] },
    ]);
  });

  it("reports a principle without id or name, and duplicates", () => {
    const result = compileCode(
      `---\ntitle: Code\n---\n\n<Principle name="A">\nText.\n</Principle>\n\n<Principle id="b">\nText.\n</Principle>\n\n<Principle id="b" name="B">\nText.\n</Principle>\n`,
      "code.mdx",
    );
    expect(result.value).toBeUndefined();
    expect(
      result.diagnostics.filter((d) => d.rule !== "missing-statement").map((d) => `${d.line}:${d.column} ${d.rule}`),
    ).toEqual(["5:1 missing-id", "9:1 invalid-attribute", "13:12 duplicate-id"]);
  });

  it("reads each principle's self-assessment statements, naming those without an id after their principle", () => {
    expect(fixtureCode().principles.map((p) => p.statements)).toEqual([
      [{ id: "confidentiality-limits", text: "I know where our confidentiality ends." }],
      [{ id: "respect-1", text: "I can listen without judging." }],
      [
        { id: "safety-1", text: "I know who to call when someone may be at risk." },
        { id: "safety-2", text: "I could ask someone directly if I were worried about them." },
      ],
    ]);
    const result = compileCode(
      `---\ntitle: Code\n---\n\n<Principle id="peer_work" name="Peer work">\nText.\n\n<Statement>\nI share *my own* story\nonly when it helps.\n</Statement>\n</Principle>\n`,
      "code.mdx",
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.value?.principles[0]?.statements).toEqual([
      { id: "peer-work-1", text: "I share my own story only when it helps." },
    ]);
    // The statements are the self-assessment, not part of the principle's text.
    expect(JSON.stringify(result.value?.principles[0]?.body)).not.toContain("my own");
  });

  it("gives every principle of the bundled code one to three statements, with ids unique across the code", () => {
    const code = compileCode(readFileSync("scenarios/code.mdx", "utf8"), "code.mdx");
    expect(code.diagnostics).toEqual([]);
    const ids = code.value?.principles.flatMap((p) => p.statements.map((s) => s.id)) ?? [];
    expect(code.value?.principles.map((p) => p.statements.length).every((n) => n >= 1 && n <= 3)).toBe(true);
    expect(code.value?.principles).toHaveLength(7);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("parseLiteral", () => {
  it("reads literals without evaluating anything", () => {
    expect(parseLiteral("{ respect: 2, 'power': -1, nested: { ok: true, none: null }, s: \"x\" }")).toEqual({
      ok: true,
      value: { respect: 2, power: -1, nested: { ok: true, none: null }, s: "x" },
    });
    expect(parseLiteral("{}")).toEqual({ ok: true, value: {} });
  });

  it.each([
    ["{ respect: two }", "Unexpected name `two`"],
    ["{ respect: 1 + 1 }", "Unexpected `+`"],
    ["{ respect: 1, respect: 2 }", "Unexpected repeated property `respect`"],
    ["{ respect: 1", "Unexpected end of expression"],
    ["f()", "Unexpected name `f`"],
  ])("rejects %s", (source, message) => {
    const result = parseLiteral(source);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.message).toContain(message);
  });
});

describe("choice ids and option order", () => {
  const scene = (choices: string, attrs = "") =>
    `${FRONTMATTER}<Scene id="s"${attrs}>\nText.\n\n${choices}\n</Scene>\n\n<Ending id="a" tone="mixed">\nA.\n</Ending>\n\n<Ending id="b" tone="mixed">\nB.\n</Ending>\n`;
  const option = (to: string, text: string, id = "") =>
    `<Choice to="${to}"${id ? ` id="${id}"` : ""} scores={{ respect: 1 }}>\n${text}\n<Feedback>Why.</Feedback>\n</Choice>`;
  const ids = (source: string) => valid(source).scenes[0]?.choices.map((c) => c.id);

  it("gives every choice an id from its target and text, unique in its scene, that survives reordering", () => {
    const first = option("a", "“That’s Marcus’s story — *not* ours,” you say.");
    const second = option("b", "Say nothing.");
    const third = option("b", "Say nothing.");
    expect(ids(scene([first, second, third].join("\n")))).toEqual([
      "a:thats-marcuss-story-not-ours",
      "b:say-nothing",
      "b:say-nothing-2",
    ]);
    expect(ids(scene([second, first].join("\n")))).toEqual(["b:say-nothing", "a:thats-marcuss-story-not-ours"]);
    expect(ids(scene([option("a", "Go.", "go-now"), option("b", "Stay.")].join("\n")))).toEqual(["go-now", "b:stay"]);
  });

  it("pins a scene's order with order=\"fixed\" and a scenario's with shuffle: false; rejects other values", () => {
    const two = [option("a", "One."), option("b", "Two.")].join("\n");
    expect(valid(scene(two, ' order="fixed"')).scenes[0]?.order).toBe("fixed");
    expect(valid(scene(two)).scenes[0]?.order).toBeUndefined();
    expect(valid(scene(two).replace("---\n\n", "shuffle: false\n---\n\n")).shuffle).toBe(false);
    const rules = (source: string) =>
      compileScenario(source, "t.mdx", fixtureCode()).diagnostics.map((d) => `${d.rule} ${d.message}`);
    expect(rules(scene(two, ' order="sorted"'))).toEqual([
      "invalid-attribute Unexpected order `sorted`, expected `fixed` (or `shuffled`, the default)",
    ]);
    expect(rules(scene(two).replace("---\n\n", "shuffle: sometimes\n---\n\n"))).toEqual([
      "frontmatter Unexpected value for `shuffle`, expected `true` or `false`",
    ]);
    expect(rules(scene([option("a", "One.", "same"), option("b", "Two.", "same")].join("\n")))).toEqual([
      "duplicate-id Unexpected duplicate choice id `same` in scene `s` (first used on line 9), expected each choice id once in a scene",
    ]);
    expect(rules(scene(option("a", "One.", "a:b")))[0]).toMatch(/invalid-attribute Unexpected choice id `a:b`/);
  });
});
