/**
 * `rehearse.config.json`: the project's own settings, read from the text (the
 * CLI reads the file). Today it holds the audit's thresholds:
 *
 *     { "audit": { "guessable-order": 40, "few-tradeoffs": 2, "guessable-path": false } }
 *
 * Every problem is a positioned `config` error (line and column in the JSON),
 * never an exception.
 */
import type { AuditRuleId, AuditThresholds } from "./audit.ts";
import { DEFAULT_THRESHOLDS } from "./audit.ts";
import { closest } from "./compile/frontmatter.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { diagnostic } from "./diagnostics.ts";
import type { Position } from "./model.ts";

export const CONFIG_FILE = "rehearse.config.json";

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

export type Config = { readonly audit: AuditThresholds };

/** Reads a config file's text; `file` is the path shown in messages. */
export function parseConfig(text: string, file: string): { value?: Config; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const error = (position: Position, message: string) =>
    diagnostics.push(diagnostic(file, position, "error", "config", message));
  let root: Json;
  try {
    root = new JsonReader(text).document();
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    error(e.position, e.message);
    return { diagnostics };
  }
  if (root.kind !== "object") {
    error(root.position, `Unexpected ${describe(root)}, expected an object such as { "audit": { … } }`);
    return { diagnostics };
  }
  const audit: Record<string, number | boolean> = { ...DEFAULT_THRESHOLDS };
  for (const entry of root.entries) {
    if (entry.key !== "audit") {
      const near = closest(entry.key, ["audit"]);
      error(
        entry.keyPosition,
        `Unexpected setting "${entry.key}"${near ? ` (did you mean "${near}"?)` : ""}, expected only "audit"`,
      );
      continue;
    }
    const value = entry.value;
    if (value.kind !== "object") {
      error(value.position, `Unexpected ${describe(value)} for "audit", expected an object of rule thresholds`);
      continue;
    }
    for (const rule of value.entries) {
      const kind = KINDS[rule.key as AuditRuleId];
      if (!kind) {
        const near = closest(rule.key, Object.keys(KINDS));
        error(
          rule.keyPosition,
          `Unexpected audit rule "${rule.key}"${near ? ` (did you mean "${near}"?)` : ""}, expected one of ${Object.keys(KINDS).join(", ")}`,
        );
        continue;
      }
      const v = rule.value;
      const ok =
        v.kind === "boolean"
          ? kind === "switch" || v.value === false
          : v.kind === "number" &&
            kind !== "switch" &&
            (kind === "percent" ? v.value >= 0 && v.value <= 100 : Number.isInteger(v.value)) &&
            (kind !== "count" || v.value >= 0);
      if (!ok) {
        error(v.position, `Unexpected ${describe(v)} for "${rule.key}", expected ${EXPECTED[kind]}`);
        continue;
      }
      audit[rule.key] = v.kind === "boolean" || v.kind === "number" ? v.value : false;
    }
  }
  if (diagnostics.length > 0) return { diagnostics };
  return { value: { audit: audit as AuditThresholds }, diagnostics };
}

type Json =
  | { readonly kind: "object"; readonly position: Position; readonly entries: readonly Entry[] }
  | { readonly kind: "array"; readonly position: Position }
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
  constructor(
    message: string,
    readonly position: Position,
  ) {
    super(message);
  }
}

/** A small JSON reader that keeps the line and column of every key and value. */
class JsonReader {
  private at = 0;
  constructor(private readonly text: string) {}

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
    if (c === "[") {
      this.array();
      return { kind: "array", position };
    }
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

  private array(): void {
    this.at++;
    this.space();
    if (this.text[this.at] === "]") {
      this.at++;
      return;
    }
    for (;;) {
      this.value();
      this.space();
      const c = this.text[this.at];
      this.at++;
      if (c === "]") return;
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
