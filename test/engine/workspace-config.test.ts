import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS } from "../../engine/audit.ts";
import {
  DEFAULT_CONFIG,
  parseWorkspaceConfig,
  SITE_KEYS,
  TOP_KEYS,
  unknownPublished,
} from "../../engine/workspace-config.ts";

const errors = (text: string) =>
  parseWorkspaceConfig(text, "rehearse.config.json").diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);

describe("rehearse.config.json", () => {
  it("fills in every default from an empty object", () => {
    expect(parseWorkspaceConfig("{}", "c.json").value).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG.site).toEqual({
      title: "rehearse",
      description: "Practise your group's code of ethics in short branching scenarios.",
      lang: "en",
      base: "/",
    });
  });

  it("reads a whole workspace's settings", () => {
    const text = JSON.stringify({
      $schema: "./node_modules/rehearse/schemas/rehearse.config.schema.json",
      group: "Riverside Peer Support",
      site: {
        title: "Practise our code",
        description: "Scenarios for Riverside's peer supporters.",
        lang: "pt-BR",
        base: "training/../x",
        url: "https://example.org/",
        accent: "#2F6",
        logo: "images/logo.svg",
      },
      publish: ["the-empty-chair", "the-screenshot"],
      audit: { "few-tradeoffs": 3 },
      cohort: { minimumGroup: 8 },
      lrs: { endpoint: "https://lrs.example.org/xapi/", auth: "Basic a2V5OnNlY3JldA==" },
    });
    // A base with `..` in it is refused; the rest is read as given.
    expect(errors(text)).toEqual([
      '1:224 Unexpected string "training/../x" for "base", expected the path the site is served under, "/" or e.g. "/training/"',
    ]);
    const { value } = parseWorkspaceConfig(text.replace("training/../x", "/training"), "c.json");
    expect(value).toEqual({
      group: "Riverside Peer Support",
      site: {
        title: "Practise our code",
        description: "Scenarios for Riverside's peer supporters.",
        lang: "pt-BR",
        base: "/training/",
        url: "https://example.org",
        accent: "#22ff66",
        logo: "images/logo.svg",
      },
      publish: ["the-empty-chair", "the-screenshot"],
      audit: { ...DEFAULT_THRESHOLDS, "few-tradeoffs": 3 },
      cohort: { minimumGroup: 8 },
      lrs: { endpoint: "https://lrs.example.org/xapi/", auth: "Basic a2V5OnNlY3JldA==" },
    });
  });

  it("takes an LRS's endpoint and a string auth, and names anything else", () => {
    expect(errors('{ "lrs": { "endpoint": "https://lrs.example.org/xapi/", "auht": "Basic x" } }')).toEqual([
      '1:57 Unexpected lrs setting "auht" (did you mean "auth"?), expected one of endpoint, auth',
    ]);
    expect(errors('{ "lrs": { "endpoint": "https://lrs.example.org/xapi/", "auth": { "key": "k" } } }')).toHaveLength(
      1,
    );
  });

  it("names a misspelt setting at its line and column, with the nearest one", () => {
    expect(errors('{\n  "site": {\n    "titel": "Ours",\n    "accent": "green"\n  },\n  "cohrot": {}\n}')).toEqual([
      '3:5 Unexpected site setting "titel" (did you mean "title"?), expected one of title, description, lang, base, url, accent, logo',
      '4:15 Unexpected string "green" for "accent", expected a colour such as "#2f6f62"',
      '6:3 Unexpected setting "cohrot" (did you mean "cohort"?), expected one of $schema, group, site, publish, support, audit, cohort, lrs',
    ]);
  });

  it("says what each value takes", () => {
    expect(
      errors(
        '{ "group": "", "site": { "lang": "English", "url": "example.org", "logo": "../logo.svg" }, "publish": "all", "cohort": { "minimumGroup": 0 }, "lrs": {} }',
      ),
    ).toEqual([
      '1:12 Unexpected string "" for "group", expected text of 1 to 100 characters',
      '1:34 Unexpected string "English" for "lang", expected a language tag such as "en", "fr" or "pt-BR"',
      '1:52 Unexpected string "example.org" for "url", expected the site\'s address, e.g. "https://example.org"',
      '1:75 Unexpected string "../logo.svg" for "logo", expected an .svg, .png or .webp file in the workspace, e.g. "logo.svg"',
      '1:103 Unexpected string "all" for "publish", expected a list of scenario ids, e.g. ["what-stays-in-the-circle"]',
      '1:138 Unexpected number 0 for "minimumGroup", expected a whole number from 2 to 1000: the smallest group a cohort report shows (1 would single a trainee out)',
      '1:150 Unexpected "lrs" without "endpoint", expected the LRS\'s address, e.g. "https://lrs.example.org/xapi/"',
    ]);
    expect(errors('{ "publish": ["a", "Not An Id", "a"] }')).toEqual([
      '1:20 Unexpected string "Not An Id" for "publish", expected a scenario id: its file name without .mdx, e.g. "the-empty-chair"',
      '1:33 Unexpected second "a" in "publish", expected each scenario once',
    ]);
  });

  it("places a syntax error, and never throws", () => {
    expect(errors('{\n  "site": { "title": "Ours" }\n  "group": "x"\n}')).toEqual([
      '3:3 Unexpected `"`, expected `,` or `}`',
    ]);
    for (const text of ["", "{", '{"site":', "[1,", '{"a":"\\q"}', "\u0000", "nul"])
      expect(() => parseWorkspaceConfig(text, "c.json")).not.toThrow();
  });

  it("names a published id that no scenario has, at its place", () => {
    const text = '{\n  "publish": ["the-empty-chair", "the-screenshoot"]\n}';
    const parsed = parseWorkspaceConfig(text, "rehearse.config.json");
    if (!parsed.value) throw new Error("expected a config");
    const found = unknownPublished(parsed.value, parsed.positions, ["the-empty-chair", "the-screenshot"], "c.json");
    expect(found.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '2:34 Unexpected "the-screenshoot" in "publish": no scenario has that id (did you mean "the-screenshot"?)',
    ]);
  });

  it("agrees with its JSON Schema on every setting's name", () => {
    const schema = JSON.parse(
      readFileSync(join(import.meta.dirname, "../../schemas/rehearse.config.schema.json"), "utf8"),
    );
    expect(Object.keys(schema.properties)).toEqual([...TOP_KEYS]);
    expect(Object.keys(schema.properties.site.properties)).toEqual([...SITE_KEYS]);
    expect(Object.keys(schema.properties.audit.properties).sort()).toEqual(Object.keys(DEFAULT_THRESHOLDS).sort());
    expect(Object.keys(schema.properties.cohort.properties)).toEqual(["minimumGroup"]);
  });
});
