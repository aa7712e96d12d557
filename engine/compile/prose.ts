import type { Block, Inline } from "../model.ts";
import { attributeText, flagList } from "./attributes.ts";
import type { MdNode } from "./parse.ts";

const PROSE_COMPONENTS = new Set(["Line", "Note", "When"]);
const NO_SKIP: ReadonlySet<string> = new Set();

/** Converts mdast flow content to portable blocks; components outside prose are skipped (rules report them). */
export function toBlocks(children: readonly MdNode[], skip: ReadonlySet<string> = NO_SKIP): Block[] {
  const out: Block[] = [];
  addBlocks(out, children, skip);
  return out;
}

// The helpers below append to the caller's list, over index ranges of the parser's child lists: this
// runs for every scene, line and choice, and one array per step (and per paragraph run) was most of
// what reading a scenario allocated.

function addBlocks(out: Block[], children: readonly MdNode[], skip: ReadonlySet<string>): void {
  // Inline content (a component written on one line) is gathered into paragraphs.
  let inlineFrom = -1;
  for (let i = 0; i < children.length; i++) {
    const node = children[i] as MdNode;
    if (FLOW.has(node.type)) {
      if (inlineFrom >= 0) addParagraphs(out, children, inlineFrom, i, skip);
      inlineFrom = -1;
      addBlock(out, node, skip);
    } else if (inlineFrom < 0) inlineFrom = i;
  }
  if (inlineFrom >= 0) addParagraphs(out, children, inlineFrom, children.length, skip);
}

function addBlock(out: Block[], node: MdNode, skip: ReadonlySet<string>): void {
  switch (node.type) {
    case "paragraph": {
      const children = node.children ?? [];
      addParagraphs(out, children, 0, children.length, skip);
      return;
    }
    case "heading":
      out.push({ type: "heading", depth: node.depth ?? 2, children: tidyOwn(toInlines(node.children ?? [])) });
      return;
    case "list":
      out.push({
        type: "list",
        ordered: node.ordered === true,
        items: (node.children ?? []).map((item) => toBlocks(item.children ?? [], skip)),
      });
      return;
    case "blockquote":
      out.push({ type: "quote", children: toBlocks(node.children ?? [], skip) });
      return;
    case "thematicBreak":
      out.push({ type: "rule" });
      return;
    case "code":
      out.push({ type: "paragraph", children: [{ type: "code", value: String(node.value ?? "") }] });
      return;
    case "table":
      out.push(table(node));
      return;
    case "mdxJsxFlowElement":
    case "mdxJsxTextElement":
      addComponent(out, node, skip);
      return;
    default:
      return;
  }
}

/** A GFM table, every row cut or padded to the header's number of columns. */
function table(node: MdNode): Block {
  const given = (node as { align?: unknown }).align;
  const align = (Array.isArray(given) ? given : []).map((a) =>
    a === "left" || a === "right" || a === "center" ? a : null,
  );
  const rows = (node.children ?? []).map((row) => {
    const cells = (row.children ?? []).map((cell) => tidyOwn(toInlines(cell.children ?? [])));
    return Array.from({ length: align.length }, (_, i) => cells[i] ?? []);
  });
  return { type: "table", align, rows };
}

function addComponent(out: Block[], node: MdNode, skip: ReadonlySet<string>): void {
  const name = node.name ?? "";
  if (skip.has(name) || !PROSE_COMPONENTS.has(name)) return;
  const children = node.children ?? [];
  if (name === "Line") {
    out.push({ type: "line", who: attributeText(node, "who") ?? "", children: tidyOwn(inlineContent(children)) });
    return;
  }
  if (name === "Note") {
    out.push({ type: "note", children: toBlocks(children, skip) });
    return;
  }
  out.push({
    type: "when",
    if: flagList(attributeText(node, "if")),
    unless: flagList(attributeText(node, "unless")),
    children: toBlocks(children, skip),
  });
}

/** A line's words: its paragraphs run together, a space between them. */
function inlineContent(children: readonly MdNode[]): Inline[] {
  if (children.length === 1 && children[0]?.type !== "paragraph") return inlinesOf(children, 0, 1);
  const out: Inline[] = [];
  let any = false;
  for (let i = 0; i < children.length; i++) {
    const c = children[i] as MdNode;
    if (c.type === "paragraph") {
      const words = c.children ?? [];
      if (any) out.push({ type: "text", value: " " });
      addInlines(out, words, 0, words.length);
      if (words.length > 0) any = true;
    } else {
      addInlines(out, children, i, i + 1);
      any = true;
    }
  }
  return out;
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

/**
 * A paragraph may hold prose components inline when the author left no blank
 * lines (`text\n<Line who="A">Hi</Line>`): split it into blocks around them.
 */
function addParagraphs(
  out: Block[],
  nodes: readonly MdNode[],
  from: number,
  to: number,
  skip: ReadonlySet<string>,
): void {
  let runFrom = from;
  for (let i = from; i < to; i++) {
    const c = nodes[i] as MdNode;
    if (c.type !== "mdxJsxTextElement") continue;
    addParagraph(out, nodes, runFrom, i);
    addComponent(out, c, skip);
    runFrom = i + 1;
  }
  addParagraph(out, nodes, runFrom, to);
}

function addParagraph(out: Block[], nodes: readonly MdNode[], from: number, to: number): void {
  if (from >= to) return;
  const inlines = inlinesOf(nodes, from, to);
  const tidied = tidyOwn(inlines);
  if (tidied.length > 0) out.push({ type: "paragraph", children: tidied });
}

/**
 * The inlines of `nodes[from..to)`. One text node (most paragraphs, lines and choices) gets a list of
 * exactly one: a list that starts empty takes room for 16 on its first push.
 */
function inlinesOf(nodes: readonly MdNode[], from: number, to: number): Inline[] {
  const only = nodes[from];
  if (to - from === 1 && only?.type === "text") return [{ type: "text", value: String(only.value ?? "") }];
  const inlines: Inline[] = [];
  addInlines(inlines, nodes, from, to);
  return inlines;
}

export function toInlines(children: readonly MdNode[]): Inline[] {
  const out: Inline[] = [];
  addInlines(out, children, 0, children.length);
  return out;
}

function addInlines(out: Inline[], nodes: readonly MdNode[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const node = nodes[i] as MdNode;
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
        // `delete` and any other wrapper: its words, without the wrapper.
        if (node.children) addInlines(out, node.children, 0, node.children.length);
    }
  }
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

/**
 * {@link tidy} for a list this module has just built (fresh objects that nothing else holds): merged
 * and trimmed in place, without a second list and a second object per text.
 */
function tidyOwn(items: Inline[]): Inline[] {
  let n = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Inline;
    if (item.type !== "text") {
      items[n++] = item;
      continue;
    }
    const value = item.value.includes("\n") ? item.value.replace(NEWLINE, " ") : item.value;
    const last = n > 0 ? items[n - 1] : undefined;
    if (last?.type === "text") (last as { value: string }).value = last.value + value;
    else {
      (item as { value: string }).value = value;
      items[n++] = item;
    }
  }
  items.length = n;
  const first = items[0];
  if (first?.type === "text") (first as { value: string }).value = first.value.trimStart();
  const end = items[n - 1];
  if (end?.type === "text") (end as { value: string }).value = end.value.trimEnd();
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const item = items[i] as Inline;
    if (item.type !== "text" || item.value !== "") items[kept++] = item;
  }
  items.length = kept;
  return items;
}

/** Whether blocks hold any visible text (stops at the first). */
export function hasText(blocks: readonly Block[]): boolean {
  for (const b of blocks) if (blockHasText(b)) return true;
  return false;
}

function blockHasText(b: Block): boolean {
  switch (b.type) {
    case "paragraph":
    case "heading":
    case "line":
      for (const i of b.children)
        if (i.type === "text" || i.type === "code" ? i.value.trim() !== "" : i.type !== "break") return true;
      return false;
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
}

/** The plain text of blocks, for summaries, search and terminal fallbacks. */
export function plainText(blocks: readonly Block[]): string {
  // Joined as it goes (a choice's id is made from its text: this runs for every choice).
  let out: string | undefined;
  for (const b of blocks) {
    const text = blockText(b);
    if (!text) continue;
    out = out === undefined ? text : `${out}\n${text}`;
  }
  return out ?? "";
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
  let out = "";
  for (const i of inlines) out += inlinePart(i) ?? "";
  return out;
}

function inlinePart(i: Inline): string {
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
}
