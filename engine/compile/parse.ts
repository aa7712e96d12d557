import { mdxToMdast } from "satteri";
import type { Diagnostic } from "../diagnostics.ts";
import { diagnostic } from "../diagnostics.ts";
import { pushAll } from "../push-all.ts";
import { guardSource, MAX_NESTING } from "./guard.ts";

/** The mdast subset we read. Positions come from the parser; attributes carry none. */
export type MdNode = {
  type: string;
  name?: string | null;
  value?: unknown;
  url?: string;
  alt?: string | null;
  depth?: number;
  ordered?: boolean | null;
  attributes?: MdAttribute[];
  children?: MdNode[];
  position?: {
    start: { line: number; column: number; offset?: number };
    end: { line: number; column: number; offset?: number };
  };
};

export type MdAttribute = {
  type: string;
  name?: string;
  value?: string | null | { type: string; value: string };
};

export type Parsed = {
  readonly tree?: MdNode;
  readonly diagnostics: readonly Diagnostic[];
  /**
   * When the file does not parse as a whole: the top-level elements that parse on their own, in one tree,
   * so that checks of single elements can still run and a file with three mistakes shows three.
   */
  readonly partial?: MdNode;
};

/** Trees deeper than this are refused after parsing, before any recursive walk (real files: under 10). */
export const MAX_TREE_DEPTH = 2 * MAX_NESTING;

/**
 * Parses MDX with satteri's native parser. It never throws: a syntax error
 * becomes one `mdx-syntax` diagnostic at the place the parser names. A
 * linear pre-scan (`guard.ts`) keeps the parser from input that would crash
 * it or take super-linear time, and a tree nested deeper than any walk of
 * ours should recurse is refused as well: each gives one positioned
 * `too-large` or `nested-too-deeply` diagnostic instead.
 */
export function parseMdx(source: string, file: string): Parsed {
  const problem = guardSource(source);
  if (problem) return { diagnostics: [diagnostic(file, problem.position, "error", problem.rule, problem.message)] };
  try {
    const tree = mdxToMdast(source) as unknown as MdNode;
    const deep = deepestNode(tree, MAX_TREE_DEPTH);
    if (deep) {
      const start = deep.position?.start;
      const place = start ? { line: start.line, column: start.column } : undefined;
      const message = `Unexpected ${deep.type} nested more than ${MAX_TREE_DEPTH} deep, expected at most ${MAX_TREE_DEPTH} levels`;
      return { diagnostics: [diagnostic(file, place, "error", "nested-too-deeply", message)] };
    }
    return { tree, diagnostics: [] };
  } catch (error) {
    return recover(source, file, syntaxDiagnostic(source, file, error, 0));
  }
}

/** Top-level elements begin at the start of a line: `<Scene`, `<Ending`, `<Principle`, `<Contact`. */
const TOP_LEVEL = /^<(?:Scene|Ending|Principle|Contact)\b/gm;
/** Re-parsing stops after this many elements: a generated file is not worth more. */
const MAX_CHUNKS = 500;

/**
 * The whole file did not parse: parse each top-level element on its own, so every element's own
 * syntax error is reported, and the elements that parse give a partial tree for the other checks.
 */
function recover(source: string, file: string, first: Diagnostic): Parsed {
  const starts = [0];
  for (const match of source.matchAll(TOP_LEVEL)) {
    if (match.index > 0) starts.push(match.index);
    if (starts.length > MAX_CHUNKS) return { diagnostics: [first] };
  }
  if (starts.length < 2) return { diagnostics: [first] };
  const diagnostics: Diagnostic[] = [];
  const children: MdNode[] = [];
  let line = 0;
  let last = 0;
  for (const [i, start] of starts.entries()) {
    for (let at = source.indexOf("\n", last); at >= 0 && at < start; at = source.indexOf("\n", at + 1)) line++;
    last = start;
    const chunk = source.slice(start, starts[i + 1] ?? source.length);
    try {
      const tree = mdxToMdast(chunk) as unknown as MdNode;
      if (deepestNode(tree, MAX_TREE_DEPTH)) return { diagnostics: [first] };
      shift(tree, line, start);
      pushAll(children, tree.children ?? []);
    } catch (error) {
      diagnostics.push(syntaxDiagnostic(chunk, file, error, line));
    }
  }
  // The element-by-element reading found nothing wrong on its own (the mistake spans elements): say what the whole file said.
  if (diagnostics.length === 0) return { diagnostics: [first] };
  return { diagnostics, partial: { type: "root", children } };
}

/** Moves a chunk's positions to where the chunk stands in the file. */
function shift(tree: MdNode, lines: number, offset: number): void {
  const stack: MdNode[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop() as MdNode;
    const p = node.position;
    if (p) {
      p.start.line += lines;
      p.end.line += lines;
      if (p.start.offset !== undefined) p.start.offset += offset;
      if (p.end.offset !== undefined) p.end.offset += offset;
    }
    for (const child of node.children ?? []) stack.push(child);
  }
}

/**
 * The parser's error in rehearse's words, with a rule id and the position of the cause. `source` is the
 * text that was parsed (the file, or one element of it), `lines` how many lines of the file come before it.
 */
function syntaxDiagnostic(source: string, file: string, error: unknown, lines: number): Diagnostic {
  const raw = error instanceof Error ? error.message : String(error);
  const place = /^(\d+):(\d+)(?:-(\d+):(\d+))?:\s*/.exec(raw);
  const text = raw
    .slice(place ? place[0].length : 0)
    .replace(/\s*\([a-z-]+:[a-z-]+\)\s*$/, "")
    .trim();
  const line = place ? Number(place[1]) : 1;
  const column = place ? Number(place[2]) : 1;
  const explained = explain(text, source, line, column, lines);
  const at = explained.at ?? { line, column };
  return diagnostic(
    file,
    {
      line: at.line + lines,
      column: at.column,
      ...(explained.width ? { endLine: at.line + lines, endColumn: at.column + explained.width } : {}),
    },
    "error",
    explained.rule,
    explained.message,
    explained.help,
  );
}

type Explained = {
  rule: string;
  message: string;
  help?: string;
  at?: { line: number; column: number };
  /** How many columns the cause spans from `at` (or from the parser's place). */
  width?: number;
};

/** Maps the parser's messages (micromark-extension-mdx-jsx and oxc wording) to rehearse's. */
function explain(text: string, source: string, line: number, column: number, lines: number): Explained {
  let m = /^Expected a closing tag for `<([^>`]*)>` \((\d+):(\d+)\)(?: before the end of `(\w+)`)?/.exec(text);
  if (m) {
    const name = m[1] ?? "";
    const inside = m[4] ? ` before the end of its ${CONTAINERS[m[4]] ?? m[4]}` : " before the end of the file";
    return {
      rule: "unclosed-tag",
      message: `Unexpected \`<${name}>\` that is never closed, expected \`</${name}>\`${inside}`,
      help: m[4]
        ? `close it with \`</${name}>\` in the same ${CONTAINERS[m[4]] ?? m[4]} (a blank line ends a paragraph)`
        : `add \`</${name}>\` where the ${name} ends`,
      at: { line: Number(m[2]), column: Number(m[3]) },
      width: name.length + 2,
    };
  }
  m =
    /^Unexpected closing tag `<\/([^>`]*)>`, expected corresponding closing tag for `<([^>`]*)>` \((\d+):(\d+)\)/.exec(
      text,
    );
  if (m) {
    return {
      rule: "unclosed-tag",
      message: `Unexpected \`</${m[1]}>\`, expected \`</${m[2]}>\` to close the \`<${m[2]}>\` opened on line ${Number(m[3]) + lines}`,
      help: `close \`<${m[2]}>\` first, or did you mean \`</${m[2]}>\`?`,
    };
  }
  m = /^Unexpected closing tag `<\/([^>`]*)>`, expected an open tag first/.exec(text);
  if (m)
    return {
      rule: "unclosed-tag",
      message: `Unexpected \`</${m[1]}>\` that closes nothing, expected an opening \`<${m[1]}>\` before it`,
    };
  const lineText = source.split("\n", line)[line - 1] ?? "";
  if (/^Could not parse expression/.test(text) || /^Unexpected end of file in expression/.test(text)) {
    // Inside a tag: a `name={…}` attribute whose value is not a literal.
    const before = lineText.slice(0, column - 1);
    const attribute = /(?:^|\s)([A-Za-z_][\w-]*)=\{[^}]*$/.exec(before) ?? /(?:^|\s)([A-Za-z_][\w-]*)=\{/.exec(before);
    if (attribute && /<[A-Za-z]/.test(before)) {
      const name = attribute[1] ?? "";
      const single = name === "scores" && /scores=\{\s*[A-Za-z_"']/.test(lineText);
      const start = before.lastIndexOf(`${name}={`);
      return {
        ...(start >= 0 ? { at: { line, column: start + 1 }, width: name.length } : {}),
        rule: "invalid-attribute",
        message: `Unexpected value for \`${name}\` that is not a literal, expected ${name === "scores" ? "`scores={{ respect: 2 }}`" : `${name}="…"`}`,
        ...(single ? { help: "an object takes two braces: `scores={{ respect: 1 }}`" } : {}),
      };
    }
    const unclosed = /^Unexpected end of file/.test(text);
    return {
      rule: "expression-not-allowed",
      message: unclosed
        ? "Unexpected `{` without a closing `}`, expected plain text (write \\{ for a literal brace)"
        : "Unexpected `{…}` that is not a comment, expected plain text (write \\{ for a literal brace)",
      help: "write \\{ for a literal brace, or `{/* … */}` for a note to other authors",
    };
  }
  if (/^Unexpected character after `<`/.test(text)) {
    const after = lineText.slice(column, column + 1);
    if (/[A-Za-z]/.test(after))
      return {
        rule: "mdx-syntax",
        message: 'Unexpected tag that does not parse, expected `<Name attribute="value">` with every value quoted',
        help: 'check the quotes: `id="a"`, not `id=a` or `id="a`',
      };
    return {
      rule: "mdx-syntax",
      message: `Unexpected \`<\` before \`${after || " "}\`, expected a component such as \`<Scene>\``,
      help: "write `&lt;` for a literal `<` in prose",
    };
  }
  if (/^Unexpected lazy line/.test(text))
    return {
      rule: "mdx-syntax",
      message: "Unexpected line without `>` inside a quote or list, expected every line of it to continue it",
    };
  const message = text
    ? `Unexpected MDX: ${lowerFirst(text)}, expected valid MDX`
    : "Unexpected MDX syntax error, expected valid MDX";
  return { rule: "mdx-syntax", message };
}

const CONTAINERS: Readonly<Record<string, string>> = {
  paragraph: "paragraph",
  blockQuote: "quote",
  listItem: "list item",
  heading: "heading",
};

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** The first node (in document order) deeper than `limit`, found without recursion. */
function deepestNode(tree: MdNode, limit: number): MdNode | undefined {
  // Two parallel stacks: no tuple per node on the path of every compile.
  const nodes: MdNode[] = [tree];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop() as MdNode;
    const depth = depths.pop() as number;
    if (depth > limit) return node;
    const children = node.children;
    if (children)
      for (let i = children.length - 1; i >= 0; i--) {
        nodes.push(children[i] as MdNode);
        depths.push(depth + 1);
      }
  }
  return undefined;
}

/** Maps offsets to 1-based line/column. */
export class LineIndex {
  readonly #source: string;
  #starts: number[] | undefined;
  constructor(source: string) {
    this.#source = source;
  }
  /** Line starts are found on first use: most files never need an offset mapped. */
  get #lines(): number[] {
    if (!this.#starts) {
      const starts = [0];
      const source = this.#source;
      for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) starts.push(i + 1);
      this.#starts = starts;
    }
    return this.#starts;
  }
  at(offset: number): { line: number; column: number } {
    const starts = this.#lines;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }
}
