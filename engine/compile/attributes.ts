import type { Position } from "../model.ts";
import type { LineIndex, MdAttribute, MdNode } from "./parse.ts";

/** The string value of a plain attribute (`id="x"`), or undefined. */
export function attributeText(node: MdNode, name: string): string | undefined {
  const attr = findAttribute(node, name);
  return typeof attr?.value === "string" ? attr.value : undefined;
}

export function findAttribute(node: MdNode, name: string): MdAttribute | undefined {
  // A plain loop: no closure per lookup (this runs several times for every component of a file).
  const attributes = node.attributes;
  if (!attributes) return undefined;
  for (let i = 0; i < attributes.length; i++) {
    const a = attributes[i] as MdAttribute;
    if (a.type === "mdxJsxAttribute" && a.name === name) return a;
  }
  return undefined;
}

/** Space-separated flag names. */
export function flagList(value: string | undefined): string[] {
  return value ? value.split(/\s+/).filter(Boolean) : [];
}

export function nodePosition(node: MdNode): Position {
  const p = node.position;
  if (!p) return { line: 1, column: 1 };
  return { line: p.start.line, column: p.start.column, endLine: p.end.line, endColumn: p.end.column };
}

/**
 * The parser gives attributes no position, so find the attribute in the
 * element's opening tag: a tiny scanner that respects quotes and braces.
 * Falls back to the element's own position.
 */
export function attributePosition(source: string, lines: LineIndex, node: MdNode, name: string): Position {
  const start = node.position?.start.offset;
  if (start === undefined) return nodePosition(node);
  let i = start;
  let depth = 0;
  let quote = "";
  while (i < source.length) {
    const c = source[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === "{") {
      depth++;
    } else if (c === "}") {
      depth--;
    } else if (depth === 0 && c === ">") {
      break;
    } else if (depth === 0 && source.startsWith(name, i) && /\s/.test(source[i - 1] ?? "")) {
      const after = source[i + name.length] ?? "";
      if (after === "=" || /[\s/>]/.test(after)) return span(lines, i, attributeEnd(source, i + name.length));
    }
    i++;
  }
  return nodePosition(node);
}

/**
 * Where `key` stands inside an object attribute (`scores={{ respect: 1, nope: 2 }}` → `nope`), so that
 * each bad key is placed at itself; the whole attribute when the key cannot be found.
 */
export function attributeKeyPosition(
  source: string,
  lines: LineIndex,
  node: MdNode,
  name: string,
  key: string,
): Position {
  const whole = attributePosition(source, lines, node, name);
  const start = node.position?.start.offset;
  if (start === undefined || whole.endLine === undefined) return whole;
  // The attribute's own text: from the element's start, find `name=` and its matching brace.
  const at = source.indexOf(`${name}=`, start);
  if (at < 0 || lines.at(at).line !== whole.line || lines.at(at).column !== whole.column) return whole;
  const end = attributeEnd(source, at + name.length);
  const text = source.slice(at, end);
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`[{,\\s](["']?)${escaped}\\1\\s*:`).exec(text);
  if (!match) return whole;
  const from = at + match.index + 1;
  return span(lines, from, from + (match[1] ?? "").length * 2 + key.length);
}

function attributeEnd(source: string, from: number): number {
  let i = from;
  while (/\s/.test(source[i] ?? "")) i++;
  if (source[i] !== "=") return from;
  i++;
  while (/\s/.test(source[i] ?? "")) i++;
  const c = source[i];
  if (c === '"' || c === "'") {
    const close = source.indexOf(c, i + 1);
    return close < 0 ? source.length : close + 1;
  }
  if (c === "{") return matchingBrace(source, i);
  return i;
}

function matchingBrace(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === "{") depth++;
    else if (source[i] === "}" && --depth === 0) return i + 1;
  }
  return source.length;
}

function span(lines: LineIndex, from: number, to: number): Position {
  const a = lines.at(from);
  const b = lines.at(to);
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}
