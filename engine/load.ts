/**
 * The one engine module that touches the file system: reads a scenarios
 * folder (or single files) and its code of ethics, for the CLI and the site.
 */
import { existsSync, lstatSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { FileRole } from "./check/rules/unreadable-file.ts";
import { unreadableFileDiagnostic } from "./check/rules/unreadable-file.ts";
import { compileCode } from "./compile/compile-code.ts";
import { compileScenario } from "./compile/compile-scenario.ts";
import type { SupportContacts } from "./compile/compile-support.ts";
import { compileSupport } from "./compile/compile-support.ts";
import { closest } from "./compile/frontmatter.ts";
import type { Diagnostic, Result } from "./diagnostics.ts";
import { diagnostic } from "./diagnostics.ts";
import type { Code, Scenario, Support } from "./model.ts";
import { formatBytes, MAX_FILE_BYTES, pathKind, readSourceFile, readTextFile } from "./read-file.ts";
import { CONFIG_FILE, parseWorkspaceConfig } from "./workspace-config.ts";

export const CODE_FILE = "code.mdx";
/** The group's support contacts, beside the code: not a scenario. */
export const SUPPORT_FILE = "support.mdx";

export class LoadError extends Error {}

export type LoadedScenario = { readonly file: string; readonly result: Result<Scenario> };

export type Library = {
  readonly dir: string;
  readonly code: Result<Code>;
  readonly codeFile: string;
  readonly scenarios: readonly LoadedScenario[];
  /** The folder's `support.mdx`, compiled; absent when the folder has none. */
  readonly support?: Result<Support>;
  /** `*.mdx` entries that are not regular files (a folder, a FIFO, a broken link), left out with the reason. */
  readonly skipped: readonly Skipped[];
};

export type Skipped = { readonly file: string; readonly reason: string };

/** Shown paths are relative to the working directory, as editors expect. */
export const displayPath = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
};

/**
 * A file's text through `readSourceFile` (never blocks, never reads past the cap). A missing path or one that
 * is not a regular file throws LoadError; a file over the cap is one positioned diagnostic.
 */
function readSource(
  path: string,
  missing: string,
  expected: string,
  read = readSourceFile(path),
): { text: string } | { diagnostics: Diagnostic[] } {
  switch (read.kind) {
    case "text":
      return { text: read.text };
    case "missing":
      throw new LoadError(missing);
    case "not-a-file":
      throw new LoadError(`${displayPath(path)} is ${read.what}, expected ${expected}`);
    case "unreadable":
      throw new LoadError(`${displayPath(path)} cannot be read: ${read.message}`);
    case "encoding": {
      const message = `Unexpected ${read.encoding} text, expected UTF-8: save the file as UTF-8 in your editor ("Save with encoding" or "Reopen with encoding", then UTF-8)`;
      const place = { line: read.line, column: read.column };
      return { diagnostics: [diagnostic(displayPath(path), place, "error", "encoding", message)] };
    }
    case "too-large": {
      const size =
        read.bytes > MAX_FILE_BYTES + 1 ? `of ${formatBytes(read.bytes)}` : `over ${formatBytes(MAX_FILE_BYTES)}`;
      const message = `Unexpected file ${size}, expected at most ${formatBytes(MAX_FILE_BYTES)} (split it into several scenarios)`;
      return { diagnostics: [diagnostic(displayPath(path), undefined, "error", "too-large", message)] };
    }
  }
}

/**
 * A file's text, or the one diagnostic in its place: `encoding`, `too-large`, or `unreadable-file` for a file
 * that is gone or cannot be read. For `rehearse preview`, which goes on showing a file that is deleted and
 * restored while it runs; the other commands stop at a missing file (LoadError).
 */
export function readOrDiagnose(path: string, role: FileRole): { text: string } | { diagnostics: Diagnostic[] } {
  const read = readSourceFile(path);
  if (read.kind === "missing" || read.kind === "not-a-file" || read.kind === "unreadable")
    return { diagnostics: [unreadableFileDiagnostic(displayPath(path), read, role)] };
  return readSource(path, "", "", read);
}

export function readCode(codeFile: string): Result<Code> {
  const read = readSource(
    codeFile,
    `No code of ethics at ${displayPath(codeFile)} (give one with --code <file>)`,
    "a code of ethics .mdx file (give one with --code <file>)",
  );
  return "text" in read ? compileCode(read.text, displayPath(codeFile)) : read;
}

/**
 * The support page of a scenarios folder (`support.mdx`), or undefined when there is none (or it is not a file),
 * with the contacts its workspace's rehearse.config.json fills in (`support`, see supportContacts).
 */
export function readSupport(file: string): Result<Support> | undefined {
  if (pathKind(file) !== "file") return undefined;
  const read = readSource(file, `No such file: ${displayPath(file)}`, "a support .mdx file");
  return "text" in read ? compileSupport(read.text, displayPath(file), supportContacts(dirname(file))) : read;
}

/**
 * The `support` of the workspace a scenarios folder belongs to: its rehearse.config.json beside the folder's
 * files, or beside the folder when it is a workspace's `scenarios/` (as cli/workspace.ts finds them). Undefined
 * without one, or when the config has errors (`rehearse check` reports those; the page is then as it is).
 */
export function supportContacts(dir: string): SupportContacts | undefined {
  const candidates = [
    join(dir, CONFIG_FILE),
    ...(basename(resolve(dir)) === "scenarios" ? [join(dir, "..", CONFIG_FILE)] : []),
  ];
  const configFile = candidates.find((c) => pathKind(c) === "file");
  if (!configFile) return undefined;
  const read = readTextFile(configFile);
  if (read.kind !== "text") return undefined;
  const shown = displayPath(resolve(configFile));
  const parsed = parseWorkspaceConfig(read.text, shown);
  const reach = parsed.value?.support;
  return reach ? { reach, file: shown, positions: parsed.positions } : undefined;
}

/** Compiles one scenario file against a compiled code (or without one, when the code itself has errors). */
export function readScenario(
  file: string,
  code: Code | undefined,
  options: { readonly diagnosticsOnly?: boolean } = {},
): Result<Scenario> {
  const read = readSource(file, `No such file: ${displayPath(file)}`, "an .mdx file");
  return "text" in read ? compileScenario(read.text, displayPath(file), code, options) : read;
}

/** Every `*.mdx` regular file in a folder except the code and the support page, sorted by name. */
export function scenarioFiles(dir: string): string[] {
  return scenarioListing(dir).files;
}

/** The folder's scenario files, and the `*.mdx` entries left out because they are not regular files. */
export function scenarioListing(dir: string): { files: string[]; skipped: Skipped[] } {
  if (!existsSync(dir)) throw new LoadError(`No such folder: ${displayPath(dir)}`);
  if (!statSync(dir).isDirectory()) throw new LoadError(`${displayPath(dir)} is not a folder`);
  const files: string[] = [];
  const skipped: Skipped[] = [];
  const names = readdirSync(dir).filter((name) => name.endsWith(".mdx") && name !== CODE_FILE && name !== SUPPORT_FILE);
  for (const name of names.sort()) {
    const file = join(dir, name);
    const kind = pathKind(file);
    if (kind === "file") files.push(file);
    else {
      const link = kind === "missing" && lstatSafe(file)?.isSymbolicLink();
      const what = kind === "missing" ? (link ? "a symbolic link to nothing" : "gone") : kind.what;
      skipped.push({ file: displayPath(file), reason: `${what}, not a file` });
    }
  }
  return { files, skipped };
}

const lstatSafe = (path: string) => {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
};

/** Reads a scenarios folder with its `code.mdx` (or `codeFile`). Throws LoadError for missing paths only. */
export function loadLibrary(dir: string, codeFile = join(dir, CODE_FILE)): Library {
  const { files, skipped } = scenarioListing(dir);
  const code = readCode(codeFile);
  const support = readSupport(join(dir, SUPPORT_FILE));
  return {
    dir: resolve(dir),
    code,
    codeFile: resolve(codeFile),
    scenarios: files.map((file) => ({ file: displayPath(file), result: readScenario(file, code.value) })),
    ...(support ? { support } : {}),
    skipped,
  };
}

/**
 * Resolves `<scenario>` as the CLI takes it: a path to an `.mdx` file, or an
 * id in the scenarios folder. The code is `code.mdx` beside the file unless given.
 */
export function resolveScenario(arg: string, dir: string, codeFile?: string): { file: string; codeFile: string } {
  const candidates = arg.endsWith(".mdx") ? [arg] : [join(dir, `${arg}.mdx`), arg];
  const file = candidates.find((c) => pathKind(c) === "file");
  const other = candidates.map(pathKind).find((k) => typeof k === "object");
  if (!file && typeof other === "object") {
    const at = candidates.find((c) => typeof pathKind(c) === "object") ?? arg;
    throw new LoadError(`${displayPath(at)} is ${other.what}, expected a scenario (an .mdx file or a scenario id)`);
  }
  if (file && !file.endsWith(".mdx"))
    throw new LoadError(
      `${displayPath(file)} is not a scenario: scenarios are .mdx files (or ids of files in ${displayPath(dir)})`,
    );
  if (file && basename(file) === CODE_FILE)
    throw new LoadError(
      `${displayPath(file)} is the code of ethics, not a scenario: \`rehearse check ${displayPath(file)}\` checks it`,
    );
  if (file && basename(file) === SUPPORT_FILE)
    throw new LoadError(
      `${displayPath(file)} is the support page, not a scenario: \`rehearse check ${displayPath(file)}\` checks it`,
    );
  if (!file) {
    let hint = "";
    if (existsSync(dir) && statSync(dir).isDirectory()) {
      const ids = scenarioFiles(dir).map((f) => basename(f, ".mdx"));
      const near = closest(basename(arg).replace(/\.mdx$/, ""), ids);
      hint = near
        ? ` Did you mean \`${near}\`?`
        : ids.length
          ? ` \`rehearse list${dir === "scenarios" ? "" : ` --dir ${displayPath(dir)}`}\` shows the ${ids.length} scenario${ids.length === 1 ? "" : "s"} in ${displayPath(dir)}.`
          : "";
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
