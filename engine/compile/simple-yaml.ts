/**
 * A fast path for the frontmatter nearly every scenario has: `key: value`
 * lines, plain or simply quoted scalars, and lists as `[a, b]` or `- item`
 * lines. It returns undefined for anything else, and the full YAML parser
 * takes over; where it answers, it answers exactly as YAML 1.2 would (a
 * property test holds it to that). The YAML library costs ~20 ms on a cold
 * start, several times what this whole file takes.
 */
export type YamlEntry = {
  readonly key: string;
  readonly value: unknown;
  /** 0-based line within the YAML text and 1-based columns. */
  readonly line: number;
  readonly keyColumn: number;
  readonly valueLine: number;
  readonly valueColumn: number;
};

const KEY = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
const ITEM = /^( +)- +(.*)$/;
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** A scalar as YAML's core schema reads it, or undefined when unsure. */
function scalar(raw: string): { value: unknown } | undefined {
  const text = raw.trimEnd();
  if (text === "" || /\t/.test(text)) return undefined;
  const first = text[0] ?? "";
  if (first === '"') return /^"[^"\\]*"$/.test(text) ? { value: text.slice(1, -1) } : undefined;
  if (first === "'") return /^'[^']*'$/.test(text) ? { value: text.slice(1, -1) } : undefined;
  if ("-?:,[]{}#&*!|>%@`~".includes(first) && !INT.test(text) && !FLOAT.test(text)) return undefined;
  if (text.includes(": ") || text.includes(" #") || text.endsWith(":")) return undefined;
  if (INT.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) && !/^[-+]?0[0-9]/.test(text) ? { value: n } : undefined;
  }
  if (FLOAT.test(text)) return /^[-+]?0[0-9]/.test(text) ? undefined : { value: Number(text) };
  if (/^(true|True|TRUE)$/.test(text)) return { value: true };
  if (/^(false|False|FALSE)$/.test(text)) return { value: false };
  if (/^(null|Null|NULL|~)$/.test(text) || /^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(text) || /^0[ox]/.test(text)) {
    return undefined;
  }
  return { value: text };
}

function flowList(text: string): unknown[] | undefined {
  const inner = text.trimEnd();
  if (!inner.startsWith("[") || !inner.endsWith("]")) return undefined;
  const body = inner.slice(1, -1).trim();
  if (body === "") return [];
  const out: unknown[] = [];
  for (const part of body.split(",")) {
    const item = part.trim();
    if (item === "" || /[[\]{}"']/.test(item)) return undefined;
    const s = scalar(item);
    if (!s) return undefined;
    out.push(s.value);
  }
  return out;
}

export function simpleYaml(text: string): YamlEntry[] | undefined {
  const lines = text.split("\n");
  const entries: YamlEntry[] = [];
  const keys = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\r$/, "");
    if (line.trim() === "" || line.startsWith("#")) continue;
    const match = KEY.exec(line);
    if (!match) return undefined;
    const key = match[1] ?? "";
    if (keys.has(key)) return undefined;
    keys.add(key);
    const rest = match[2];
    const valueColumn = line.length - (rest ?? "").length + 1;
    if (rest === undefined || rest.trim() === "") {
      // A block list must follow: `  - item` lines.
      const items: unknown[] = [];
      let itemLine = -1;
      let itemColumn = 0;
      while (i + 1 < lines.length) {
        const next = (lines[i + 1] ?? "").replace(/\r$/, "");
        const item = ITEM.exec(next);
        if (!item) break;
        const s = scalar(item[2] ?? "");
        if (!s) return undefined;
        if (itemLine < 0) {
          itemLine = i + 1;
          itemColumn = (item[1] ?? "").length + 1;
        }
        items.push(s.value);
        i++;
      }
      if (items.length === 0) return undefined;
      entries.push({
        key,
        value: items,
        line: i - items.length,
        keyColumn: 1,
        valueLine: itemLine,
        valueColumn: itemColumn,
      });
      continue;
    }
    const value = rest.trimStart().startsWith("[") ? flowList(rest) : scalar(rest)?.value;
    if (value === undefined) return undefined;
    entries.push({ key, value, line: i, keyColumn: 1, valueLine: i, valueColumn });
  }
  return entries;
}
