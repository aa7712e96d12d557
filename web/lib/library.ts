/**
 * Build time only: compiles scenarios/ once through engine/load.ts and hands
 * pages plain data. A scenario with errors fails the build with positioned
 * diagnostics. Never imported by an island (the compiler is native).
 */
import { readdirSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { Analysis } from "../../engine/analyze.ts";
import { analyzeScenario } from "../../engine/analyze.ts";
import { formatDiagnostic, hasErrors, sortDiagnostics } from "../../engine/diagnostics.ts";
import { layoutScenario, type ScenarioMap } from "../../engine/layout.ts";
import { loadLibrary } from "../../engine/load.ts";
import type { Code, Scenario, Support } from "../../engine/model.ts";
import { workspacePublish } from "../integrations/workspace.mjs";

export type Entry = { readonly scenario: Scenario; readonly analysis: Analysis; readonly map: ScenarioMap };
export type Built = {
  readonly code: Code;
  readonly entries: readonly Entry[];
  /** The group's support page (`support.mdx`), when the folder has one. */
  readonly support?: Support;
};

/** The scenarios folder: `scenarios/` in the project, or `REHEARSE_SCENARIOS` (the benchmark builds generated libraries). */
const DIR = resolve(process.env.REHEARSE_SCENARIOS ?? "scenarios");

let cached: { built: Built; signature: string } | undefined;

/** Names, sizes and modification times of the library's files: a change means compile again (dev server). */
function signature(): string {
  return readdirSync(DIR)
    .filter((name) => name.endsWith(".mdx"))
    .sort()
    .map((name) => {
      // A broken link named *.mdx has no stats: it is skipped (and reported) by loadLibrary.
      const s = statSync(join(DIR, name), { throwIfNoEntry: false });
      return s ? `${name}:${s.size}:${s.mtimeMs}` : `${name}:missing`;
    })
    .join("|");
}

export class ScenarioBuildError extends Error {}

/** The library, compiled once per build (and again in dev when a file changes, as Vite reloads this module). */
export function library(): Built {
  const now = signature();
  if (cached?.signature === now) return cached.built;
  const lib = loadLibrary(DIR);
  for (const k of lib.skipped) console.warn(`rehearse: skipped ${k.file}: ${k.reason}`);
  const diagnostics = sortDiagnostics([
    ...lib.code.diagnostics,
    ...(lib.support?.diagnostics ?? []),
    ...lib.scenarios.flatMap((s) => s.result.diagnostics),
  ]);
  if (hasErrors(diagnostics) || !lib.code.value) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    throw new ScenarioBuildError(
      `The scenarios have ${errors.length} error${errors.length === 1 ? "" : "s"}:\n${errors.map(formatDiagnostic).join("\n")}\nRun \`npm run rehearse -- check\` for details.`,
    );
  }
  // A workspace's `publish` (rehearse.config.json) names the scenarios the site shows, in its order.
  const publish = workspacePublish();
  const entries = lib.scenarios
    .flatMap((s) => (s.result.value ? [s.result.value] : []))
    .filter((scenario) => !publish || publish.includes(scenario.id))
    .sort((a, b) => (publish ? publish.indexOf(a.id) - publish.indexOf(b.id) : 0))
    // A workspace outside this folder would put its absolute path (a coordinator's home folder) in the pages.
    .map((scenario) =>
      isAbsolute(scenario.file) ? { ...scenario, file: relative(dirname(DIR), scenario.file) } : scenario,
    )
    .map((scenario) => ({ scenario, analysis: analyzeScenario(scenario), map: layoutScenario(scenario) }));
  const support = lib.support?.value;
  // A group deploying its own site should notice the blanks it has not filled in yet.
  if (support && support.placeholders.length > 0)
    console.warn(
      `rehearse: ${support.file} still has ${support.placeholders.length} placeholder${support.placeholders.length === 1 ? "" : "s"} (${support.placeholders[0]}…): fill in your group's own contacts before sharing the site`,
    );
  const built = { code: lib.code.value, entries, ...(support ? { support } : {}) };
  cached = { built, signature: now };
  return built;
}

export const principleNames = (code: Code): Record<string, string> =>
  Object.fromEntries(code.principles.map((p) => [p.id, p.name]));

/** The static paths of every per-scenario route (player, script, scenario.json): the id, its entry and the principle names. */
export function scenarioPaths() {
  const { code, entries } = library();
  const names = principleNames(code);
  return entries.map((entry) => ({ params: { id: entry.scenario.id }, props: { entry, names } }));
}
