import type { Block, Inline } from "../model.ts";
import { pushAll } from "../push-all.ts";
import { attributeText, flagList } from "./attributes.ts";
import type { MdNode } from "./parse.ts";

const PROSE_COMPONENTS = new Set(["Line", "Note", "When"]);
const NO_SKIP: ReadonlySet<string> = new Set();

/** Converts mdast flow content to portable blocks; components outside prose are skipped (rules report them). */
export function toBlocks(children: readonly MdNode[], skip: ReadonlySet<string> = NO_SKIP): Block[] {
  const out: Block[] = [];
  // Inline content (a component written on one line) is gathered into paragraphs.
  let inline: MdNode[] = [];
  const flush = () => {
    if (inline.length > 0) pushAll(out, splitParagraph(inline, skip));
    inline = [];
  };
  for (const node of children) {
    if (isFlow(node)) {
      flush();
      pushAll(out, toBlock(node, skip));
    } else inline.push(node);
  }
  flush();
  return out;
}

function toBlock(node: MdNode, skip: ReadonlySet<string>): Block[] {
  switch (node.type) {
    case "paragraph":
      return splitParagraph(node.children ?? [], skip);
    case "heading":
      return [{ type: "heading", depth: node.depth ?? 2, children: tidy(toInlines(node.children ?? [])) }];
    case "list":
      return [
        {
          type: "list",
          ordered: node.ordered === true,
          items: (node.children ?? []).map((item) => toBlocks(item.children ?? [], skip)),
        },
      ];
    case "blockquote":
      return [{ type: "quote", children: toBlocks(node.children ?? [], skip) }];
    case "thematicBreak":
      return [{ type: "rule" }];
    case "code":
      return [{ type: "paragraph", children: [{ type: "code", value: String(node.value ?? "") }] }];
    case "table":
      return [table(node)];
    case "mdxJsxFlowElement":
    case "mdxJsxTextElement":
      return component(node, skip);
    default:
      return [];
  }
}

/** A GFM table, every row cut or padded to the header's number of columns. */
function table(node: MdNode): Block {
  const given = (node as { align?: unknown }).align;
  const align = (Array.isArray(given) ? given : []).map((a) =>
    a === "left" || a === "right" || a === "center" ? a : null,
  );
  const rows = (node.children ?? []).map((row) => {
    const cells = (row.children ?? []).map((cell) => tidy(toInlines(cell.children ?? [])));
    return Array.from({ length: align.length }, (_, i) => cells[i] ?? []);
  });
  return { type: "table", align, rows };
}

function component(node: MdNode, skip: ReadonlySet<string>): Block[] {
  const name = node.name ?? "";
  if (skip.has(name) || !PROSE_COMPONENTS.has(name)) return [];
  const children = node.children ?? [];
  if (name === "Line") {
    return [{ type: "line", who: attributeText(node, "who") ?? "", children: tidy(inlineContent(children)) }];
  }
  if (name === "Note") return [{ type: "note", children: toBlocks(children, skip) }];
  return [
    {
      type: "when",
      if: flagList(attributeText(node, "if")),
      unless: flagList(attributeText(node, "unless")),
      children: toBlocks(children, skip),
    },
  ];
}

function inlineContent(children: readonly MdNode[]): Inline[] {
  const flat: MdNode[] = [];
  for (const c of children) {
    if (c.type === "paragraph") {
      if (flat.length > 0) flat.push({ type: "text", value: " " });
      pushAll(flat, c.children ?? []);
    } else flat.push(c);
  }
  return toInlines(flat);
}

const FLOW = new Set([
  "paragraph",
  "heading",
  "list",
  "blockquote",
  "thematicBreak",
  "code",
  "table",
  "mdxJsxFlowElement",
]);
const isFlow = (node: MdNode) => FLOW.has(node.type);

/**
 * A paragraph may hold prose components inline when the author left no blank
 * lines (`text\n<Line who="A">Hi</Line>`): split it into blocks around them.
 */
function splitParagraph(children: readonly MdNode[], skip: ReadonlySet<string>): Block[] {
  const out: Block[] = [];
  let run: MdNode[] = [];
  const flush = () => {
    const inlines = tidy(toInlines(run));
    if (inlines.length > 0) out.push({ type: "paragraph", children: inlines });
    run = [];
  };
  for (const c of children) {
    if (c.type === "mdxJsxTextElement") {
      flush();
      pushAll(out, component(c, skip));
    } else run.push(c);
  }
  flush();
  return out;
}

export function toInlines(children: readonly MdNode[]): Inline[] {
  const out: Inline[] = [];
  for (const node of children) {
    switch (node.type) {
      case "text":
        out.push({ type: "text", value: String(node.value ?? "") });
        break;
      case "emphasis":
        out.push({ type: "emphasis", children: toInlines(node.children ?? []) });
        break;
      case "strong":
        out.push({ type: "strong", children: toInlines(node.children ?? []) });
        break;
      case "delete":
        pushAll(out, toInlines(node.children ?? []));
        break;
      case "inlineCode":
        out.push({ type: "code", value: String(node.value ?? "") });
        break;
      case "link":
        out.push({ type: "link", url: node.url ?? "", children: toInlines(node.children ?? []) });
        break;
      case "image":
        out.push({ type: "image", url: node.url ?? "", alt: node.alt ?? "" });
        break;
      case "break":
        out.push({ type: "break" });
        break;
      case "mdxJsxTextElement":
      case "mdxJsxFlowElement":
        // A component inside emphasis, a link, a heading or a table cell: never
        // flattened into text (a note would reach the trainee, a condition would
        // be ignored). The `inline-component` rule reports it.
        break;
      default:
        if (node.children) pushAll(out, toInlines(node.children));
    }
  }
  return out;
}

const NEWLINE = /\s*\n\s*/g;

/**
 * Folds newlines into spaces, merges neighbouring text and trims the ends. Text items come back as new
 * objects (the others as given); a text that needs no change is copied as it is, without a regex run.
 */
export function tidy(inlines: readonly Inline[]): Inline[] {
  const merged: Inline[] = [];
  let empty = false;
  for (const item of inlines) {
    if (item.type !== "text") {
      merged.push(item);
      continue;
    }
    const value = item.value.includes("\n") ? item.value.replace(NEWLINE, " ") : item.value;
    const last = merged[merged.length - 1];
    if (last?.type === "text") merged[merged.length - 1] = { type: "text", value: last.value + value };
    else merged.push({ type: "text", value });
  }
  const first = merged[0];
  if (first?.type === "text") {
    const value = first.value.trimStart();
    if (value !== first.value) merged[0] = { type: "text", value };
  }
  const lastIndex = merged.length - 1;
  const last = merged[lastIndex];
  if (last?.type === "text") {
    const value = last.value.trimEnd();
    if (value !== last.value) merged[lastIndex] = { type: "text", value };
  }
  for (const i of merged) if (i.type === "text" && i.value === "") empty = true;
  return empty ? merged.filter((i) => i.type !== "text" || i.value !== "") : merged;
}

/** Whether blocks hold any visible text (stops at the first). */
export function hasText(blocks: readonly Block[]): boolean {
  return blocks.some((b) => {
    switch (b.type) {
      case "paragraph":
      case "heading":
      case "line":
        return b.children.some((i) =>
          i.type === "text" || i.type === "code" ? i.value.trim() !== "" : i.type !== "break",
        );
      case "list":
        return b.items.some(hasText);
      case "table":
        return b.rows.some((row) => row.some((cell) => inlineText(cell).trim() !== ""));
      case "quote":
      case "note":
      case "when":
        return hasText(b.children);
      default:
        return false;
    }
  });
}

/** The plain text of blocks, for summaries, search and terminal fallbacks. */
export function plainText(blocks: readonly Block[]): string {
  return blocks
    .map((b) => blockText(b))
    .filter(Boolean)
    .join("\n");
}

function blockText(block: Block): string {
  switch (block.type) {
    case "paragraph":
    case "heading":
      return inlineText(block.children);
    case "line":
      return `${block.who}: ${inlineText(block.children)}`;
    case "list":
      return block.items.map((item) => `- ${plainText(item)}`).join("\n");
    case "quote":
    case "note":
    case "when":
      return plainText(block.children);
    case "table":
      return block.rows.map((row) => row.map(inlineText).join(" | ")).join("\n");
    case "rule":
      return "";
  }
}

export function inlineText(inlines: readonly Inline[]): string {
  return inlines
    .map((i) => {
      switch (i.type) {
        case "text":
        case "code":
          return i.value;
        case "image":
          return i.alt;
        case "break":
          return "\n";
        default:
          return inlineText(i.children);
      }
    })
    .join("");
}
