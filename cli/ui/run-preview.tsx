import { watch as fsWatch } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { render, useApp, useInput } from "ink";
import { compileCode } from "../../engine/compile/compile-code.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import type { Diagnostic } from "../../engine/diagnostics.ts";
import { diagnostic } from "../../engine/diagnostics.ts";
import { displayPath } from "../../engine/load.ts";
import { formatBytes, MAX_FILE_BYTES, readSourceFile } from "../../engine/read-file.ts";
import type { Io } from "../io.ts";
import type { Build } from "./Preview.tsx";
import { Preview } from "./Preview.tsx";

/** Reads and compiles both files; a missing or unreadable file is a diagnostic, not a crash. */
export function buildFromDisk(file: string, codeFile: string): Build {
  const started = performance.now();
  // `encoding` (or `too-large`): a problem of the file's own, under its rule.
  const read = (path: string): { text?: string; error?: string; encoding?: Diagnostic } => {
    const r = readSourceFile(path);
    if (r.kind === "text") return { text: r.text };
    if (r.kind === "encoding")
      return {
        error: "encoding",
        encoding: diagnostic(
          displayPath(path),
          { line: r.line, column: r.column },
          "error",
          "encoding",
          `Unexpected ${r.encoding} text, expected UTF-8: save the file as UTF-8 in your editor`,
        ),
      };
    if (r.kind === "missing") return { error: "no such file" };
    if (r.kind === "not-a-file") return { error: `it is ${r.what}, not a file` };
    if (r.kind === "too-large")
      return {
        error: "too-large",
        encoding: diagnostic(
          displayPath(path),
          undefined,
          "error",
          "too-large",
          `Unexpected file over ${formatBytes(MAX_FILE_BYTES)}, expected at most ${formatBytes(MAX_FILE_BYTES)} (split it into several scenarios)`,
        ),
      };
    return { error: r.message };
  };
  const codeText = read(codeFile);
  const scenarioText = read(file);
  const missing = (path: string, error: string, encoding?: Diagnostic): Diagnostic =>
    encoding ?? {
      file: displayPath(path),
      line: 1,
      column: 1,
      severity: "error" as const,
      rule: "mdx-syntax",
      message: `Unexpected unreadable file: ${error}`,
    };
  if (codeText.error !== undefined || scenarioText.error !== undefined) {
    return {
      diagnostics: [
        ...(codeText.error !== undefined ? [missing(codeFile, codeText.error, codeText.encoding)] : []),
        ...(scenarioText.error !== undefined ? [missing(file, scenarioText.error, scenarioText.encoding)] : []),
      ],
      ms: performance.now() - started,
    };
  }
  const code = compileCode(codeText.text ?? "", displayPath(codeFile));
  const scenario = compileScenario(scenarioText.text ?? "", displayPath(file), code.value);
  return {
    ...(scenario.value && code.value ? { scenario: scenario.value, code: code.value } : {}),
    diagnostics: [...code.diagnostics, ...scenario.diagnostics],
    ms: performance.now() - started,
  };
}

/**
 * Watches the folders (editors often save by renaming a new file into place,
 * which a watch on the file itself would miss) and reports changes to either
 * file, debounced so one save is one rebuild.
 */
export function watchFiles(files: readonly string[], onChange: () => void, debounceMs = 20): () => void {
  const wanted = new Map(files.map((f) => [resolve(f), basename(f)] as const));
  const folders = new Set([...wanted.keys()].map((f) => dirname(f)));
  let timer: NodeJS.Timeout | undefined;
  const watchers = [...folders].map((folder) =>
    fsWatch(folder, (_event, name) => {
      if (name && ![...wanted].some(([full, base]) => base === String(name) && dirname(full) === folder)) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    }),
  );
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}

function QuitOnQ() {
  const { exit } = useApp();
  useInput((input, key) => {
    if (input === "q" || (key.ctrl && input === "c")) exit();
  });
  return null;
}

export async function previewInteractive(
  file: string,
  codeFile: string,
  options: { from?: string; io: Io },
): Promise<number> {
  const instance = render(
    <>
      <Preview
        file={displayPath(file)}
        build={() => buildFromDisk(file, codeFile)}
        watch={(onChange) => watchFiles([file, codeFile], onChange)}
        {...(options.from ? { from: options.from } : {})}
        color={options.io.color}
      />
      <QuitOnQ />
    </>,
    // We only get here with a TTY on both ends: a person is playing, even where CI=true is set.
    { exitOnCtrlC: false, patchConsole: false, interactive: true, alternateScreen: true },
  );
  // Ink leaves the alternate screen on exit (and on Ctrl+C, which quits through the same path): the shell is as it was.
  await instance.waitUntilExit();
  return 0;
}
