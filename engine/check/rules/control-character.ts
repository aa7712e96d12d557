import { nodePosition } from "../../compile/attributes.ts";
import type { MdNode } from "../../compile/parse.ts";
import { LineIndex } from "../../compile/parse.ts";
import type { Diagnostic } from "../../diagnostics.ts";
import { diagnostic } from "../../diagnostics.ts";
import type { Position } from "../../model.ts";
import type { Rule } from "../context.ts";

/**
 * Characters no scenario needs and a terminal or a reader can be fooled by:
 * C0 controls except tab, line feed and carriage return (ESC starts the
 * sequences that retitle a window, write the clipboard or clear the screen),
 * DEL, C1 controls (U+0080–U+009F, where U+009B and U+009D act as ESC [ and
 * ESC ]), and the bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) that make text read differently from how it
 * is stored. The marks U+200E and U+200F stay allowed for right-to-left prose.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const RUN = new RegExp(`${CONTROL_CHARACTER.source}+`, "g");
/** Each control character on its own (`match` with a global regex starts from 0 every time, so one is shared). */
const EVERY = new RegExp(CONTROL_CHARACTER.source, "g");

const NAMES: Readonly<Record<number, string>> = {
  0: "null",
  7: "bell",
  8: "backspace",
  11: "vertical tab",
  12: "form feed",
  27: "escape",
  127: "delete",
  155: "control sequence introducer",
  157: "operating system command",
};

/** `U+001B (escape)` */
export function describeCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const name =
    NAMES[code] ??
    (code >= 0x202a && code <= 0x202e
      ? "bidirectional formatting"
      : code >= 0x2066 && code <= 0x2069
        ? "bidirectional isolate"
        : "control character");
  return `${hex} (${name})`;
}

const describeRun = (run: string) => {
  const distinct = [...new Set(run)];
  const named = distinct.slice(0, 3).map(describeCharacter).join(", ");
  return distinct.length > 3 ? `${named} and ${distinct.length - 3} more` : named;
};

/**
 * Whether any string a node carries holds a control character. One `test` per
 * string, with no copies: almost every node holds none, and this runs on
 * every node of the file (a fresh global regex and a joined copy per node
 * made the rule cost a few microseconds a node).
 */
function carriesControl(node: MdNode): boolean {
  if (typeof node.value === "string" && CONTROL_CHARACTER.test(node.value)) return true;
  if (typeof node.alt === "string" && CONTROL_CHARACTER.test(node.alt)) return true;
  if (typeof node.url === "string" && CONTROL_CHARACTER.test(node.url)) return true;
  for (const a of node.attributes ?? [])
    if (typeof a.value === "string" && CONTROL_CHARACTER.test(a.value)) return true;
  return false;
}

/** The strings a node carries after character references are decoded. */
function nodeStrings(node: MdNode): string[] {
  const out: string[] = [];
  if (typeof node.value === "string") out.push(node.value);
  if (typeof node.alt === "string") out.push(node.alt);
  if (typeof node.url === "string") out.push(node.url);
  for (const a of node.attributes ?? []) if (typeof a.value === "string") out.push(a.value);
  return out;
}

/** Every run of control characters in the raw source, with its place and message. */
function rawControlCharacters(source: string, lines: LineIndex): { position: Position; message: string }[] {
  const out: { position: Position; message: string }[] = [];
  for (const match of source.matchAll(RUN)) {
    const start = lines.at(match.index);
    const end = lines.at(match.index + match[0].length);
    out.push({
      position: { ...start, endLine: end.line, endColumn: end.column },
      message: `Unexpected ${describeRun(match[0])}, expected printable text: delete it`,
    });
  }
  return out;
}

/**
 * The rule's diagnostics for a file the parser rejected (rules run on parsed
 * files only): a control character is often why it does not parse.
 */
export function controlCharacterDiagnostics(source: string, file: string): Diagnostic[] {
  return rawControlCharacters(source, new LineIndex(source)).map(({ position, message }) =>
    diagnostic(file, position, controlCharacter.severity, controlCharacter.id, message),
  );
}

export const controlCharacter: Rule = {
  id: "control-character",
  severity: "error",
  description: "A control character or bidirectional override in the file.",
  applies: "both",
  check(context, report) {
    const linesWithRaw = new Set<number>();
    for (const { position, message } of rawControlCharacters(context.source, context.lines)) {
      linesWithRaw.add(position.line);
      report(position, message);
    }
    // A character reference (`&#x202E;`) reaches the text decoded. Without a `&` or a raw control character
    // in the file, no string in the tree can hold one: the parser decodes nothing else into them.
    if (linesWithRaw.size === 0 && !context.source.includes("&")) return;
    for (const { node } of context.nodes) {
      if (!carriesControl(node)) continue;
      const found = nodeStrings(node).join("").match(EVERY);
      if (!found) continue;
      const place = nodePosition(node);
      let raw = false;
      // An element's attributes sit on its first line; its children are visited on their own.
      const last = node.attributes ? place.line : (place.endLine ?? place.line);
      for (let l = place.line; l <= last; l++) raw ||= linesWithRaw.has(l);
      if (raw) continue;
      report(
        place,
        `Unexpected ${describeRun(found.join(""))} from a character reference, expected printable text: delete the reference`,
      );
    }
  },
};
