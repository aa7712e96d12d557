import { mdxToMdast } from "satteri";
import type { Diagnostic } from "../diagnostics.ts";
import { diagnostic } from "../diagnostics.ts";

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

/**
 * Parses MDX with satteri's native parser. It never throws: a syntax error
 * becomes one `mdx-syntax` diagnostic at the place the parser names.
 */
export function parseMdx(source: string, file: string): Parsed {
  try {
    const tree = mdxToMdast(source) as unknown as MdNode;
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
