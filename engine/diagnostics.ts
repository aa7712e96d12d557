import type { Position } from "./model.ts";

export type Severity = "error" | "warning";

/** One problem in a file, positioned on the offending node (1-based). */
export type Diagnostic = {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly severity: Severity;
  readonly rule: string;
  readonly message: string;
  /** A fix, when there is one to suggest ("did you mean `heard`?"). */
  readonly help?: string;
};

/** Result of every compile step: a value only when there were no errors. */
export type Result<T> = { readonly value?: T; readonly diagnostics: readonly Diagnostic[] };

export function diagnostic(
  file: string,
  position: Position | undefined,
  severity: Severity,
  rule: string,
  message: string,
  help?: string,
): Diagnostic {
  const place = position ?? { line: 1, column: 1 };
  return {
    file,
    line: place.line,
    column: place.column,
    ...(place.endLine === undefined ? {} : { endLine: place.endLine }),
    ...(place.endColumn === undefined ? {} : { endColumn: place.endColumn }),
    severity,
    rule,
    message,
    ...(help === undefined ? {} : { help }),
  };
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some((d) => d.severity === "error");

/** Orders diagnostics by file, then place, then rule, so output is stable. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.rule.localeCompare(b.rule) ||
      a.message.localeCompare(b.message),
  );
}

/** `file:line:column  severity  message  (rule)` */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.message}  (${d.rule})`;
}

/** `2 errors, 1 warning in 3 files` style summary. */
export function summarizeDiagnostics(diagnostics: readonly Diagnostic[], files: number): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")} in ${plural(files, "file")}`;
}

/**
 * Runs a compile step so that it never throws: an internal failure becomes a
 * diagnostic on the file (and a bug report), never a crash of the player or the build.
 */
export function neverThrows<T>(file: string, compile: () => Result<T>): Result<T> {
  try {
    return compile();
  } catch (error) {
    const message = `Unexpected internal error while compiling (please report it): ${String(error)}`;
    return { diagnostics: [diagnostic(file, undefined, "error", "mdx-syntax", message)] };
  }
}
