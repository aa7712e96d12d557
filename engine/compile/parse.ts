import { mdxToMdast } from "satteri";
import type { Diagnostic } from "../diagnostics.ts";
import { diagnostic } from "../diagnostics.ts";
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

export type Parsed = { readonly tree?: MdNode; readonly diagnostics: readonly Diagnostic[] };

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
    const raw = error instanceof Error ? error.message : String(error);
    const place = /^(\d+):(\d+)(?:-(\d+):(\d+))?:\s*/.exec(raw);
    const message = raw
      .slice(place ? place[0].length : 0)
      .replace(/\s*\([a-z-]+:[a-z-]+\)\s*$/, "")
      .trim();
    const line = place ? Number(place[1]) : 1;
    const column = place ? Number(place[2]) : 1;
    return {
      diagnostics: [
        diagnostic(file, { line, column }, "error", "mdx-syntax", message || "Unexpected MDX syntax error"),
      ],
    };
  }
}

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
