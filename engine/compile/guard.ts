/**
 * A linear pre-scan that runs before the native MDX parser. satteri's
 * `mdxToMdast` overflows its native stack on deeply nested brackets (a
 * segfault no `try` can catch) and takes quadratic time or memory on a few
 * patterns (character references, braces or inline components piling up in
 * one block). This scan finds those shapes in one pass and turns them into a
 * single positioned diagnostic, so the parser only ever sees input it handles
 * in bounded time and stack. Limits sit far above any real scenario.
 */
import type { Position } from "../model.ts";

export type GuardProblem = {
  readonly rule: "too-large" | "nested-too-deeply";
  readonly position: Position;
  readonly message: string;
};

/** Hard cap on the file, in UTF-16 code units (a 10,000-scene scenario is about 5.8 million). */
export const MAX_LENGTH = 8 * 1024 * 1024;
/** Brackets, components, block quotes and lists nested deeper than this are refused (real files: under 10). */
export const MAX_NESTING = 100;
/** Per paragraph (block between blank lines) or per component's body. */
export const MAX_REFERENCES_PER_BLOCK = 2_000;
export const MAX_BRACES_PER_BLOCK = 500;
export const MAX_INLINE_COMPONENTS_PER_BLOCK = 500;
/** `<` that opens no component (`a < b`, closing tags), per paragraph. */
export const MAX_ANGLES_PER_BLOCK = 1_000;
/** Inline marks (`*`, `_`, `~`, `[`, backticks), per paragraph. */
export const MAX_DELIMITERS_PER_BLOCK = 1_000;
/** Markup characters (`*_~[]<&\\` and backticks) in one component's body, blank lines or not. */
export const MAX_MARKUP_PER_COMPONENT = 20_000;
/**
 * Estimated work, in nodes of the parsed tree: the parser and every step
 * after it cost about the same per node (5 µs on the reference machine),
 * so this bounds the whole compile. The quadratic terms are converted to
 * node-equivalents. A generated 10,000-scene scenario (5.8 MB) comes to
 * about 260,000 and compiles in under 1.5 s and 500 MB.
 */
export const MAX_COST = 300_000;

const COST = {
  line: 0.1,
  block: 2,
  listItem: 4.5,
  quote: 1,
  tag: 1,
  lt: 0.5,
  bracket: 1.5,
  emphasis: 1.5,
  escape: 0.5,
  reference: 0.5,
  brace: 1,
  code: 0.5,
  /** Per earlier reference, brace, `<` or inline component in the same block (the quadratic terms). */
  referencePair: 0.003,
  bracePair: 0.0015,
  anglePair: 0.002,
  componentPair: 0.1,
  delimiterPair: 0.003,
  markupPair: 0.0005,
} as const;

const plural = (n: number) => n.toLocaleString("en");

/** Returns the first problem, or undefined when the parser can take the source. */
export function guardSource(source: string): GuardProblem | undefined {
  const length = source.length;
  if (length > MAX_LENGTH)
    return {
      rule: "too-large",
      position: { line: 1, column: 1 },
      message: `Unexpected file of ${plural(length)} characters, expected at most ${plural(MAX_LENGTH)} (split it into several scenarios)`,
    };
  let line = 1;
  let lineStart = 0;
  let cost = 0;
  // Brackets of every kind share one depth; braces are also counted apart, because an open `{` spans blank lines.
  let bracketDepth = 0;
  let braceDepth = 0;
  let tagDepth = 0;
  // Per-block counters (reset at a blank line outside any expression).
  let references = 0;
  let braces = 0;
  let angles = 0;
  let delimiters = 0;
  // Inline (text-level) components per enclosing component body, indexed by tag depth.
  const inline: number[] = [0];
  // Markup characters per enclosing component body (the parser's inline work there is super-linear).
  const markup: number[] = [0];
  let previousBlank = true;
  const at = (i: number): Position => ({ line, column: i - lineStart + 1 });
  // The YAML frontmatter nests by indentation, and the YAML parser recurses on it.
  const frontmatterEnd = source.startsWith("---") ? source.indexOf("\n---", 3) : -1;

  for (let i = 0; i < length; ) {
    // One line: [i, end).
    let end = source.indexOf("\n", i);
    if (end < 0) end = length;
    cost += COST.line;
    // Container prefix: spaces, `>` and list markers.
    let j = i;
    let prefixDepth = 0;
    while (j < end) {
      const c = source.charCodeAt(j);
      if (c === 32 || c === 9) j++;
      else if (c === 62 /* > */) {
        prefixDepth++;
        cost += COST.quote;
        j++;
      } else if ((c === 45 || c === 42 || c === 43) /* - * + */ && isSpace(source.charCodeAt(j + 1))) {
        prefixDepth++;
        cost += COST.listItem;
        j++;
      } else if (c >= 48 && c <= 57) {
        let k = j;
        while (k < end && k - j < 9 && isDigit(source.charCodeAt(k))) k++;
        const d = source.charCodeAt(k);
        if ((d === 46 || d === 41) /* . ) */ && isSpace(source.charCodeAt(k + 1))) {
          prefixDepth++;
          cost += COST.listItem;
          j = k + 1;
        } else break;
      } else break;
      if (prefixDepth > MAX_NESTING)
        return {
          rule: "nested-too-deeply",
          position: at(j - 1),
          message: `Unexpected block quote or list nested ${plural(prefixDepth)} deep, expected at most ${MAX_NESTING} levels`,
        };
    }
    if (i < frontmatterEnd && j - i > MAX_NESTING)
      return {
        rule: "nested-too-deeply",
        position: at(j),
        message: `Unexpected frontmatter line indented ${plural(j - i)} columns, expected at most ${MAX_NESTING}`,
      };
    const blank = j >= end || (j === end - 1 && source.charCodeAt(j) === 13);
    if (blank) {
      if (braceDepth === 0) {
        bracketDepth = 0;
        references = 0;
        braces = 0;
      }
      angles = 0;
      delimiters = 0;
      previousBlank = true;
      i = end + 1;
      line++;
      lineStart = i;
      continue;
    }
    if (previousBlank) cost += COST.block;
    previousBlank = false;
    // A line that is one tag alone is a flow element; any other tag on a line is inline.
    const trimmedEnd = trimEnd(source, j, end);
    const lone =
      source.charCodeAt(j) === 60 && source.charCodeAt(trimmedEnd - 1) === 62 && !includes(source, 60, j + 1, end);
    for (let k = j; k < end; k++) {
      const c = source.charCodeAt(k);
      // Most characters are letters and spaces, which nothing below counts: one table lookup skips them.
      if (c >= 128 || SPECIAL[c] === 0) continue;
      if (tagDepth > 0 && isMarkup(c)) {
        const n = (markup[tagDepth] ?? 0) + 1;
        markup[tagDepth] = n;
        cost += COST.markupPair * n;
        if (n > MAX_MARKUP_PER_COMPONENT)
          return {
            rule: "too-large",
            position: at(k),
            message: `Unexpected ${plural(n)} markup characters in one component, expected at most ${plural(MAX_MARKUP_PER_COMPONENT)} (split the scene)`,
          };
      }
      switch (c) {
        case 92 /* \ */:
          cost += COST.escape;
          k++;
          break;
        case 38 /* & */:
          {
            const d = source.charCodeAt(k + 1);
            if (d === 35 || isLetter(d)) {
              references++;
              cost += COST.reference + COST.referencePair * references;
              if (references > MAX_REFERENCES_PER_BLOCK)
                return {
                  rule: "too-large",
                  position: at(k),
                  message: `Unexpected ${plural(references)} character references (\`&…;\`) in one paragraph, expected at most ${plural(MAX_REFERENCES_PER_BLOCK)} (split the paragraph, or type the characters themselves)`,
                };
            }
            break;
          }
        case 123 /* { */:
        case 40 /* ( */:
        case 91 /* [ */:
          {
            if (c === 91) {
              delimiters++;
              cost += COST.delimiterPair * delimiters;
              if (delimiters > MAX_DELIMITERS_PER_BLOCK) return tooManyMarks(delimiters, at(k));
            }
            if (c === 123) {
              braces++;
              braceDepth++;
              cost += COST.brace + COST.bracePair * braces;
              if (braces > MAX_BRACES_PER_BLOCK)
                return {
                  rule: "too-large",
                  position: at(k),
                  message: `Unexpected ${plural(braces)} braces in one paragraph, expected at most ${plural(MAX_BRACES_PER_BLOCK)} (write a literal brace as \`\\{\`)`,
                };
            } else if (c === 91) cost += COST.bracket;
            // A brace is a bracket too: expressions nest all three kinds in one stack.
            bracketDepth++;
            if (bracketDepth > MAX_NESTING)
              return {
                rule: "nested-too-deeply",
                position: at(k),
                message: `Unexpected \`${String.fromCharCode(c)}\` nested ${plural(bracketDepth)} deep, expected at most ${MAX_NESTING} levels of brackets`,
              };
            break;
          }
        case 125 /* } */:
        case 41 /* ) */:
        case 93 /* ] */:
          if (c === 125 && braceDepth > 0) braceDepth--;
          else if (c === 93) cost += COST.bracket;
          if (bracketDepth > 0) bracketDepth--;
          break;
        case 42 /* * */:
        case 95 /* _ */:
        case 126 /* ~ */:
          delimiters++;
          cost += COST.emphasis + COST.delimiterPair * delimiters;
          if (delimiters > MAX_DELIMITERS_PER_BLOCK) return tooManyMarks(delimiters, at(k));
          break;
        case 96 /* ` */:
          delimiters++;
          cost += COST.code + COST.delimiterPair * delimiters;
          if (delimiters > MAX_DELIMITERS_PER_BLOCK) return tooManyMarks(delimiters, at(k));
          break;
        case 60 /* < */:
          {
            const d = source.charCodeAt(k + 1);
            if (!isLetter(d)) {
              angles++;
              cost += COST.lt + COST.anglePair * angles;
              if (angles > MAX_ANGLES_PER_BLOCK)
                return {
                  rule: "too-large",
                  position: at(k),
                  message: `Unexpected ${plural(angles)} \`<\` that open no component (closing tags included) in one paragraph, expected at most ${plural(MAX_ANGLES_PER_BLOCK)} (write a literal \`<\` as \`&lt;\`)`,
                };
            }
            if (d === 47 /* / */) {
              cost += COST.tag;
              if (tagDepth > 0) {
                inline[tagDepth] = 0;
                markup[tagDepth] = 0;
                tagDepth--;
              }
            } else if (isLetter(d)) {
              cost += COST.tag;
              if (!lone) {
                // Counted in the body the element opens in (a closing tag earlier on the line may have left it).
                const n = (inline[tagDepth] ?? 0) + 1;
                inline[tagDepth] = n;
                cost += COST.componentPair * n;
                if (n > MAX_INLINE_COMPONENTS_PER_BLOCK)
                  return {
                    rule: "too-large",
                    position: at(k),
                    message: `Unexpected ${plural(n)} inline components in one block, expected at most ${plural(MAX_INLINE_COMPONENTS_PER_BLOCK)} (split the scene)`,
                  };
              }
              tagDepth++;
              inline[tagDepth] = 0;
              markup[tagDepth] = 0;
              if (tagDepth > MAX_NESTING)
                return {
                  rule: "nested-too-deeply",
                  position: at(k),
                  message: `Unexpected component nested ${plural(tagDepth)} deep, expected at most ${MAX_NESTING} levels`,
                };
            }
            break;
          }
        case 47 /* / */:
          if (source.charCodeAt(k + 1) === 62 /* > */ && tagDepth > 0) {
            inline[tagDepth] = 0;
            markup[tagDepth] = 0;
            tagDepth--;
          }
          break;
      }
    }
    if (cost > MAX_COST)
      return {
        rule: "too-large",
        position: at(j),
        message: `Unexpected amount of markup: the file is too large to check from line ${plural(line)} on, expected a scenario of at most about 10,000 scenes (split it into several files)`,
      };
    i = end + 1;
    line++;
    lineStart = i;
  }
  return undefined;
}

const tooManyMarks = (n: number, position: Position): GuardProblem => ({
  rule: "too-large",
  position,
  message: `Unexpected ${plural(n)} inline marks (\`*\`, \`_\`, \`~\`, \`[\`, backticks) in one paragraph, expected at most ${plural(MAX_DELIMITERS_PER_BLOCK)} (split the paragraph)`,
});

/** The characters the scan counts: every `case` below and every markup character (all ASCII). */
const SPECIAL = new Uint8Array(128);
for (const c of "\\&{([})]*_~`</") SPECIAL[c.charCodeAt(0)] = 1;

/** `*` `_` `~` `[` `]` `<` `&` `\\` and the backtick. */
const isMarkup = (c: number) =>
  c === 42 || c === 95 || c === 126 || c === 91 || c === 93 || c === 60 || c === 38 || c === 92 || c === 96;
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

function includes(source: string, code: number, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (source.charCodeAt(k) === code) return true;
  return false;
}

function trimEnd(source: string, start: number, end: number): number {
  let e = end;
  while (e > start && isSpace(source.charCodeAt(e - 1))) e--;
  return e;
}
