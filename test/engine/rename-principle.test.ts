import { describe, expect, it } from "vitest";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import { applyEdits, planPrincipleFix, renameEdits, scoreKeys } from "../../engine/rename-principle.ts";
import { FRONTMATTER, fixtureCode } from "./helpers.ts";

// The fixtures' code has confidentiality, respect and safety; these scenarios score `privacy` where
// the group's code used to say so, and mention privacy and respect in their prose.
const SCENARIO = `---
title: Test
summary: A scenario about privacy.
tags:
  - privacy
---

<Scene id="start" title="privacy at the café">
Nobody mentioned privacy: 2 before, and \`scores={{ privacy: 1 }}\` in prose is just text.

<Choice to="end" scores={{ privacy: 2, respect: -1 }} set="privacy">
"Let's keep privacy in mind."
<Feedback>Privacy matters here (privacy).</Feedback>
</Choice>

<Choice to="end" title="scores={{ privacy: 1 }}" scores={{
  "privacy": -2,
  safety: 1,
}}>
Say it anyway.
</Choice>
</Scene>

<Ending id="end" title="privacy kept" tone="positive">
Done.
</Ending>
`;

const rename = (source: string, renames: Record<string, string>) =>
  renameEdits(source, new Map(Object.entries(renames)));

describe("renaming a principle in scores", () => {
  it("finds every key of every choice's scores, quoted or not, across lines", () => {
    const keys = scoreKeys(SCENARIO)?.map((k) => `${k.line}:${k.column} ${k.key}${k.quoted ? " (quoted)" : ""}`);
    expect(keys).toEqual(["11:28 privacy", "11:40 respect", "17:4 privacy (quoted)", "18:3 safety"]);
  });

  it("changes only the scores' keys: prose, feedback, tags, titles and flags keep the word", () => {
    const { edits, clashes } = rename(SCENARIO, { privacy: "confidentiality" });
    expect(clashes).toEqual([]);
    // One edit for each unknown-principle error, on its line.
    const errors = compileScenario(SCENARIO, "t.mdx", fixtureCode()).diagnostics.filter(
      (d) => d.rule === "unknown-principle",
    );
    expect(errors.map((d) => d.line)).toEqual([11, 16]);
    expect(edits.map((e) => `${e.line}:${e.column}`)).toEqual(["11:28", "17:4"]);
    const out = applyEdits(SCENARIO, edits);
    expect(out).toBe(
      SCENARIO.replace("scores={{ privacy: 2", "scores={{ confidentiality: 2").replace(
        '"privacy": -2',
        '"confidentiality": -2',
      ),
    );
    // The unknown-principle errors are gone.
    const compiled = compileScenario(out, "t.mdx", fixtureCode());
    // (the `title` on a choice, there to hide `scores=` in a quoted value, is the one error left)
    expect(compiled.diagnostics.filter((d) => d.severity === "error").map((d) => d.rule)).toEqual([
      "invalid-attribute",
    ]);
    expect(out.split("privacy").length).toBe(SCENARIO.split("privacy").length - 2);
  });

  it("is idempotent: a second pass finds nothing to change", () => {
    const once = applyEdits(SCENARIO, rename(SCENARIO, { privacy: "confidentiality" }).edits);
    expect(rename(once, { privacy: "confidentiality" }).edits).toEqual([]);
  });

  it("leaves a choice that already scores the new name as a clash, to merge by hand", () => {
    const source = `${FRONTMATTER}<Scene id="s">\nHi.\n<Choice to="e" scores={{ privacy: 1, confidentiality: 2 }}>Go.</Choice>\n</Scene>\n<Ending id="e">End.</Ending>\n`;
    const { edits, clashes } = rename(source, { privacy: "confidentiality" });
    expect(edits).toEqual([]);
    expect(clashes).toEqual([{ line: 8, column: 26, old: "privacy", new: "confidentiality" }]);
  });

  it("quotes a new name that cannot stand unquoted", () => {
    const source = `${FRONTMATTER}<Scene id="s">\nHi.\n<Choice to="e" scores={{ privacy: 1 }}>Go.</Choice>\n</Scene>\n<Ending id="e">End.</Ending>\n`;
    expect(applyEdits(source, rename(source, { privacy: "2nd-principle" }).edits)).toContain(
      'scores={{ "2nd-principle": 1 }}',
    );
  });

  it("touches nothing in a file that does not parse", () => {
    const broken = `${FRONTMATTER}<Scene id="s">\n<Choice to="e" scores={{ privacy: 1 }}>Go.\n`;
    expect(rename(broken, { privacy: "confidentiality" })).toEqual({ edits: [], clashes: [], unparsed: true });
  });
});

describe("what check --fix renames", () => {
  const principles = ["confidentiality", "respect", "power", "safety"];
  const plan = (scored: Record<string, number>, codes = principles) => {
    const p = planPrincipleFix(codes, new Map(Object.entries(scored)));
    return { renames: Object.fromEntries(p.renames), refused: p.refused.map((r) => `${r.key}: ${r.reason}`) };
  };

  it("applies the did-you-mean: a principle renamed to a close spelling", () => {
    expect(plan({ confidentality: 3, respect: 2, power: 1, safety: 1 })).toEqual({
      renames: { confidentality: "confidentiality" },
      refused: [],
    });
  });

  it("maps the one unknown name to the one principle no scenario scores (respect → dignity)", () => {
    const codes = ["confidentiality", "dignity", "power", "safety"];
    expect(plan({ confidentiality: 3, respect: 2, power: 1, safety: 1 }, codes)).toEqual({
      renames: { respect: "dignity" },
      refused: [],
    });
  });

  it("refuses when two unknown names and two unscored principles could pair either way", () => {
    const codes = ["confidentiality", "dignity", "voice", "safety"];
    const result = plan({ confidentiality: 3, respect: 2, power: 1, safety: 1 }, codes);
    expect(result.renames).toEqual({});
    expect(result.refused).toEqual([
      "power: 2 unknown principles (`power`, `respect`) and 2 unscored principles (`dignity`, `voice`): which is which?",
      "respect: 2 unknown principles (`power`, `respect`) and 2 unscored principles (`dignity`, `voice`): which is which?",
    ]);
  });

  it("refuses a name close to two principles, and two names that would become one", () => {
    expect(plan({ powr: 1 }, ["power", "tower"]).refused).toEqual(["powr: it is close to both `power` and `tower`"]);
    expect(plan({ confidentality: 1, confidentiallity: 1 }).refused).toEqual([
      "confidentality: `confidentality`, `confidentiallity` would all become `confidentiality`",
      "confidentiallity: `confidentality`, `confidentiallity` would all become `confidentiality`",
    ]);
  });

  it("has nothing to do when every scored name is a principle", () => {
    expect(plan({ confidentiality: 1, respect: 1 })).toEqual({ renames: {}, refused: [] });
  });
});
