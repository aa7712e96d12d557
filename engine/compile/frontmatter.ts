import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Position } from "../model.ts";
import { nodePosition } from "./attributes.ts";
import type { MdNode } from "./parse.ts";
import { simpleYaml } from "./simple-yaml.ts";

export type FrontmatterProblem = { readonly message: string; readonly position: Position; readonly help?: string };

export type FieldSpec = {
  readonly required?: boolean;
  readonly check: (value: unknown) => string | undefined;
};

const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? undefined : "a non-empty string");
const textList = (v: unknown) =>
  (typeof v === "string" && v.trim() !== "") ||
  (Array.isArray(v) && v.every((x) => typeof x === "string" && x.trim() !== ""))
    ? undefined
    : "a string or a list of strings";

export const SCENARIO_FIELDS: Readonly<Record<string, FieldSpec>> = {
  title: { required: true, check: text },
  summary: {
    required: true,
    check: (v) =>
      text(v) ?? ((v as string).length > 280 ? `at most 280 characters (it has ${(v as string).length})` : undefined),
  },
  audience: { check: textList },
  minutes: {
    check: (v) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? undefined : "a positive number of minutes"),
  },
  start: { check: text },
  tags: { check: textList },
  contentNote: { check: text },
  /** `shuffle: false`: runs show every scene's options in the author's order. */
  shuffle: { check: (v) => (typeof v === "boolean" ? undefined : "`true` or `false`") },
};

export const CODE_FIELDS: Readonly<Record<string, FieldSpec>> = {
  title: { required: true, check: text },
};

export const SUPPORT_FIELDS: Readonly<Record<string, FieldSpec>> = {
  title: { required: true, check: text },
};

/**
 * Reads the YAML frontmatter and checks its fields against `fields`. Problems
 * are positioned on the field (or the block) in the file.
 */
export function readFrontmatter(
  tree: MdNode,
  fields: Readonly<Record<string, FieldSpec>>,
): { data: Record<string, unknown>; positions: Record<string, Position>; problems: FrontmatterProblem[] } {
  const yamlNode = tree.children?.find((c) => c.type === "yaml");
  const problems: FrontmatterProblem[] = [];
  // Keys come from the file: no prototype, so `__proto__` or `constructor` is just an unknown field.
  const data: Record<string, unknown> = Object.create(null);
  const positions: Record<string, Position> = Object.create(null);
  const expected = Object.entries(fields)
    .filter(([, spec]) => spec.required)
    .map(([name]) => `\`${name}\``)
    .join(" and ");
  if (!yamlNode) {
    problems.push({
      message: `Missing frontmatter, expected a \`---\` block with ${expected} at the top of the file`,
      position: { line: 1, column: 1 },
    });
    return { data, positions, problems };
  }
  const block = nodePosition(yamlNode);
  const entries = readYaml(String(yamlNode.value ?? ""), block, problems);
  if (!entries) return { data, positions, problems };
  for (const entry of entries) {
    const { key } = entry;
    positions[key] = entry.keyPosition;
    const spec = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (!spec) {
      const known = Object.keys(fields);
      const near = closest(key, known);
      problems.push({
        message: `Unexpected field \`${key}\`, expected ${near ? `\`${near}\`` : `one of ${known.map((k) => `\`${k}\``).join(", ")}`}`,
        position: entry.keyPosition,
        ...(near ? { help: `did you mean \`${near}\`?` } : {}),
      });
      continue;
    }
    const wrong = spec.check(entry.value);
    if (wrong) {
      problems.push({ message: `Unexpected value for \`${key}\`, expected ${wrong}`, position: entry.valuePosition });
      continue;
    }
    data[key] = entry.value;
  }
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.required && !Object.hasOwn(positions, name)) {
      problems.push({
        message: `Missing field \`${name}\`, expected it in the frontmatter`,
        position: block,
      });
    }
  }
  return { data, positions, problems };
}

type Entry = { key: string; value: unknown; keyPosition: Position; valuePosition: Position };

/** The frontmatter's fields, from the fast path where it applies, else from the YAML library. */
function readYaml(text: string, block: Position, problems: FrontmatterProblem[]): Entry[] | undefined {
  // The YAML text starts on the line after the opening `---`.
  const simple = simpleYaml(text);
  if (simple) {
    return simple.map((e) => ({
      key: e.key,
      value: e.value,
      keyPosition: { line: block.line + 1 + e.line, column: e.keyColumn },
      valuePosition: { line: block.line + 1 + e.valueLine, column: e.valueColumn },
    }));
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const place = (offset: number | undefined): Position => {
    if (offset === undefined) return block;
    const p = lineCounter.linePos(offset);
    return { line: block.line + p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      problems.push({ message: `Unexpected YAML: ${error.message.split("\n")[0]}`, position: place(error.pos[0]) });
    }
    return undefined;
  }
  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) {
    problems.push({
      message: "Unexpected frontmatter that is not a map of fields, expected `field: value` lines",
      position: block,
    });
    return undefined;
  }
  return (contents?.items ?? []).map((pair) => {
    const keyPosition = place(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
    const node = pair.value;
    return {
      key: isScalar(pair.key) ? String(pair.key.value) : String(pair.key),
      value: isScalar(node) || isSeq(node) || isMap(node) ? node.toJSON() : node,
      keyPosition,
      valuePosition: isScalar(node) || isSeq(node) ? place(node.range?.[0]) : keyPosition,
    };
  });
}

/** The closest name by edit distance, when close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

export function toList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.map(String) : [];
}
