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

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
const ANSI = /\u001b\[[0-9;]*m/g;
export const visibleLength = (text: string) => text.replace(ANSI, "").length;

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

/** Word-wraps styled text to a width; words longer than the width are broken. */
export function wrap(text: string, width: number, indent = "", firstIndent = indent): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = firstIndent;
    let lineIndent = firstIndent;
    let empty = true;
    for (let word of paragraph.split(/ +/).filter(Boolean)) {
      while (
        visibleLength(lineIndent) + visibleLength(word) > width &&
        visibleLength(word) > width - visibleLength(indent)
      ) {
        // An overlong word (a URL): break it at the width.
        if (!empty) {
          lines.push(line);
          line = indent;
          lineIndent = indent;
          empty = true;
        }
        const room = Math.max(1, width - visibleLength(indent));
        lines.push(indent + word.slice(0, room));
        word = word.slice(room);
      }
      if (!word) continue;
      const candidate = empty ? line + word : `${line} ${word}`;
      if (!empty && visibleLength(candidate) > width) {
        lines.push(line);
        line = indent + word;
        lineIndent = indent;
      } else line = candidate;
      empty = false;
    }
    lines.push(line);
    lineIndent = indent;
  }
  return lines;
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
  const total = indent.length + widths.reduce((a, b) => a + b, 0) + 3 * Math.max(0, widths.length - 1);
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
  const rule = `── ${title} ${"─".repeat(Math.max(2, Math.min(width, 60) - title.length - 4))}`;
  return s.bold(rule.slice(0, Math.max(title.length + 3, width)));
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
