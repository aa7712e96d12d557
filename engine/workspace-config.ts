/**
 * `rehearse.config.json`: a group's settings, in one file at the root of its
 * workspace (`rehearse init` writes one; in this repository the scenarios
 * folder's own file holds the audit's thresholds). Every setting is optional:
 *
 *     {
 *       "$schema": "./node_modules/rehearse/schemas/rehearse.config.schema.json",
 *       "group": "Riverside Peer Support",
 *       "site": { "title": "Practise our code", "lang": "en", "base": "/training/", "accent": "#2f6f62" },
 *       "publish": ["what-stays-in-the-circle", "the-empty-chair"],
 *       "support": { "emergency": "999 or 112", "crisis": "Samaritans, 116 123, any time" },
 *       "audit": { "guessable-order": 40 },
 *       "cohort": { "minimumGroup": 5 },
 *       "lrs": { "endpoint": "https://lrs.example.org/xapi/" }
 *     }
 *
 * Read from the text (the CLI and the site build read the file): every problem
 * is a positioned `config` error (line and column in the JSON, "did you mean"
 * for a misspelt name), never an exception. The JSON Schema for editors is
 * schemas/rehearse.config.schema.json; test/engine/workspace-config.test.ts
 * keeps the two in step.
 */
import type { AuditRuleId, AuditThresholds } from "./audit.ts";
import { DEFAULT_THRESHOLDS } from "./audit.ts";
import { closest } from "./compile/frontmatter.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { diagnostic } from "./diagnostics.ts";
import type { Position } from "./model.ts";

export const CONFIG_FILE = "rehearse.config.json";

/** The site's settings, with their defaults filled in. */
export type SiteConfig = {
  /** The site's name in every page's title and header. */
  readonly title: string;
  /** The catalog's description, for search engines and link previews. */
  readonly description: string;
  /** The language of every page (`<html lang>`), a BCP 47 tag such as `en` or `pt-BR`. */
  readonly lang: string;
  /** The path the site is served under, `/` or e.g. `/training/` (always with both slashes). */
  readonly base: string;
  /** The site's own address, e.g. `https://example.org` (optional). */
  readonly url?: string;
  /** The accent colour, `#rrggbb` (links, buttons, focus rings). */
  readonly accent?: string;
  /** A logo beside the title: an .svg, .png or .webp file, relative to the config file. */
  readonly logo?: string;
};

/** What an LRS connection carries: `endpoint` and whatever else the xAPI export reads. */
export type LrsConfig = { readonly endpoint: string; readonly auth?: string };
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export type WorkspaceConfig = {
  /** The group's name, e.g. "Riverside Peer Support" (shown in the footer and the README). */
  readonly group?: string;
  readonly site: SiteConfig;
  /** The scenario ids the site publishes, in this order; absent: every scenario. */
  readonly publish?: readonly string[];
  /**
   * How to reach each support contact, by the id of its `<Contact>` in support.mdx: fills that contact's
   * `reach` in place of what support.mdx says (engine/compile/compile-support.ts applies it).
   */
  readonly support?: Readonly<Record<string, string>>;
  readonly audit: AuditThresholds;
  readonly cohort: { readonly minimumGroup: number };
  readonly lrs?: LrsConfig;
};

export const DEFAULT_SITE: SiteConfig = {
  title: "rehearse",
  description: "Practise your group's code of ethics in short branching scenarios.",
  lang: "en",
  base: "/",
};

export const DEFAULT_CONFIG: WorkspaceConfig = {
  site: DEFAULT_SITE,
  audit: DEFAULT_THRESHOLDS,
  cohort: { minimumGroup: 5 },
};

/** What each audit setting takes: a share in %, a count, a net total, or on/off only. */
const KINDS: Readonly<Record<AuditRuleId, "percent" | "count" | "net" | "switch">> = {
  "guessable-order": "percent",
  "guessable-length": "percent",
  "guessable-path": "switch",
  "few-tradeoffs": "count",
  "cheap-ending": "net",
  "costless-best": "percent",
  "consolation-points": "percent",
  "unrewarded-best": "switch",
};

const EXPECTED = {
  percent: "a percentage from 0 to 100, or false to turn the rule off",
  count: "a whole number of at least 0, or false to turn the rule off",
  net: "a whole number (a net total, e.g. 0), or false to turn the rule off",
  switch: "true or false",
} as const;

export const TOP_KEYS = ["$schema", "group", "site", "publish", "support", "audit", "cohort", "lrs"] as const;
export const SITE_KEYS = ["title", "description", "lang", "base", "url", "accent", "logo"] as const;

/** A scenario id as the site takes it (the file name without `.mdx`). */
const SCENARIO_ID = /^[a-z0-9][a-z0-9_-]*$/;
const LANG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
const BASE_SEGMENT = /^[A-Za-z0-9._~-]+$/;
/** The longest `reach` a support contact takes from the config: a number, an address, a name and its hours. */
const MAX_REACH = 300;
/**
 * What a `reach` may not hold: the control characters and bidirectional overrides of the `control-character`
 * rule (its CONTROL_CHARACTER; not imported, which would load the MDX parser to read a settings file), and line
 * breaks and tabs: a contact is one line in the terminal, the room and the site.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const NOT_IN_REACH = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Reads a config file's text; `file` is the path shown in messages. */
export function parseWorkspaceConfig(
  text: string,
  file: string,
): { value?: WorkspaceConfig; diagnostics: Diagnostic[]; positions: ReadonlyMap<string, Position> } {
  const diagnostics: Diagnostic[] = [];
  const positions = new Map<string, Position>();
  const error = (position: Position, message: string) =>
    diagnostics.push(diagnostic(file, position, "error", "config", message));
  const unknown = (entry: Entry, what: string, known: readonly string[]) => {
    const near = closest(entry.key, [...known]);
    error(
      entry.keyPosition,
      `Unexpected ${what} "${entry.key}"${near ? ` (did you mean "${near}"?)` : ""}, expected one of ${known.join(", ")}`,
    );
  };
  const wrong = (v: Json, key: string, expected: string) =>
    error(v.position, `Unexpected ${describe(v)} for "${key}", expected ${expected}`);
  const text_ = (v: Json, key: string, max: number): string | undefined => {
    if (v.kind === "string" && v.value.trim() !== "" && v.value.length <= max) return v.value;
    wrong(v, key, `text of 1 to ${max} characters`);
    return undefined;
  };
  let root: Json;
  try {
    root = new JsonReader(text).document();
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    error(e.position, e.message);
    return { diagnostics, positions };
  }
  if (root.kind !== "object") {
    error(root.position, `Unexpected ${describe(root)}, expected an object such as { "audit": { … } }`);
    return { diagnostics, positions };
  }
  let group: string | undefined;
  const site: { -readonly [K in keyof SiteConfig]: SiteConfig[K] } = { ...DEFAULT_SITE };
  let publish: string[] | undefined;
  let support: Record<string, string> | undefined;
  const audit: Record<string, number | boolean> = { ...DEFAULT_THRESHOLDS };
  let minimumGroup = DEFAULT_CONFIG.cohort.minimumGroup;
  let lrs: LrsConfig | undefined;
  for (const entry of root.entries) {
    const v = entry.value;
    positions.set(entry.key, v.position);
    switch (entry.key) {
      case "$schema":
        if (v.kind !== "string")
          wrong(v, "$schema", 'the schema\'s path, e.g. "./node_modules/rehearse/schemas/rehearse.config.schema.json"');
        break;
      case "group":
        group = text_(v, "group", 100) ?? group;
        break;
      case "site":
        if (v.kind !== "object") {
          wrong(v, "site", 'an object such as { "title": "…", "lang": "en" }');
          break;
        }
        for (const s of v.entries) {
          const x = s.value;
          positions.set(`site.${s.key}`, x.position);
          switch (s.key) {
            case "title":
              site.title = text_(x, "title", 100) ?? site.title;
              break;
            case "description":
              site.description = text_(x, "description", 300) ?? site.description;
              break;
            case "lang":
              if (x.kind === "string" && LANG.test(x.value)) site.lang = x.value;
              else wrong(x, "lang", 'a language tag such as "en", "fr" or "pt-BR"');
              break;
            case "base": {
              const segments = x.kind === "string" ? x.value.split("/").filter(Boolean) : [];
              if (
                x.kind === "string" &&
                x.value.startsWith("/") &&
                segments.every((p) => BASE_SEGMENT.test(p) && p !== "." && p !== "..")
              )
                site.base = segments.length ? `/${segments.join("/")}/` : "/";
              else wrong(x, "base", 'the path the site is served under, "/" or e.g. "/training/"');
              break;
            }
            case "url": {
              const url = x.kind === "string" ? safeUrl(x.value) : undefined;
              if (url && (url.protocol === "https:" || url.protocol === "http:") && !url.search && !url.hash)
                site.url = x.kind === "string" ? x.value.replace(/\/+$/, "") : "";
              else wrong(x, "url", 'the site\'s address, e.g. "https://example.org"');
              break;
            }
            case "accent":
              if (x.kind === "string" && /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(x.value))
                site.accent = (
                  x.value.length === 4 ? `#${[...x.value.slice(1)].map((c) => c + c).join("")}` : x.value
                ).toLowerCase();
              else wrong(x, "accent", 'a colour such as "#2f6f62"');
              break;
            case "logo":
              if (
                x.kind === "string" &&
                /\.(svg|png|webp)$/i.test(x.value) &&
                !x.value.startsWith("/") &&
                !x.value.split(/[\\/]/).includes("..") &&
                !/^[a-z][a-z0-9+.-]*:/i.test(x.value)
              )
                site.logo = x.value;
              else wrong(x, "logo", 'an .svg, .png or .webp file in the workspace, e.g. "logo.svg"');
              break;
            default:
              unknown(s, "site setting", SITE_KEYS);
          }
        }
        break;
      case "publish":
        if (v.kind !== "array") {
          wrong(v, "publish", 'a list of scenario ids, e.g. ["what-stays-in-the-circle"]');
          break;
        }
        publish = [];
        for (const item of v.items) {
          if (item.kind !== "string" || !SCENARIO_ID.test(item.value))
            wrong(item, "publish", 'a scenario id: its file name without .mdx, e.g. "the-empty-chair"');
          else if (publish.includes(item.value))
            error(item.position, `Unexpected second "${item.value}" in "publish", expected each scenario once`);
          else {
            positions.set(`publish.${item.value}`, item.position);
            publish.push(item.value);
          }
        }
        break;
      case "support":
        if (v.kind !== "object") {
          wrong(
            v,
            "support",
            'an object such as { "emergency": "999 or 112" }: how to reach each contact of support.mdx',
          );
          break;
        }
        support = {};
        for (const c of v.entries) {
          // The key's place: an id that support.mdx has no <Contact> for is reported there (compile-support.ts).
          positions.set(`support.${c.key}`, c.keyPosition);
          const x = c.value;
          if (
            x.kind === "string" &&
            x.value.trim() !== "" &&
            x.value.length <= MAX_REACH &&
            !NOT_IN_REACH.test(x.value)
          )
            support[c.key] = x.value.trim();
          else
            wrong(
              x,
              c.key,
              `how to reach the contact, as text of 1 to ${MAX_REACH} characters on one line (e.g. "999 or 112")`,
            );
        }
        break;
      case "audit":
        if (v.kind !== "object") {
          error(v.position, `Unexpected ${describe(v)} for "audit", expected an object of rule thresholds`);
          break;
        }
        for (const rule of v.entries) {
          const kind = KINDS[rule.key as AuditRuleId];
          if (!kind) {
            const near = closest(rule.key, Object.keys(KINDS));
            error(
              rule.keyPosition,
              `Unexpected audit rule "${rule.key}"${near ? ` (did you mean "${near}"?)` : ""}, expected one of ${Object.keys(KINDS).join(", ")}`,
            );
            continue;
          }
          const x = rule.value;
          const ok =
            x.kind === "boolean"
              ? kind === "switch" || x.value === false
              : x.kind === "number" &&
                kind !== "switch" &&
                (kind === "percent" ? x.value >= 0 && x.value <= 100 : Number.isInteger(x.value)) &&
                (kind !== "count" || x.value >= 0);
          if (!ok) {
            error(x.position, `Unexpected ${describe(x)} for "${rule.key}", expected ${EXPECTED[kind]}`);
            continue;
          }
          audit[rule.key] = x.kind === "boolean" || x.kind === "number" ? x.value : false;
        }
        break;
      case "cohort":
        if (v.kind !== "object") {
          wrong(v, "cohort", 'an object such as { "minimumGroup": 5 }');
          break;
        }
        for (const c of v.entries) {
          if (c.key !== "minimumGroup") {
            unknown(c, "cohort setting", ["minimumGroup"]);
            continue;
          }
          const x = c.value;
          if (x.kind === "number" && Number.isInteger(x.value) && x.value >= 2 && x.value <= 1000)
            minimumGroup = x.value;
          else
            wrong(
              x,
              "minimumGroup",
              "a whole number from 2 to 1000: the smallest group a cohort report shows (1 would single a trainee out)",
            );
        }
        break;
      case "lrs": {
        if (v.kind !== "object") {
          wrong(v, "lrs", 'an object such as { "endpoint": "https://lrs.example.org/xapi/" }');
          break;
        }
        const endpoint = v.entries.find((e) => e.key === "endpoint");
        const url = endpoint?.value.kind === "string" ? safeUrl(endpoint.value.value) : undefined;
        if (!endpoint)
          error(
            v.position,
            'Unexpected "lrs" without "endpoint", expected the LRS\'s address, e.g. "https://lrs.example.org/xapi/"',
          );
        else if (!url || (url.protocol !== "https:" && url.protocol !== "http:"))
          wrong(endpoint.value, "endpoint", 'the LRS\'s address, e.g. "https://lrs.example.org/xapi/"');
        else {
          let ok = true;
          for (const c of v.entries) {
            if (c.key === "endpoint") continue;
            if (c.key !== "auth") {
              unknown(c, "lrs setting", ["endpoint", "auth"]);
              ok = false;
            } else if (c.value.kind !== "string") {
              wrong(
                c.value,
                "auth",
                'the Authorization header the site sends, e.g. "Basic …" (public: a write-only key)',
              );
              ok = false;
            }
          }
          if (ok) lrs = plain(v) as LrsConfig;
        }
        break;
      }
      default:
        unknown(entry, "setting", TOP_KEYS);
    }
  }
  if (diagnostics.length > 0) return { diagnostics, positions };
  const value: WorkspaceConfig = {
    ...(group === undefined ? {} : { group }),
    site: site as SiteConfig,
    ...(publish === undefined ? {} : { publish }),
    ...(support === undefined ? {} : { support }),
    audit: audit as AuditThresholds,
    cohort: { minimumGroup },
    ...(lrs === undefined ? {} : { lrs }),
  };
  return { value, diagnostics, positions };
}

/**
 * The ids in `publish` that name no scenario of the library, each at its place in the file, with the
 * nearest id; an empty list when every one is there (or the config publishes everything).
 */
export function unknownPublished(
  config: WorkspaceConfig,
  positions: ReadonlyMap<string, Position>,
  ids: readonly string[],
  file: string,
): Diagnostic[] {
  return (config.publish ?? [])
    .filter((id) => !ids.includes(id))
    .map((id) => {
      const near = closest(id, ids);
      return diagnostic(
        file,
        positions.get(`publish.${id}`),
        "error",
        "config",
        `Unexpected "${id}" in "publish": no scenario has that id${near ? ` (did you mean "${near}"?)` : ""}`,
      );
    });
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function plain(v: Json): JsonValue {
  switch (v.kind) {
    case "object":
      return Object.fromEntries(v.entries.map((e) => [e.key, plain(e.value)]));
    case "array":
      return v.items.map(plain);
    case "null":
      return null;
    default:
      return v.value;
  }
}

type Json =
  | { readonly kind: "object"; readonly position: Position; readonly entries: readonly Entry[] }
  | { readonly kind: "array"; readonly position: Position; readonly items: readonly Json[] }
  | { readonly kind: "string"; readonly position: Position; readonly value: string }
  | { readonly kind: "number"; readonly position: Position; readonly value: number }
  | { readonly kind: "boolean"; readonly position: Position; readonly value: boolean }
  | { readonly kind: "null"; readonly position: Position };
type Entry = { readonly key: string; readonly keyPosition: Position; readonly value: Json };

function describe(v: Json): string {
  switch (v.kind) {
    case "string":
      return `string ${JSON.stringify(v.value)}`;
    case "number":
    case "boolean":
      return `${v.kind} ${v.value}`;
    default:
      return v.kind;
  }
}

class JsonSyntaxError extends Error {
  // A plain field, not a parameter property: Node runs this file by stripping types, which cannot rewrite those.
  readonly position: Position;
  constructor(message: string, position: Position) {
    super(message);
    this.position = position;
  }
}

/** A small JSON reader that keeps the line and column of every key and value. */
class JsonReader {
  private at = 0;
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  document(): Json {
    if (this.text.charCodeAt(0) === 0xfeff) this.at = 1;
    const value = this.value();
    this.space();
    if (this.at < this.text.length) this.fail(`Unexpected ${this.shown()} after the end of the settings`);
    return value;
  }

  private position(at = this.at): Position {
    let line = 1;
    let start = 0;
    for (let i = 0; i < at; i++)
      if (this.text[i] === "\n") {
        line++;
        start = i + 1;
      }
    return { line, column: at - start + 1 };
  }

  private fail(message: string, at = this.at): never {
    throw new JsonSyntaxError(message, this.position(at));
  }

  private shown(): string {
    const c = this.text[this.at];
    return c === undefined ? "end of file" : `\`${c}\``;
  }

  private space(): void {
    while (/[ \t\r\n]/.test(this.text[this.at] ?? "")) this.at++;
  }

  private value(): Json {
    this.space();
    const position = this.position();
    const c = this.text[this.at];
    if (c === "{") return this.object(position);
    if (c === "[") return { kind: "array", position, items: this.array() };
    if (c === '"') return { kind: "string", position, value: this.string() };
    const word = /^(true|false|null)/.exec(this.text.slice(this.at, this.at + 5));
    if (word) {
      this.at += word[0].length;
      return word[0] === "null" ? { kind: "null", position } : { kind: "boolean", position, value: word[0] === "true" };
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at));
    if (number) {
      this.at += number[0].length;
      return { kind: "number", position, value: Number(number[0]) };
    }
    return this.fail(`Unexpected ${this.shown()}, expected a value (a number, true, false, "text", { … } or [ … ])`);
  }

  private object(position: Position): Json {
    this.at++;
    const entries: Entry[] = [];
    this.space();
    if (this.text[this.at] === "}") {
      this.at++;
      return { kind: "object", position, entries };
    }
    for (;;) {
      this.space();
      const keyPosition = this.position();
      if (this.text[this.at] !== '"') this.fail(`Unexpected ${this.shown()}, expected a "quoted" setting name`);
      const key = this.string();
      this.space();
      if (this.text[this.at] !== ":") this.fail(`Unexpected ${this.shown()}, expected \`:\` after "${key}"`);
      this.at++;
      const value = this.value();
      if (entries.some((e) => e.key === key))
        throw new JsonSyntaxError(`Unexpected second "${key}", expected each setting once`, keyPosition);
      entries.push({ key, keyPosition, value });
      this.space();
      const c = this.text[this.at];
      this.at++;
      if (c === "}") return { kind: "object", position, entries };
      if (c !== ",")
        this.fail(`Unexpected ${c === undefined ? "end of file" : `\`${c}\``}, expected \`,\` or \`}\``, this.at - 1);
    }
  }

  private array(): Json[] {
    this.at++;
    this.space();
    const items: Json[] = [];
    if (this.text[this.at] === "]") {
      this.at++;
      return items;
    }
    for (;;) {
      items.push(this.value());
      this.space();
      const c = this.text[this.at];
      this.at++;
      if (c === "]") return items;
      if (c !== ",")
        this.fail(`Unexpected ${c === undefined ? "end of file" : `\`${c}\``}, expected \`,\` or \`]\``, this.at - 1);
    }
  }

  private string(): string {
    const start = this.at;
    this.at++;
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined || c === "\n")
        this.fail('Unexpected end of line inside a string, expected a closing `"`', start);
      if (c === "\\") this.at += 2;
      else if (c === '"') break;
      else this.at++;
    }
    this.at++;
    try {
      return JSON.parse(this.text.slice(start, this.at)) as string;
    } catch {
      return this.fail(
        'Unexpected escape in a string, expected one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX',
        start,
      );
    }
  }
}
