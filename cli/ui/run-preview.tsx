import { watch as fsWatch } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { render, useApp, useInput } from "ink";
import { compileCode } from "../../engine/compile/compile-code.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import { displayPath, readOrDiagnose } from "../../engine/load.ts";
import type { Io } from "../io.ts";
import type { Build } from "./Preview.tsx";
import { Preview } from "./Preview.tsx";

/**
 * Reads and compiles both files. A file that cannot be read is its one diagnostic, not a crash:
 * `encoding`, `too-large`, or `unreadable-file` when it was deleted, renamed or made unreadable
 * while the preview runs (the preview recovers when it is back).
 */
export function buildFromDisk(file: string, codeFile: string): Build {
  const started = performance.now();
  const codeText = readOrDiagnose(codeFile, "code of ethics");
  const scenarioText = readOrDiagnose(file, "scenario");
  if (!("text" in codeText) || !("text" in scenarioText)) {
    return {
      diagnostics: [
        ...("diagnostics" in codeText ? codeText.diagnostics : []),
        ...("diagnostics" in scenarioText ? scenarioText.diagnostics : []),
      ],
      ms: performance.now() - started,
    };
  }
  const code = compileCode(codeText.text, displayPath(codeFile));
  const scenario = compileScenario(scenarioText.text, displayPath(file), code.value);
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
