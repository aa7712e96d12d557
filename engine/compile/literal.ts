/**
 * A parser for the literal attribute values MDX allows here: strings, numbers,
 * booleans, null, and object literals of those (`{ respect: 2, power: -1 }`).
 * It never evaluates anything; whatever is not a literal is an error value.
 */
export type Literal = string | number | boolean | null | { readonly [key: string]: Literal };

export type LiteralResult =
  | { readonly ok: true; readonly value: Literal }
  | { readonly ok: false; readonly message: string };

const memo = new Map<string, LiteralResult>();

/** Parses a literal; results are memoised, as the same `{ respect: 1 }` recurs across a file. */
export function parseLiteral(source: string): LiteralResult {
  let result = memo.get(source);
  if (!result) {
    if (memo.size > 10_000) memo.clear();
    result = parse(source);
    memo.set(source, result);
  }
  return result;
}

const KEYS = new WeakMap<object, readonly string[]>();

/**
 * The own keys of a literal object, listed once per object: the parser's objects have no prototype
 * (so each `Object.keys` is a fresh list), are shared through the memo above, and never change.
 */
export function literalKeys(record: Readonly<Record<string, unknown>>): readonly string[] {
  let keys = KEYS.get(record);
  if (!keys) {
    keys = Object.keys(record);
    KEYS.set(record, keys);
  }
  return keys;
}

const NUMBER = /[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/y;
const NAME = /[A-Za-z_$][\w$]*/y;
const KEY = /[A-Za-z_$][\w$-]*/y;
const match = (pattern: RegExp, source: string, at: number) => {
  pattern.lastIndex = at;
  return pattern.exec(source);
};

function parse(source: string): LiteralResult {
  let at = 0;
  const fail = (message: string): never => {
    throw new LiteralError(message);
  };
  const space = () => {
    while (at < source.length && /\s/.test(source[at] ?? "")) at++;
  };
  const describe = () => (at >= source.length ? "end of expression" : `\`${source[at]}\``);

  const value = (): Literal => {
    space();
    const c = source[at];
    if (c === "{") return object();
    if (c === '"' || c === "'") return string();
    const number = match(NUMBER, source, at);
    if (number) {
      at += number[0].length;
      return Number(number[0]);
    }
    const word = match(NAME, source, at);
    if (word) {
      const w = word[0];
      if (w === "true" || w === "false" || w === "null") {
        at += w.length;
        return w === "true" ? true : w === "false" ? false : null;
      }
      return fail(`Unexpected name \`${w}\`, expected a literal (string, number, boolean or object)`);
    }
    return fail(`Unexpected ${describe()}, expected a literal (string, number, boolean or object)`);
  };

  const string = (): string => {
    const quote = source[at];
    at++;
    let out = "";
    while (at < source.length && source[at] !== quote) {
      const c = source[at] ?? "";
      if (c === "\\") {
        const next = source[at + 1] ?? "";
        out += next === "n" ? "\n" : next === "t" ? "\t" : next;
        at += 2;
      } else {
        out += c;
        at++;
      }
    }
    if (at >= source.length) fail("Unexpected end of expression, expected a closing quote");
    at++;
    return out;
  };

  const key = (): string => {
    space();
    const c = source[at];
    if (c === '"' || c === "'") return string();
    const word = match(KEY, source, at);
    if (!word) return fail(`Unexpected ${describe()}, expected a property name`);
    at += word[0].length;
    return word[0];
  };

  const object = (): Literal => {
    at++; // {
    // No prototype: `__proto__` in the source is a property like any other, reported as an unknown principle.
    const out: Record<string, Literal> = Object.create(null);
    space();
    while (source[at] !== "}") {
      const k = key();
      space();
      if (source[at] !== ":") fail(`Unexpected ${describe()} after \`${k}\`, expected \`:\``);
      at++;
      if (Object.hasOwn(out, k)) fail(`Unexpected repeated property \`${k}\`, expected each name once`);
      out[k] = value();
      space();
      if (source[at] === ",") {
        at++;
        space();
      } else if (source[at] !== "}") {
        fail(`Unexpected ${describe()}, expected \`,\` or \`}\``);
      }
    }
    at++; // }
    return out;
  };

  try {
    const result = value();
    space();
    if (at < source.length) fail(`Unexpected ${describe()} after the value, expected the end of the expression`);
    return { ok: true, value: result };
  } catch (error) {
    if (error instanceof LiteralError) return { ok: false, message: error.message };
    throw error;
  }
}

class LiteralError extends Error {}
