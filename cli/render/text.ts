import stringWidth from "string-width";
import wrapAnsi from "wrap-ansi";
import { inlineText } from "../../engine/compile/prose.ts";
import type { Block, Inline, Support } from "../../engine/model.ts";
import { pushAll } from "../../engine/push-all.ts";
import { whenHolds } from "../../engine/run.ts";
import type { Styles } from "../io.ts";
import { terminalSafe } from "./terminal-safe.ts";

export type TextOptions = {
  readonly width: number;
  readonly styles: Styles;
  /** Flags of the run, for `<When>`; undefined shows every branch marked with its condition. */
  readonly flags?: readonly string[];
  /** Show facilitator notes. */
  readonly notes: boolean;
};

/** Terminal columns a string takes: ANSI styles take none, wide (CJK) characters two, a ZWJ emoji sequence one cluster. */
export const visibleLength = (text: string) => stringWidth(text);

/** Pads styled text with spaces to `columns` terminal columns. */
export const padColumns = (text: string, columns: number) =>
  text + " ".repeat(Math.max(0, columns - visibleLength(text)));

/** The leading part of styled text that fits `columns` terminal columns, never cutting a character or cluster. */
export const fitColumns = (text: string, columns: number): string =>
  visibleLength(text) <= columns
    ? text
    : (wrapAnsi(text, Math.max(1, columns), { hard: true, trim: false, wordWrap: false }).split("\n")[0] ?? "");

export function inlineToText(inlines: readonly Inline[], s: Styles): string {
  return inlines
    .map((i) => {
      switch (i.type) {
        case "text":
          return terminalSafe(i.value);
        case "emphasis":
          return s.italic(inlineToText(i.children, s));
        case "strong":
          return s.bold(inlineToText(i.children, s));
        case "code":
          return s.cyan(terminalSafe(i.value));
        case "link":
          return `${inlineToText(i.children, s)} (${terminalSafe(i.url)})`;
        case "image":
          return `[image: ${terminalSafe(i.alt)}]`;
        case "break":
          return "\n";
        default:
          return "";
      }
    })
    .join("");
}

/**
 * Word-wraps styled text to a width in terminal columns: continuation lines
 * start with `indent`, the first with `firstIndent`. A word wider than the
 * room left (a URL, a line of CJK text without spaces) is broken between
 * characters, never inside one.
 */
export function wrap(text: string, width: number, indent = "", firstIndent = indent): string[] {
  const lines: string[] = [];
  const indentWidth = visibleLength(indent);
  for (const paragraph of text.split("\n")) {
    let line = firstIndent;
    let used = visibleLength(firstIndent);
    let empty = true;
    for (let word of paragraph.split(/ +/).filter(Boolean)) {
      let wordWidth = visibleLength(word);
      // Too wide for a line of its own: it fills the rest of this line, then as much of each next as fits.
      while (wordWidth > width - indentWidth && wordWidth > 0) {
        if (!empty && width - used - 1 < 4) {
          lines.push(line);
          line = indent;
          used = indentWidth;
          empty = true;
        }
        const room = Math.max(1, width - used - (empty ? 0 : 1));
        const [piece, rest] = breakAt(word, room);
        lines.push(empty ? line + piece : `${line} ${piece}`);
        line = indent;
        used = indentWidth;
        empty = true;
        word = rest;
        wordWidth = visibleLength(word);
      }
      if (!word) continue;
      if (!empty && used + 1 + wordWidth > width) {
        lines.push(line);
        line = indent + word;
        used = indentWidth + wordWidth;
      } else {
        line = empty ? line + word : `${line} ${word}`;
        used += (empty ? 0 : 1) + wordWidth;
      }
      empty = false;
    }
    lines.push(line);
  }
  return lines;
}

/** Punctuation that must not start a line in CJK text (kinsoku): it stays with the character before it. */
const NO_LINE_START = /^[、。，．・：；？！ー」』）】〕〉》”’,.:;?!)\]}]/u;
const graphemes = new Intl.Segmenter();

/** Splits a word at `room` columns, between characters, keeping closing punctuation off the next line's start. */
function breakAt(word: string, room: number): [string, string] {
  const [piece = "", ...rest] = wrapAnsi(word, room, { hard: true, trim: false, wordWrap: false }).split("\n");
  let head = piece;
  let tail = rest.join("");
  // Plain text only: a styled piece ends in escape codes, not in a character to move.
  if (!head.includes("\u001b")) {
    const parts = [...graphemes.segment(head)].map((g) => g.segment);
    while (NO_LINE_START.test(tail) && parts.length > 1) tail = parts.pop() + tail;
    head = parts.join("");
  }
  return [head, tail];
}

/** Renders portable blocks as terminal lines. */
export function blocksToLines(blocks: readonly Block[], options: TextOptions, indent = ""): string[] {
  const s = options.styles;
  const out: string[] = [];
  const gap = () => {
    if (out.length > 0 && out[out.length - 1] !== "") out.push("");
  };
  for (const block of blocks) {
    switch (block.type) {
      case "paragraph":
        gap();
        pushAll(out, wrap(inlineToText(block.children, s), options.width, indent));
        break;
      case "heading":
        gap();
        pushAll(out, wrap(s.bold(inlineToText(block.children, s)), options.width, indent));
        break;
      case "line": {
        gap();
        const who = s.bold(`${terminalSafe(block.who)}:`);
        pushAll(out, wrap(`${who} ${inlineToText(block.children, s)}`, options.width, `${indent}  `, indent));
        break;
      }
      case "list":
        gap();
        block.items.forEach((item, i) => {
          const marker = block.ordered ? `${i + 1}. ` : "• ";
          const lines = blocksToLines(item, options, `${indent}${" ".repeat(marker.length)}`);
          const first = lines.findIndex((l) => l.trim() !== "");
          if (first >= 0)
            lines[first] = `${indent}${marker}${(lines[first] ?? "").slice(indent.length + marker.length)}`;
          pushAll(
            out,
            lines.filter((l) => l !== ""),
          );
        });
        break;
      case "quote":
        gap();
        pushAll(out, blocksToLines(block.children, options, `${indent}│ `));
        break;
      case "rule":
        gap();
        out.push(indent + s.dim("─".repeat(Math.min(20, options.width - indent.length))));
        break;
      case "table":
        gap();
        pushAll(out, tableToLines(block, options, indent));
        break;
      case "note":
        if (!options.notes) break;
        gap();
        out.push(`${indent}${s.magenta("▌ Facilitator note")}`);
        pushAll(
          out,
          blocksToLines(block.children, options, `${indent}${s.magenta("▌")} `).filter((l) => l !== ""),
        );
        break;
      case "when": {
        const show = options.flags === undefined || whenHolds(block, options.flags);
        if (!show) break;
        const inner = blocksToLines(block.children, options, indent);
        if (inner.length) {
          gap();
          pushAll(
            out,
            inner.filter((l, i) => !(i === 0 && l === "")),
          );
        }
        break;
      }
    }
  }
  return out;
}

/**
 * A table as aligned columns under a ruled header; when the columns do not fit
 * the width, each row as `Header: value` lines instead.
 */
export function tableToLines(block: Extract<Block, { type: "table" }>, options: TextOptions, indent = ""): string[] {
  const s = options.styles;
  const rows = block.rows.map((row) => row.map((cell) => inlineToText(cell, s).replace(/\s*\n\s*/g, " ")));
  const [head = [], ...body] = rows;
  const widths = block.align.map((_, i) => Math.max(0, ...rows.map((row) => visibleLength(row[i] ?? ""))));
  const total = visibleLength(indent) + widths.reduce((a, b) => a + b, 0) + 3 * Math.max(0, widths.length - 1);
  if (total <= options.width) {
    const line = (row: readonly string[]) =>
      indent +
      row
        .map((cell, i) => {
          const room = (widths[i] ?? 0) - visibleLength(cell);
          const a = block.align[i];
          if (a === "right") return " ".repeat(room) + cell;
          if (a === "center") return " ".repeat(room >> 1) + cell + " ".repeat(room - (room >> 1));
          return cell + " ".repeat(room);
        })
        .join(" │ ")
        .trimEnd();
    return [
      line(head.map((h) => s.bold(h))),
      indent + s.dim(widths.map((w) => "─".repeat(w)).join("─┼─")),
      ...body.map(line),
    ];
  }
  const out: string[] = [];
  for (const row of body) {
    if (out.length > 0) out.push("");
    row.forEach((cell, i) => {
      const label = head[i] ? `${s.bold(`${head[i]}:`)} ` : "";
      pushAll(out, wrap(`${label}${cell}`, options.width, `${indent}  `, indent));
    });
  }
  return out;
}

/** A scene or ending title as a rule across the terminal: `── Title ─────`, never wider than `width`. */
export function headingLine(text: string, width: number, s: Styles): string {
  const title = terminalSafe(text);
  const rule = `── ${title} ${"─".repeat(Math.max(2, Math.min(width, 60) - visibleLength(title) - 4))}`;
  return s.bold(fitColumns(rule, width));
}

/** A choice's text on one line (its paragraphs joined by a space), for lists and debriefs. */
export function oneLine(blocks: readonly Block[]): string {
  const inlines = blocks.flatMap((b, i) => {
    const own = b.type === "paragraph" || b.type === "heading" || b.type === "line" ? b.children : [];
    return i > 0 && own.length ? [{ type: "text" as const, value: " " }, ...own] : own;
  });
  return terminalSafe(inlineText(inlines));
}

/** A `<Reflect>` question, set apart with a bar: a heading, then the question. Nothing when there is none. */
export function reflectLines(blocks: readonly Block[] | undefined, title: string, options: TextOptions): string[] {
  if (!blocks || blocks.length === 0) return [];
  const s = options.styles;
  const bar = s.cyan("│ ");
  return [`${bar}${s.bold(title)}`, ...blocksToLines(blocks, options, bar).map((line) => (line === "" ? bar : line))];
}

/** How many contacts the short version under a content note lists; the rest are in the support file. */
const SHORT_CONTACTS = 3;

/**
 * The short version of the group's support page, shown under a content note:
 * its first contacts, when to use each and how to reach it, and where the full page is.
 */
export function supportLines(support: Support | undefined, width: number, s: Styles): string[] {
  if (!support || support.contacts.length === 0)
    return wrap(
      s.dim(
        "If this brings something up: in an emergency, call your local emergency services; in a crisis, a crisis line; after a hard session, your facilitator or coordinator.",
      ),
      width,
    );
  const out = [s.bold("If this brings something up:")];
  for (const c of support.contacts.slice(0, SHORT_CONTACTS))
    pushAll(out, wrap(`${terminalSafe(c.name)}: ${terminalSafe(c.reach)}`, width, "    ", "  "));
  if (support.placeholders.length > 0)
    pushAll(
      out,
      wrap(s.dim("The group has not filled these in yet: ask your facilitator for its contacts."), width, "  "),
    );
  pushAll(out, wrap(s.dim(`Every contact and what it is for: ${terminalSafe(support.file)}`), width, "  "));
  return out;
}
