import { readDraft } from "./compile/draft.ts";
import { closest } from "./compile/frontmatter.ts";
import { LineIndex, parseMdx } from "./compile/parse.ts";

/**
 * Renaming a principle in scenarios' scores, when a group renames it in its code of ethics
 * (`rehearse check --fix`, `--rename-principle old=new`). Text in, edits out: only the keys of
 * `<Choice scores={{ … }}>` attributes change, never prose, tags, feedback or anything else.
 */

/** One key of a choice's `scores` object, where its name stands in the source (quotes excluded). */
export type ScoreKey = {
  readonly key: string;
  readonly from: number;
  readonly to: number;
  readonly line: number;
  readonly column: number;
  /** Written `"key":` or `'key':` rather than `key:`. */
  readonly quoted: boolean;
  /** The other keys of the same `scores` object. */
  readonly siblings: readonly string[];
};

export type TextEdit = {
  readonly from: number;
  readonly to: number;
  readonly text: string;
  readonly line: number;
  readonly column: number;
  readonly old: string;
  readonly new: string;
};

/** A rename left undone in one place: the choice already scores the new name. */
export type RenameClash = {
  readonly line: number;
  readonly column: number;
  readonly old: string;
  readonly new: string;
};

/**
 * Every key of every choice's `scores` in a scenario's source, in file order; undefined when
 * the file does not parse (its keys cannot be placed with certainty, so nothing is touched).
 */
export function scoreKeys(source: string): ScoreKey[] | undefined {
  const parsed = parseMdx(source, "scenario.mdx");
  if (!parsed.tree) return undefined;
  const lines = new LineIndex(source);
  const out: ScoreKey[] = [];
  for (const node of readDraft(parsed.tree).nodes) {
    for (const choice of node.choices) {
      if (choice.scores === undefined) continue;
      const start = choice.node.position?.start.offset;
      if (start === undefined) continue;
      const expression = attributeExpression(source, start, "scores");
      if (!expression) continue;
      const keys = objectKeys(source, expression.from, expression.to);
      const names = keys.map((k) => k.key);
      for (const k of keys) {
        const at = lines.at(k.from);
        out.push({ ...k, line: at.line, column: at.column, siblings: names.filter((n) => n !== k.key) });
      }
    }
  }
  return out;
}

/**
 * The edits that rename scores' keys by `renames` (old → new). A choice that already scores the new
 * name keeps the old key (two keys for one principle would be a second error): it is a clash, to merge by hand.
 */
export function renameEdits(
  source: string,
  renames: ReadonlyMap<string, string>,
): { edits: TextEdit[]; clashes: RenameClash[]; unparsed: boolean } {
  const keys = scoreKeys(source);
  if (!keys) return { edits: [], clashes: [], unparsed: true };
  const edits: TextEdit[] = [];
  const clashes: RenameClash[] = [];
  for (const k of keys) {
    const target = renames.get(k.key);
    if (target === undefined || target === k.key) continue;
    if (k.siblings.includes(target)) {
      clashes.push({ line: k.line, column: k.column, old: k.key, new: target });
      continue;
    }
    const text = k.quoted || UNQUOTED_KEY.test(target) ? target : JSON.stringify(target);
    edits.push({ from: k.from, to: k.to, text, line: k.line, column: k.column, old: k.key, new: target });
  }
  return { edits, clashes, unparsed: false };
}

/** The source with the edits made (edits must not overlap; any order). */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.from - b.from);
  let out = "";
  let at = 0;
  for (const e of sorted) {
    out += source.slice(at, e.from) + e.text;
    at = e.to;
  }
  return out + source.slice(at);
}

export type PrincipleFixPlan = {
  /** Old name → the code's principle it becomes. */
  readonly renames: ReadonlyMap<string, string>;
  /** Unknown principles left alone, each with the reason, for the author to rename explicitly. */
  readonly refused: readonly { readonly key: string; readonly reason: string }[];
};

/**
 * What `check --fix` renames, from the code's principles and how often each name is scored across
 * the scenarios checked. An unknown name becomes the one principle it is close to (the "did you mean"),
 * or, when it is close to none, the one principle no scenario scores any more, if exactly one name and
 * one such principle are left (a renamed principle: `respect` → `dignity`). Anything else is ambiguous
 * and refused: two principles close to the name, or two names that would become one principle.
 */
export function planPrincipleFix(principles: readonly string[], scored: ReadonlyMap<string, number>): PrincipleFixPlan {
  const unknown = [...scored.keys()].filter((k) => !principles.includes(k)).sort();
  const unused = principles.filter((p) => !scored.has(p));
  const refused: { key: string; reason: string }[] = [];
  const proposed = new Map<string, string>();
  const far: string[] = [];
  for (const key of unknown) {
    const near = closest(key, principles);
    if (near === undefined) {
      far.push(key);
      continue;
    }
    const other = closest(
      key,
      principles.filter((p) => p !== near),
    );
    if (other !== undefined) refused.push({ key, reason: `it is close to both \`${near}\` and \`${other}\`` });
    else proposed.set(key, near);
  }
  const [onlyFar] = far;
  const [onlyUnused] = unused;
  if (far.length === 1 && onlyFar !== undefined && unused.length === 1 && onlyUnused !== undefined)
    proposed.set(onlyFar, onlyUnused);
  else
    for (const key of far)
      refused.push({
        key,
        reason:
          unused.length === 0
            ? "no principle of the code is close to it, and every principle is scored already"
            : far.length > 1
              ? `${far.length} unknown principles (${list(far)}) and ${unused.length === 1 ? "one unscored principle" : `${unused.length} unscored principles`} (${list(unused)}): which is which?`
              : `the code has ${unused.length} principles no scenario scores (${list(unused)}): which one?`,
      });
  // Two names becoming one principle is a merge, not a rename: the author says so explicitly.
  const byTarget = new Map<string, string[]>();
  for (const [key, target] of proposed) byTarget.set(target, [...(byTarget.get(target) ?? []), key]);
  const renames = new Map<string, string>();
  for (const [target, keys] of byTarget) {
    if (keys.length === 1 && keys[0] !== undefined) renames.set(keys[0], target);
    else for (const key of keys) refused.push({ key, reason: `${list(keys)} would all become \`${target}\`` });
  }
  refused.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { renames, refused };
}

const list = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(", ");

/** A key the literal parser reads without quotes (`engine/compile/literal.ts`). */
const UNQUOTED_KEY = /^[A-Za-z_$][\w$-]*$/;

/**
 * In the opening tag that starts at `start`, the `{…}` of attribute `name={…}`, braces excluded:
 * a scanner that respects quotes and braces, so a `>` or `scores=` inside another value is not mistaken.
 */
function attributeExpression(source: string, start: number, name: string): { from: number; to: number } | undefined {
  let i = start + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === ">") return undefined;
    if (c === '"' || c === "'") {
      const close = source.indexOf(c, i + 1);
      if (close < 0) return undefined;
      i = close + 1;
      continue;
    }
    if (c === "{") {
      const close = matchingBrace(source, i);
      if (close < 0) return undefined;
      i = close + 1;
      continue;
    }
    if (/\s/.test(source[i - 1] ?? "") && source.startsWith(name, i)) {
      let j = i + name.length;
      while (/\s/.test(source[j] ?? "")) j++;
      if (source[j] === "=") {
        j++;
        while (/\s/.test(source[j] ?? "")) j++;
        if (source[j] !== "{") return undefined;
        const close = matchingBrace(source, j);
        return close < 0 ? undefined : { from: j + 1, to: close };
      }
    }
    i++;
  }
  return undefined;
}

/** Index of the `}` that closes the `{` at `open`, skipping strings; -1 when none. */
function matchingBrace(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === "'") {
      const close = source.indexOf(c, i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

/** The top-level keys of the object literal in `source[from, to)` (`{ respect: 1, "power": -1 }`). */
function objectKeys(
  source: string,
  from: number,
  to: number,
): { key: string; from: number; to: number; quoted: boolean }[] {
  const keys: { key: string; from: number; to: number; quoted: boolean }[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = from; i < to; i++) {
    const c = source[i] ?? "";
    if (/\s/.test(c)) continue;
    if (expectKey && depth === 1) {
      expectKey = false;
      const quote = c === '"' || c === "'" ? c : "";
      const nameStart = quote ? i + 1 : i;
      let nameEnd = nameStart;
      if (quote) {
        nameEnd = source.indexOf(quote, nameStart);
        if (nameEnd < 0 || nameEnd >= to) break;
      } else {
        while (nameEnd < to && /[\w$-]/.test(source[nameEnd] ?? "")) nameEnd++;
      }
      let j = quote ? nameEnd + 1 : nameEnd;
      while (j < to && /\s/.test(source[j] ?? "")) j++;
      if (nameEnd > nameStart && source[j] === ":") {
        keys.push({ key: source.slice(nameStart, nameEnd), from: nameStart, to: nameEnd, quoted: quote !== "" });
        i = j;
        continue;
      }
    }
    if (c === '"' || c === "'") {
      const close = source.indexOf(c, i + 1);
      if (close < 0 || close >= to) break;
      i = close;
    } else if (c === "{") {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === "}") depth--;
    else if (c === "," && depth === 1) expectKey = true;
  }
  return keys;
}
