import { existsSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Diagnostic } from "../../engine/diagnostics.ts";
import { formatDiagnostic, sortDiagnostics, summarizeDiagnostics } from "../../engine/diagnostics.ts";
import { CODE_FILE, displayPath, LoadError, readCode, readScenario, scenarioFiles } from "../../engine/load.ts";
import type { Io } from "../io.ts";
import { styles } from "../io.ts";
import { terminalJson, terminalSafe } from "../render/terminal-safe.ts";

/** Checks files and folders; every path is reported on, even after a missing one. */
export function checkPaths(
  paths: readonly string[],
  codeOverride: string | undefined,
): { diagnostics: Diagnostic[]; files: number; missing: string[] } {
  const diagnostics: Diagnostic[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  let files = 0;
  const codes = new Map<string, ReturnType<typeof readCode>>();
  const code = (file: string) => {
    let result = codes.get(file);
    if (!result) {
      result = readCode(file);
      codes.set(file, result);
      diagnostics.push(...result.diagnostics);
      files++;
    }
    return result;
  };
  for (const path of paths) {
    try {
      if (!existsSync(path)) throw new LoadError(`No such file or folder: ${displayPath(path)}`);
      const isDir = statSync(path).isDirectory();
      const codeFile = codeOverride ?? join(isDir ? path : dirname(path), CODE_FILE);
      if (!isDir && basename(path) === CODE_FILE && !codeOverride) {
        code(path);
        continue;
      }
      const compiledCode = code(codeFile).value;
      for (const file of isDir ? scenarioFiles(path) : [path]) {
        if (seen.has(file)) continue;
        seen.add(file);
        files++;
        diagnostics.push(...readScenario(file, compiledCode).diagnostics);
      }
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      missing.push(error.message);
    }
  }
  return { diagnostics: sortDiagnostics(diagnostics), files, missing };
}

export function runCheck(paths: readonly string[], format: string, codeOverride: string | undefined, io: Io): number {
  const { diagnostics, files, missing } = checkPaths(paths, codeOverride);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  if (format === "json") {
    io.out(terminalJson({ files, errors, warnings: diagnostics.length - errors, missing, diagnostics }));
  } else {
    const s = styles(io.color);
    for (const m of missing) io.err(`rehearse: ${terminalSafe(m)}\n`);
    for (const d of diagnostics) {
      const line = terminalSafe(formatDiagnostic(d));
      io.out(
        `${d.severity === "error" ? line.replace("  error  ", `  ${s.red("error")}  `) : line.replace("  warning  ", `  ${s.yellow("warning")}  `)}\n`,
      );
    }
    const summary = summarizeDiagnostics(diagnostics, files);
    if (files === 0) return 2;
    io.out(
      diagnostics.length === 0
        ? `${s.green("✓")} ${summary}\n`
        : `\n${errors ? s.red("✗") : s.yellow("!")} ${summary}\n`,
    );
  }
  if (missing.length > 0 && errors === 0) return 2;
  return errors > 0 ? 1 : 0;
}
