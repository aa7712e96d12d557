import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileCode } from "../../engine/compile/compile-code.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import type { Code, Scenario } from "../../engine/model.ts";
import type { KeyValueStore } from "../../engine/progress.ts";

export const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
export const readFixture = (path: string) => readFileSync(fixture(path), "utf8");

let code: Code | undefined;
/** The fixtures' code of ethics: confidentiality, respect, safety. */
export function fixtureCode(): Code {
  if (!code) {
    const result = compileCode(readFixture("code.mdx"), "code.mdx");
    if (!result.value) throw new Error(`fixture code has errors: ${JSON.stringify(result.diagnostics)}`);
    code = result.value;
  }
  return code;
}

/** Compiles MDX that must be valid; fails the test with its diagnostics otherwise. */
export function valid(source: string, file = "test.mdx"): Scenario {
  const result = compileScenario(source, file, fixtureCode());
  if (!result.value)
    throw new Error(
      `expected a valid scenario:\n${result.diagnostics.map((d) => `${d.line}:${d.column} ${d.rule} ${d.message}`).join("\n")}`,
    );
  return result.value;
}

export const FRONTMATTER = "---\ntitle: Test\nsummary: A test scenario.\n---\n\n";

/** A `localStorage` stand-in for the engine's storage code. */
export class MapStore implements KeyValueStore {
  map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}
