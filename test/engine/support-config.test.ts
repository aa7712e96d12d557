import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileSupport, type SupportContacts } from "../../engine/compile/compile-support.ts";
import { readSupport } from "../../engine/load.ts";
import { parseWorkspaceConfig } from "../../engine/workspace-config.ts";

// rehearse.config.json's `support`: how to reach each contact of support.mdx, filled in without editing the MDX.

const PAGE = readFileSync(join(import.meta.dirname, "../../scenarios/support.mdx"), "utf8");

/** The config's `support` as the engine reads it from a config file's text. */
function contacts(text: string): SupportContacts {
  const parsed = parseWorkspaceConfig(text, "rehearse.config.json");
  expect(parsed.diagnostics).toEqual([]);
  return { reach: parsed.value?.support ?? {}, file: "rehearse.config.json", positions: parsed.positions };
}
const placeholderWarnings = (result: ReturnType<typeof compileSupport>) =>
  result.diagnostics.filter((d) => d.rule === "support-placeholder").map((d) => d.message);
const configErrors = (text: string) =>
  parseWorkspaceConfig(text, "rehearse.config.json").diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);

describe("the config's support contacts", () => {
  it("fill each contact's reach, and leave the others as support.mdx has them", () => {
    const filled = compileSupport(
      PAGE,
      "support.mdx",
      contacts('{ "support": { "emergency": "999 or 112", "crisis": "Samaritans, 116 123, any time" } }'),
    );
    const reach = Object.fromEntries((filled.value?.contacts ?? []).map((c) => [c.id, c.reach]));
    expect(reach).toEqual({
      emergency: "999 or 112",
      crisis: "Samaritans, 116 123, any time",
      after: "[your group's facilitator, coordinator or safeguarding lead: name, and how to reach them]",
      everyday: "[your doctor, counselling service or employee assistance line]",
    });
    // The prose of what each line is for stays support.mdx's.
    const plain = compileSupport(PAGE, "support.mdx").value;
    expect(filled.value?.contacts.map((c) => c.body)).toEqual(plain?.contacts.map((c) => c.body));
    expect(filled.value?.hash).not.toBe(plain?.hash);
  });

  it("take away the placeholder warnings of the contacts they fill, and only those", () => {
    const plain = compileSupport(PAGE, "support.mdx");
    expect(placeholderWarnings(plain)).toHaveLength(4);
    expect(plain.value?.placeholders).toHaveLength(4);
    const filled = compileSupport(
      PAGE,
      "support.mdx",
      contacts('{ "support": { "emergency": "999", "after": "Sam" } }'),
    );
    expect(placeholderWarnings(filled)).toEqual([
      "Unexpected placeholder `[your crisis line: its number and the hours it answers]`, expected your group's own contact (a number, an address or a name) in its place",
      "Unexpected placeholder `[your doctor, counselling service or employee assistance line]`, expected your group's own contact (a number, an address or a name) in its place",
    ]);
    expect(filled.value?.placeholders).toEqual([
      "[your crisis line: its number and the hours it answers]",
      "[your doctor, counselling service or employee assistance line]",
    ]);
    const all = compileSupport(
      PAGE,
      "support.mdx",
      contacts('{ "support": { "emergency": "999", "crisis": "116 123", "after": "Sam", "everyday": "Your GP" } }'),
    );
    expect(all.diagnostics).toEqual([]);
    expect(all.value?.placeholders).toEqual([]);
  });

  it("keep a placeholder warning for the same words in the page's prose", () => {
    const page = `---\ntitle: Support\n---\n\nCall [your local emergency number] first.\n\n<Contact id="emergency" name="In an emergency" reach="[your local emergency number]">\n\nWhen a life is in danger.\n\n</Contact>\n`;
    const filled = compileSupport(page, "support.mdx", contacts('{ "support": { "emergency": "999" } }'));
    expect(filled.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(["5:6 support-placeholder"]);
    expect(filled.value?.placeholders).toEqual(["[your local emergency number]"]);
  });

  it("name a contact support.mdx has: another id is an error at its key, with the nearest id", () => {
    const text = '{\n  "support": {\n    "emergency": "999",\n    "crisiss": "116 123"\n  }\n}\n';
    const result = compileSupport(PAGE, "scenarios/support.mdx", contacts(text));
    const config = result.diagnostics.filter((d) => d.rule === "config");
    expect(config.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.message}`)).toEqual([
      'rehearse.config.json:4:5 error Unexpected contact "crisiss" in "support": scenarios/support.mdx has no <Contact id="crisiss"> (did you mean "crisis"?), expected one of emergency, crisis, after, everyday',
    ]);
    // The known one is still filled.
    expect(result.value?.contacts[0]?.reach).toBe("999");
  });

  it("are text on one line: an empty value, a number, a control character or a line break is a positioned error", () => {
    expect(configErrors('{ "support": { "emergency": "" } }')).toEqual([
      '1:29 Unexpected string "" for "emergency", expected how to reach the contact, as text of 1 to 300 characters on one line (e.g. "999 or 112")',
    ]);
    expect(configErrors('{ "support": { "emergency": "   " } }')).toHaveLength(1);
    expect(configErrors('{ "support": { "emergency": 999 } }')).toEqual([
      '1:29 Unexpected number 999 for "emergency", expected how to reach the contact, as text of 1 to 300 characters on one line (e.g. "999 or 112")',
    ]);
    expect(configErrors('{ "support": { "emergency": "999\\u001b[2J" } }')).toHaveLength(1);
    expect(configErrors('{ "support": { "emergency": "999\\nor 112" } }')).toHaveLength(1);
    expect(configErrors('{ "support": { "emergency": "\\u202e999" } }')).toHaveLength(1);
    expect(configErrors('{ "support": ["999"] }')).toEqual([
      '1:14 Unexpected array for "support", expected an object such as { "emergency": "999 or 112" }: how to reach each contact of support.mdx',
    ]);
    expect(parseWorkspaceConfig('{ "support": { "emergency": " 999 " } }', "c.json").value?.support).toEqual({
      emergency: "999",
    });
  });

  it("agree with the JSON Schema's pattern for a value", () => {
    const schema = JSON.parse(
      readFileSync(join(import.meta.dirname, "../../schemas/rehearse.config.schema.json"), "utf8"),
    );
    const value = schema.properties.support.additionalProperties;
    const pattern = new RegExp(value.pattern, "u");
    for (const reach of [
      "999 or 112",
      " 999 ",
      "",
      "   ",
      "999\u001b[2J",
      "999\nor 112",
      "\u202e999",
      "x".repeat(301),
    ]) {
      const schemaTakes = pattern.test(reach) && reach.length >= value.minLength && reach.length <= value.maxLength;
      expect([reach, schemaTakes]).toEqual([
        reach,
        configErrors(JSON.stringify({ support: { emergency: reach } })).length === 0,
      ]);
    }
  });
});

describe("readSupport", () => {
  const temp = mkdtempSync(join(tmpdir(), "rehearse-support-config-"));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it("applies the workspace's config: beside the page, or beside a workspace's scenarios/ folder", () => {
    const scenarios = join(temp, "ws", "scenarios");
    mkdirSync(scenarios, { recursive: true });
    writeFileSync(join(scenarios, "support.mdx"), PAGE);
    expect(readSupport(join(scenarios, "support.mdx"))?.value?.contacts[0]?.reach).toBe(
      "[your local emergency number]",
    );
    writeFileSync(join(temp, "ws", "rehearse.config.json"), '{ "support": { "emergency": "999 or 112" } }');
    expect(readSupport(join(scenarios, "support.mdx"))?.value?.contacts[0]?.reach).toBe("999 or 112");
    // A config with an error fills nothing (`rehearse check` reports the error itself).
    writeFileSync(join(temp, "ws", "rehearse.config.json"), '{ "support": { "emergency": "" } }');
    expect(readSupport(join(scenarios, "support.mdx"))?.value?.contacts[0]?.reach).toBe(
      "[your local emergency number]",
    );
    writeFileSync(join(scenarios, "rehearse.config.json"), '{ "support": { "emergency": "112" } }');
    expect(readSupport(join(scenarios, "support.mdx"))?.value?.contacts[0]?.reach).toBe("112");
  });
});
