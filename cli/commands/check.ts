import { basename, dirname, join } from "node:path";
import type { Diagnostic } from "../../engine/diagnostics.ts";
import { formatDiagnostic, sortDiagnostics, summarizeDiagnostics } from "../../engine/diagnostics.ts";
import type { Skipped } from "../../engine/load.ts";
import {
  CODE_FILE,
  displayPath,
  LoadError,
  readCode,
  readScenario,
  readSupport,
  SUPPORT_FILE,
  scenarioListing,
} from "../../engine/load.ts";
import { pushAll } from "../../engine/push-all.ts";
import { pathKind } from "../../engine/read-file.ts";
import type { Io } from "../io.ts";
import { styles } from "../io.ts";
import { terminalJson, terminalSafe } from "../render/terminal-safe.ts";

/** Diagnostics shown per file; the rest are counted. A generated or damaged file can have 150,000. */
export const SHOWN_PER_FILE = 100;

/** Checks files and folders; every path is reported on, even after a missing one. */
export function checkPaths(
  paths: readonly string[],
  codeOverride: string | undefined,
): { diagnostics: Diagnostic[]; files: number; missing: string[]; skipped: Skipped[] } {
  const diagnostics: Diagnostic[] = [];
  const missing: string[] = [];
  const skipped: Skipped[] = [];
  const seen = new Set<string>();
  let files = 0;
  const codes = new Map<string, ReturnType<typeof readCode>>();
  const code = (file: string) => {
    let result = codes.get(file);
    if (!result) {
      result = readCode(file);
      codes.set(file, result);
      pushAll(diagnostics, result.diagnostics);
      files++;
    }
    return result;
  };
  for (const path of paths) {
    try {
      const kind = pathKind(path);
      if (kind === "missing") throw new LoadError(`No such file or folder: ${displayPath(path)}`);
      const isDir = typeof kind === "object" && kind.what === "a folder";
      if (typeof kind === "object" && !isDir)
        throw new LoadError(`${displayPath(path)} is ${kind.what}, expected an .mdx file or a folder`);
      const codeFile = codeOverride ?? join(isDir ? path : dirname(path), CODE_FILE);
      if (!isDir && basename(path) === CODE_FILE && !codeOverride) {
        code(path);
        continue;
      }
      // The support page (`support.mdx`): checked with a folder, or on its own; it is not a scenario.
      const supportFile = isDir ? join(path, SUPPORT_FILE) : basename(path) === SUPPORT_FILE ? path : undefined;
      if (supportFile !== undefined && !seen.has(supportFile)) {
        const support = readSupport(supportFile);
        seen.add(supportFile);
        if (support) {
          pushAll(diagnostics, support.diagnostics);
          files++;
        }
        if (!isDir) continue;
      }
      const compiledCode = code(codeFile).value;
      const listing = isDir ? scenarioListing(path) : { files: [path], skipped: [] };
      pushAll(skipped, listing.skipped);
      for (const file of listing.files) {
        if (seen.has(file)) continue;
        seen.add(file);
        try {
          pushAll(diagnostics, readScenario(file, compiledCode).diagnostics);
          files++;
        } catch (error) {
          // Gone or swapped for a FIFO since the folder was listed: say so and check the rest.
          if (!(error instanceof LoadError) || !isDir) throw error;
          skipped.push({ file: displayPath(file), reason: error.message });
        }
      }
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      missing.push(error.message);
    }
  }
  return { diagnostics: sortDiagnostics(diagnostics), files, missing, skipped };
}

export type Truncated = { readonly file: string; readonly shown: number; readonly total: number };

/**
 * At most `limit` diagnostics per file, errors before warnings, in file order;
 * and for each file with more, how many it has.
 */
export function capPerFile(
  diagnostics: readonly Diagnostic[],
  limit = SHOWN_PER_FILE,
): { shown: Diagnostic[]; truncated: Truncated[] } {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file);
    if (list) list.push(d);
    else byFile.set(d.file, [d]);
  }
  const shown: Diagnostic[] = [];
  const truncated: Truncated[] = [];
  for (const [file, list] of byFile) {
    if (list.length <= limit) {
      pushAll(shown, list);
      continue;
    }
    const errors = list.filter((d) => d.severity === "error");
    const kept = new Set(errors.length >= limit ? errors.slice(0, limit) : errors);
    for (const d of list) {
      if (kept.size >= limit) break;
      kept.add(d);
    }
    pushAll(
      shown,
      list.filter((d) => kept.has(d)),
    );
    truncated.push({ file, shown: limit, total: list.length });
  }
  return { shown, truncated };
}

export function runCheck(paths: readonly string[], format: string, codeOverride: string | undefined, io: Io): number {
  const { diagnostics, files, missing, skipped } = checkPaths(paths, codeOverride);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const { shown, truncated } = capPerFile(diagnostics);
  if (format === "json") {
    io.out(
      terminalJson({
        files,
        errors,
        warnings: diagnostics.length - errors,
        missing,
        skipped,
        // At most SHOWN_PER_FILE per file; `truncated` names each file with more and its total.
        diagnostics: shown,
        truncated,
      }),
    );
  } else {
    const s = styles(io.color);
    for (const m of missing) io.err(`rehearse: ${terminalSafe(m)}\n`);
    for (const k of skipped)
      io.err(`rehearse: ${s.yellow("skipped")} ${terminalSafe(k.file)}: ${terminalSafe(k.reason)}\n`);
    const more = new Map(truncated.map((t) => [t.file, t.total - t.shown]));
    shown.forEach((d, i) => {
      const line = terminalSafe(formatDiagnostic(d));
      io.out(
        `${d.severity === "error" ? line.replace("  error  ", `  ${s.red("error")}  `) : line.replace("  warning  ", `  ${s.yellow("warning")}  `)}\n`,
      );
      const rest = more.get(d.file);
      if (rest !== undefined && shown[i + 1]?.file !== d.file)
        io.out(`${s.dim(`… and ${rest.toLocaleString("en")} more in ${terminalSafe(d.file)}`)}\n`);
    });
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
