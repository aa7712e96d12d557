import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { simpleYaml } from "../../engine/compile/simple-yaml.ts";

describe("simpleYaml (the frontmatter fast path)", () => {
  it("reads the usual frontmatter with positions", () => {
    const text =
      'title: What stays\nsummary: "A member: retells"\nminutes: 10\ntags: [a, b]\naudience:\n  - peer-mentoring\n  - peer-support-group';
    expect(simpleYaml(text)).toEqual([
      { key: "title", value: "What stays", line: 0, keyColumn: 1, valueLine: 0, valueColumn: 8 },
      { key: "summary", value: "A member: retells", line: 1, keyColumn: 1, valueLine: 1, valueColumn: 10 },
      { key: "minutes", value: 10, line: 2, keyColumn: 1, valueLine: 2, valueColumn: 10 },
      { key: "tags", value: ["a", "b"], line: 3, keyColumn: 1, valueLine: 3, valueColumn: 7 },
      {
        key: "audience",
        value: ["peer-mentoring", "peer-support-group"],
        line: 4,
        keyColumn: 1,
        valueLine: 5,
        valueColumn: 3,
      },
    ]);
  });

  it.each([
    "title: a: b",
    "title: |\n  block",
    "title: ~",
    "a: 1\na: 2",
    "  indented: x",
    "title: 'it''s'",
    "title: &anchor x",
    "minutes: 0x10",
  ])("leaves %j to the YAML parser", (text) => {
    expect(simpleYaml(text)).toBeUndefined();
  });

  it("agrees with the YAML library wherever it answers", () => {
    const word = fc.stringMatching(/^[A-Za-z0-9 .,:#'"\-[\]!?&*~+]{0,14}$/);
    const value = fc.oneof(
      word,
      fc.array(word, { maxLength: 3 }).map((xs) => `[${xs.join(", ")}]`),
      fc.array(word, { minLength: 1, maxLength: 3 }).map((xs) => `\n${xs.map((x) => `  - ${x}`).join("\n")}`),
      fc.integer().map(String),
      fc.double({ noNaN: true }).map(String),
    );
    const entry = fc.tuple(fc.constantFrom("title", "summary", "minutes", "tags", "audience", "start"), value);
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), (pairs) => {
        const text = pairs.map(([k, v]) => (v.startsWith("\n") ? `${k}:${v}` : `${k}: ${v}`)).join("\n");
        const fast = simpleYaml(text);
        if (!fast) return;
        let expected: unknown;
        try {
          expected = parse(text) ?? {};
        } catch {
          throw new Error(`fast path accepted text YAML rejects:\n${text}`);
        }
        expect(Object.fromEntries(fast.map((e) => [e.key, e.value]))).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
