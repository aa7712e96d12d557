/**
 * The one engine module that touches the file system: reads a scenarios
 * folder (or single files) and its code of ethics, for the CLI and the site.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { compileCode } from "./compile/compile-code.ts";
import { compileScenario } from "./compile/compile-scenario.ts";
import type { Diagnostic, Result } from "./diagnostics.ts";
import type { Code, Scenario } from "./model.ts";

export const CODE_FILE = "code.mdx";

export class LoadError extends Error {}

export type LoadedScenario = { readonly file: string; readonly result: Result<Scenario> };

export type Library = {
  readonly dir: string;
  readonly code: Result<Code>;
  readonly codeFile: string;
  readonly scenarios: readonly LoadedScenario[];
};

/** Shown paths are relative to the working directory, as editors expect. */
export const displayPath = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
};

export function readCode(codeFile: string): Result<Code> {
  if (!existsSync(codeFile))
    throw new LoadError(`No code of ethics at ${displayPath(codeFile)} (give one with --code <file>)`);
  return compileCode(readFileSync(codeFile, "utf8"), displayPath(codeFile));
}

/** Compiles one scenario file against a compiled code (or without one, when the code itself has errors). */
export function readScenario(file: string, code: Code | undefined): Result<Scenario> {
  if (!existsSync(file)) throw new LoadError(`No such file: ${displayPath(file)}`);
  if (statSync(file).isDirectory()) throw new LoadError(`${displayPath(file)} is a folder, expected an .mdx file`);
  return compileScenario(readFileSync(file, "utf8"), displayPath(file), code);
}

/** Every `*.mdx` in a folder except the code, sorted by name. */
export function scenarioFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new LoadError(`No such folder: ${displayPath(dir)}`);
  if (!statSync(dir).isDirectory()) throw new LoadError(`${displayPath(dir)} is not a folder`);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".mdx") && name !== CODE_FILE)
    .sort()
    .map((name) => join(dir, name));
}

/** Reads a scenarios folder with its `code.mdx` (or `codeFile`). Throws LoadError for missing paths only. */
export function loadLibrary(dir: string, codeFile = join(dir, CODE_FILE)): Library {
  const files = scenarioFiles(dir);
  const code = readCode(codeFile);
  return {
    dir: resolve(dir),
    code,
    codeFile: resolve(codeFile),
    scenarios: files.map((file) => ({ file: displayPath(file), result: readScenario(file, code.value) })),
  };
}

/**
 * Resolves `<scenario>` as the CLI takes it: a path to an `.mdx` file, or an
 * id in the scenarios folder. The code is `code.mdx` beside the file unless given.
 */
export function resolveScenario(arg: string, dir: string, codeFile?: string): { file: string; codeFile: string } {
  const candidates = arg.endsWith(".mdx") ? [arg] : [join(dir, `${arg}.mdx`), arg];
  const file = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  if (!file) {
    let hint = "";
    if (existsSync(dir) && statSync(dir).isDirectory()) {
      const ids = scenarioFiles(dir).map((f) => basename(f, ".mdx"));
      hint = ids.length ? ` Scenarios in ${displayPath(dir)}: ${ids.join(", ")}` : "";
    }
    throw new LoadError(`No scenario "${arg}" (looked for ${candidates.map(displayPath).join(" and ")}).${hint}`);
  }
  return { file, codeFile: codeFile ?? join(dirname(file), CODE_FILE) };
}

/** Compiles one scenario and its code; diagnostics of both, the scenario only when both are clean of errors. */
export function loadScenario(
  file: string,
  codeFile: string,
): { code: Result<Code>; scenario: Result<Scenario>; diagnostics: Diagnostic[] } {
  const code = readCode(codeFile);
  const scenario = readScenario(file, code.value);
  return { code, scenario, diagnostics: [...code.diagnostics, ...scenario.diagnostics] };
}
