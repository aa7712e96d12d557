/**
 * The workspace's `rehearse.config.json`, checked the way `rehearse check`
 * checks a scenario: every problem at its line and column, a published id
 * that names no scenario, a logo that is not there.
 */
import { dirname, join } from "node:path";
import type { Diagnostic } from "../../engine/diagnostics.ts";
import { diagnostic, formatDiagnostic } from "../../engine/diagnostics.ts";
import { displayPath, scenarioFiles } from "../../engine/load.ts";
import { pathKind, readTextFile } from "../../engine/read-file.ts";
import type { WorkspaceConfig } from "../../engine/workspace-config.ts";
import { parseWorkspaceConfig, unknownPublished } from "../../engine/workspace-config.ts";
import type { Io } from "../io.ts";
import { terminalSafe } from "../render/terminal-safe.ts";
import type { WorkspacePlace } from "../workspace.ts";

export function readWorkspaceConfig(place: WorkspacePlace): { value?: WorkspaceConfig; diagnostics: Diagnostic[] } {
  const shown = displayPath(place.configFile);
  const read = readTextFile(place.configFile);
  if (read.kind !== "text") {
    const why =
      read.kind === "not-a-file"
        ? `it is ${read.what}`
        : read.kind === "too-large"
          ? "it is too large"
          : "it cannot be read";
    return { diagnostics: [diagnostic(shown, undefined, "error", "config", `Unexpected settings file: ${why}`)] };
  }
  const parsed = parseWorkspaceConfig(read.text, shown);
  if (!parsed.value) return parsed;
  const diagnostics: Diagnostic[] = [];
  if (existsFolder(place.scenarios)) {
    const ids = scenarioFiles(place.scenarios).map((f) => f.replace(/^.*[\\/]/, "").replace(/\.mdx$/, ""));
    diagnostics.push(...unknownPublished(parsed.value, parsed.positions, ids, shown));
  }
  const logo = parsed.value.site.logo;
  if (logo && pathKind(join(dirname(place.configFile), logo)) !== "file")
    diagnostics.push(
      diagnostic(
        shown,
        parsed.positions.get("site.logo"),
        "error",
        "config",
        `Unexpected "logo": there is no file ${logo} beside ${shown}`,
      ),
    );
  return diagnostics.length ? { diagnostics } : { value: parsed.value, diagnostics };
}

function existsFolder(path: string): boolean {
  try {
    scenarioFiles(path);
    return true;
  } catch {
    return false;
  }
}

/** Prints the config's problems; returns how many errors there were. */
export function checkConfig(place: WorkspacePlace, io: Io): number {
  const { diagnostics } = readWorkspaceConfig(place);
  for (const d of diagnostics) io.err(`${terminalSafe(formatDiagnostic(d))}\n`);
  return diagnostics.filter((d) => d.severity === "error").length;
}
