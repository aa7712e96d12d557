import { basename, dirname, join, resolve, sep } from "node:path";
import { rules } from "../../engine/check/rules/index.ts";
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
import { pathKind, readTextFile } from "../../engine/read-file.ts";
import type { Io, Styles } from "../io.ts";
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
    let result = codes.get(resolve(file));
    if (!result) {
      result = readCode(file);
      codes.set(resolve(file), result);
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
      if (supportFile !== undefined && !seen.has(resolve(supportFile))) {
        const support = readSupport(supportFile);
        seen.add(resolve(supportFile));
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
        // `./scenarios/x.mdx` and `scenarios/x.mdx` are one file, checked once.
        if (seen.has(resolve(file))) continue;
        seen.add(resolve(file));
        try {
          // Only the diagnostics are printed: the compiled scenario is not built.
          pushAll(diagnostics, readScenario(file, compiledCode, { diagnosticsOnly: true }).diagnostics);
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

export type CheckOptions = {
  /** Errors only: warnings are neither shown nor counted against `maxWarnings`. */
  readonly quiet?: boolean;
  /** Exit 1 when there are more warnings than this. */
  readonly maxWarnings?: number;
  /** Run after `--fix` or `--rename-principle`: no hint to run them. */
  readonly afterFix?: boolean;
};

export type CheckFormat = "text" | "short" | "json" | "github" | "sarif";

export async function runCheck(
  paths: readonly string[],
  format: string,
  codeOverride: string | undefined,
  io: Io,
  options: CheckOptions = {},
): Promise<number> {
  const checked = checkPaths(paths, codeOverride);
  const { files, missing, skipped } = checked;
  const all = checked.diagnostics;
  const diagnostics = options.quiet ? all.filter((d) => d.severity === "error") : all;
  const errors = all.filter((d) => d.severity === "error").length;
  const warnings = all.length - errors;
  const { shown, truncated } = capPerFile(diagnostics);
  const s = styles(io.color);
  if (format !== "json" && format !== "sarif") {
    for (const m of missing) io.err(`rehearse: ${terminalSafe(m)}\n`);
    for (const k of skipped)
      io.err(`rehearse: ${s.yellow("skipped")} ${terminalSafe(k.file)}: ${terminalSafe(k.reason)}\n`);
  }
  if (format === "json") {
    io.out(
      terminalJson({
        files,
        errors,
        warnings,
        missing,
        skipped,
        // At most SHOWN_PER_FILE per file; `truncated` names each file with more and its total.
        diagnostics: shown,
        truncated,
      }),
    );
  } else if (format === "short") {
    // One line each, `file:line:column  severity  message  (rule)`: for editors' problem matchers and grep.
    for (const d of shown) io.out(`${terminalSafe(formatDiagnostic(d))}\n`);
  } else if (format === "github") {
    for (const d of shown) io.out(`${githubAnnotation(d)}\n`);
  } else if (format === "sarif") {
    io.out(terminalJson(sarifLog(shown)));
  }
  if (format === "text") {
    // Terminal columns of a source line: loaded only when there is a line to show (it costs a clean check 35 ms).
    if (shown.length > 0) measure = (await import("string-width")).default;
    const more = new Map(truncated.map((t) => [t.file, t.total - t.shown]));
    let lines: SourceLines | undefined;
    shown.forEach((d, i) => {
      if (shown[i - 1]?.file !== d.file) {
        lines = sourceLines(d.file);
        const inFile = diagnostics.filter((x) => x.file === d.file);
        const e = inFile.filter((x) => x.severity === "error").length;
        io.out(`${s.bold(terminalSafe(d.file))} ${s.dim(countsOf(e, inFile.length - e))}\n\n`);
      }
      io.out(humanDiagnostic(d, lines, s));
      const rest = more.get(d.file);
      if (rest !== undefined && shown[i + 1]?.file !== d.file)
        io.out(`${s.dim(`… and ${rest.toLocaleString("en")} more in ${terminalSafe(d.file)}`)}\n\n`);
    });
  }
  if (format === "text" || format === "short") {
    if (files === 0) return 2;
    const summary = summarizeDiagnostics(all, files);
    const hidden = options.quiet && warnings > 0 ? s.dim(" (warnings hidden by --quiet)") : "";
    io.out(
      all.length === 0
        ? `${s.green("✓")} ${summary}\n`
        : `${format === "short" && shown.length > 0 ? "\n" : ""}${errors ? s.red("✗") : s.yellow("!")} ${summary}${hidden}\n`,
    );
  }
  if (format === "text" && !options.afterFix && all.some((d) => d.rule === "unknown-principle"))
    io.err(
      "rehearse: renamed a principle in the code? `rehearse check --fix --dry-run` shows how the scores would follow\n",
    );
  if (files === 0 && (format === "text" || format === "short")) return 2;
  if (missing.length > 0 && errors === 0) return 2;
  if (errors > 0) return 1;
  if (!options.quiet && options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    if (format === "text" || format === "short")
      io.err(
        `rehearse: ${warnings} warning${warnings === 1 ? "" : "s"}, more than --max-warnings ${options.maxWarnings} allows\n`,
      );
    return 1;
  }
  return 0;
}

const countsOf = (errors: number, warnings: number) =>
  [
    errors ? `${errors} error${errors === 1 ? "" : "s"}` : "",
    warnings ? `${warnings} warning${warnings === 1 ? "" : "s"}` : "",
  ]
    .filter(Boolean)
    .join(", ");

/** The rule's section of the authoring guide (`RuleReference.astro` anchors each rule as `rule-<id>`). */
export const guideUrl = (rule: string) => `/authoring/#rule-${rule}`;

type SourceLines = (line: number) => string | undefined;

/** The lines of a shown file, read again (never more than the cap) only when it has something to show. */
function sourceLines(file: string): SourceLines {
  const read = readTextFile(file);
  if (read.kind !== "text") return () => undefined;
  let lines: string[] | undefined;
  return (line) => {
    lines ??= read.text.split("\n");
    return lines[line - 1]?.replace(/\r$/, "");
  };
}

/** Terminal columns of a text: its length until `string-width` is loaded for a file with something to show. */
let measure: (text: string) => number = (text) => text.length;
const stringWidth = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text.length : measure(text));

/** The widest source excerpt shown; a longer line is cut around the span. */
const EXCERPT = 100;

/**
 * rustc-style: the message with its severity and rule, where it is, the source line with a caret under
 * the span, a `help:` when there is a fix, and the rule's page in the authoring guide.
 */
export function humanDiagnostic(d: Diagnostic, lines: SourceLines | undefined, s: Styles): string {
  const colour = d.severity === "error" ? s.red : s.yellow;
  const out = [`${colour(s.bold(`${d.severity}[${d.rule}]`))}${s.bold(`: ${terminalSafe(d.message)}`)}`];
  const gutter = String(d.line).length;
  const pad = " ".repeat(gutter);
  out.push(`${pad}${s.cyan("-->")} ${terminalSafe(`${d.file}:${d.line}:${d.column}`)}`);
  const text = lines?.(d.line);
  // A UTF-16 file's line is not text to show.
  if (text !== undefined && !text.includes("\u0000")) {
    // A span over several lines (a whole element) is marked at its first word: `<Choice`.
    const firstWord = /^\S+/.exec(text.slice(d.column - 1))?.[0].length ?? 1;
    const endColumn =
      d.endLine === undefined || d.endLine === d.line ? (d.endColumn ?? d.column + 1) : d.column + firstWord;
    const from = Math.max(0, d.column - 1);
    const to = Math.max(from + 1, Math.min(endColumn - 1, text.length + 1));
    // Cut a long line around the span, and show tabs and control characters as one cell each.
    const start = text.length > EXCERPT && from > EXCERPT / 2 ? from - 20 : 0;
    const cut = [...terminalSafe(text.slice(start, start + EXCERPT).replace(/\t/g, " "))].join("");
    const shown = `${start > 0 ? "…" : ""}${cut}${start + EXCERPT < text.length ? "…" : ""}`;
    const before = (start > 0 ? 1 : 0) + stringWidth(terminalSafe(text.slice(start, from).replace(/\t/g, " ")));
    const width = Math.max(
      1,
      Math.min(
        stringWidth(terminalSafe(text.slice(from, to).replace(/\t/g, " "))),
        EXCERPT - (before - (start > 0 ? 1 : 0)),
      ),
    );
    out.push(`${pad} ${s.cyan("|")}`);
    out.push(`${s.cyan(String(d.line).padStart(gutter))} ${s.cyan("|")} ${shown}`);
    out.push(`${pad} ${s.cyan("|")} ${" ".repeat(before)}${colour("^".repeat(width))}`);
  }
  if (d.help) out.push(`${pad} ${s.cyan("=")} ${s.bold("help:")} ${terminalSafe(d.help)}`);
  out.push(`${pad} ${s.cyan("=")} ${s.dim(`guide: ${guideUrl(d.rule)}`)}`);
  return `${out.join("\n")}\n\n`;
}

/** GitHub Actions workflow command: `::error file=…,line=…,col=…::message` (escaped as the runner expects). */
export function githubAnnotation(d: Diagnostic): string {
  const data = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const property = (text: string) => data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const props = [
    `file=${property(d.file)}`,
    `line=${d.line}`,
    `col=${d.column}`,
    ...(d.endLine === undefined ? [] : [`endLine=${d.endLine}`]),
    ...(d.endColumn === undefined || d.endLine !== d.line ? [] : [`endColumn=${d.endColumn}`]),
    `title=${property(`rehearse ${d.rule}`)}`,
  ];
  const help = d.help ? ` (${d.help})` : "";
  return terminalSafe(`::${d.severity} ${props.join(",")}::${data(`${d.message}${help}`)}`);
}

/** A SARIF 2.1.0 log, the format code hosts read for code scanning. */
export function sarifLog(diagnostics: readonly Diagnostic[]) {
  const used = [...new Set(diagnostics.map((d) => d.rule))].sort();
  const described = new Map(rules.map((r) => [r.id, r.description]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "rehearse",
            rules: used.map((id) => ({
              id,
              shortDescription: { text: described.get(id) ?? id },
              help: { text: `See the authoring guide, ${guideUrl(id)}` },
            })),
          },
        },
        results: diagnostics.map((d) => ({
          ruleId: d.rule,
          ruleIndex: used.indexOf(d.rule),
          level: d.severity === "error" ? "error" : "warning",
          message: { text: d.help ? `${d.message} (${d.help})` : d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: d.file.split(sep).join("/"), uriBaseId: "%SRCROOT%" },
                region: {
                  startLine: d.line,
                  startColumn: d.column,
                  ...(d.endLine === undefined ? {} : { endLine: d.endLine }),
                  ...(d.endColumn === undefined ? {} : { endColumn: d.endColumn }),
                },
              },
            },
          ],
        })),
      },
    ],
  };
}
