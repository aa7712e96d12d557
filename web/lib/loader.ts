/**
 * The workspace as Astro content collections (web/content.config.ts): one
 * loader over engine/load.ts compiles the scenarios folder once per change and
 * fills three collections, `scenarios` (one entry per published scenario, with
 * its analysis and map), `code` (the code of ethics, and the support page when
 * the folder has one) and `diagnostics` (the errors, in `rehearse dev` only).
 *
 * Astro keeps the data store, watches (`rehearse dev`, `npm start`: the
 * loader adds the scenarios folder to Astro's watcher, and Astro reloads the
 * pages when the store changes) and skips entries whose digest has not moved.
 * An error diagnostic stops `astro build` before any page is rendered, with
 * the engine's positioned messages; in dev it is logged, and the pages throw
 * it (Astro's error overlay shows it) until the file is saved again without it.
 */
import { readdirSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroConfig } from "astro";
import type { Loader, LoaderContext } from "astro/loaders";
import type { Analysis } from "../../engine/analyze.ts";
import { analyzeScenario } from "../../engine/analyze.ts";
import type { Diagnostic } from "../../engine/diagnostics.ts";
import { formatDiagnostic, hasErrors, sortDiagnostics } from "../../engine/diagnostics.ts";
import { layoutScenario, type ScenarioMap } from "../../engine/layout.ts";
import { LoadError, loadLibrary } from "../../engine/load.ts";
import type { Code, Scenario, Support } from "../../engine/model.ts";

export type Entry = { readonly scenario: Scenario; readonly analysis: Analysis; readonly map: ScenarioMap };
/** A `scenarios` entry: the scenario, and its place in the catalogue. */
export type ScenarioData = { readonly order: number; readonly entry: Entry };
/**
 * The one `diagnostics` entry: while the library has errors (dev), the engine's messages, formatted, and where the
 * first one is (for Astro's error overlay); otherwise `summary` is null.
 */
export type DiagnosticsData = {
  readonly summary: string | null;
  readonly loc?: { readonly file: string; readonly line: number; readonly column: number };
};

/**
 * Where the workspace is: astro.config.mjs names it in a Vite plugin called `rehearse:library` (its `api`),
 * the one place that reads what `rehearse build`/`dev`, the room and the benchmark pass (REHEARSE_SCENARIOS).
 */
export type LibraryPlace = { readonly dir: string; readonly publish?: readonly string[] };
export const PLACE_PLUGIN = "rehearse:library";

export function libraryPlace(config: Pick<AstroConfig, "vite">): LibraryPlace {
  const plugins = ([config.vite?.plugins ?? []] as unknown[]).flat(Number.POSITIVE_INFINITY) as {
    name?: string;
    api?: unknown;
  }[];
  const api = plugins.find((p) => p?.name === PLACE_PLUGIN)?.api as { library?: LibraryPlace } | undefined;
  return api?.library ?? { dir: resolve("scenarios") };
}

type Compiled = {
  readonly code?: Code;
  readonly support?: Support;
  readonly scenarios: readonly ScenarioData[];
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly string[];
  /** The folder cannot be read at all (no code.mdx, a missing folder): no position to give. */
  readonly failure?: string;
};

/** Names, sizes and modification times of the folder's files: the same means the same library. */
function signature(place: LibraryPlace): string {
  let names: string[];
  try {
    names = readdirSync(place.dir).filter((name) => name.endsWith(".mdx"));
  } catch {
    names = [];
  }
  const files = names.sort().map((name) => {
    // A broken link named *.mdx has no stats: loadLibrary skips (and reports) it.
    const s = statSync(join(place.dir, name), { throwIfNoEntry: false });
    return s ? `${name}:${s.size}:${s.mtimeMs}` : `${name}:missing`;
  });
  return JSON.stringify([place.dir, place.publish ?? null, files]);
}

/** The three collections' loaders run at once; they share one compile of the folder as it is. */
let last: { readonly signature: string; readonly compiled: Compiled } | undefined;

export function compile(place: LibraryPlace): Compiled {
  const now = signature(place);
  if (last?.signature === now) return last.compiled;
  const compiled = compileNow(place);
  last = { signature: now, compiled };
  return compiled;
}

function compileNow(place: LibraryPlace): Compiled {
  let lib: ReturnType<typeof loadLibrary>;
  try {
    lib = loadLibrary(place.dir);
  } catch (error) {
    if (error instanceof LoadError) return { scenarios: [], errors: [], warnings: [], failure: error.message };
    throw error;
  }
  const diagnostics = sortDiagnostics([
    ...lib.code.diagnostics,
    ...(lib.support?.diagnostics ?? []),
    ...lib.scenarios.flatMap((s) => s.result.diagnostics),
  ]);
  const warnings = [
    ...lib.skipped.map((k) => `skipped ${k.file}: ${k.reason}`),
    ...diagnostics.filter((d) => d.severity === "warning").map(formatDiagnostic),
  ];
  const support = lib.support?.value;
  // A group deploying its own site should notice the blanks it has not filled in yet.
  if (support && support.placeholders.length > 0)
    warnings.unshift(
      `${support.file} still has ${support.placeholders.length} placeholder${support.placeholders.length === 1 ? "" : "s"} (${support.placeholders[0]}…): fill in your group's own contacts before sharing the site`,
    );
  if (hasErrors(diagnostics) || !lib.code.value)
    return { scenarios: [], errors: diagnostics.filter((d) => d.severity === "error"), warnings };
  // A workspace's `publish` (rehearse.config.json) names the scenarios the site shows, in its order.
  const publish = place.publish;
  const scenarios = lib.scenarios
    .flatMap((s) => (s.result.value ? [s.result.value] : []))
    .filter((scenario) => !publish || publish.includes(scenario.id))
    .sort((a, b) => (publish ? publish.indexOf(a.id) - publish.indexOf(b.id) : 0))
    // A workspace outside this folder would put its absolute path (a coordinator's home folder) in the pages.
    .map((scenario) =>
      isAbsolute(scenario.file) ? { ...scenario, file: relative(dirname(place.dir), scenario.file) } : scenario,
    )
    .map((scenario, order) => ({
      order,
      entry: { scenario, analysis: analyzeScenario(scenario), map: layoutScenario(scenario) },
    }));
  return { code: lib.code.value, ...(support ? { support } : {}), scenarios, errors: [], warnings };
}

/** What the build and the dev overlay show for a library with errors: the engine's positioned messages. */
export function errorSummary(compiled: Compiled): string | undefined {
  if (compiled.failure) return compiled.failure;
  const { errors } = compiled;
  if (errors.length === 0 && compiled.code) return undefined;
  return `The scenarios have ${errors.length} error${errors.length === 1 ? "" : "s"}:\n${errors.map(formatDiagnostic).join("\n")}\nRun \`npx rehearse check\` for details.`;
}

/** Thrown by `astro build` for a library with errors: the message is the whole story (no stack to read). */
export class ScenarioBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioBuildError";
    // Astro prints a stack under the message when there is one: here there is nothing to add.
    this.stack = "";
  }
}

type Collection = "scenarios" | "code" | "diagnostics";

/**
 * Sets the entries and deletes what is gone. In dev, with digests: Astro leaves an entry whose digest has not
 * moved as it is. A build starts from an empty store of its own (astro.config.mjs), so it skips the hashing.
 */
function fill(context: LoaderContext, items: readonly { id: string; data: Record<string, unknown> }[]) {
  const { store, generateDigest, watcher } = context;
  const keep = new Set(items.map((item) => item.id));
  for (const id of store.keys()) if (!keep.has(id)) store.delete(id);
  for (const { id, data } of items)
    store.set(watcher ? { id, data, digest: generateDigest(JSON.stringify(data)) } : { id, data });
}

/** Warnings shown by the site build and the dev server; `rehearse check` lists them all. */
const SHOWN_WARNINGS = 10;

/** Warnings once per compile (three loaders share it), by the `scenarios` loader. */
let warned: Compiled | undefined;

function update(collection: Collection, context: LoaderContext, place: LibraryPlace) {
  const compiled = compile(place);
  const summary = errorSummary(compiled);
  if (collection === "scenarios" && warned !== compiled) {
    warned = compiled;
    for (const warning of compiled.warnings.slice(0, SHOWN_WARNINGS)) context.logger.warn(warning);
    const more = compiled.warnings.length - SHOWN_WARNINGS;
    if (more > 0)
      context.logger.warn(`and ${more} more warning${more === 1 ? "" : "s"}: run \`npx rehearse check\` for all`);
    // `astro build` prints the error it stops with; dev goes on, so it is said here.
    if (summary && context.watcher) context.logger.error(summary);
  }
  if (summary) {
    // `astro build`: stop here, before any page. Dev: keep the last good pages' data, and let them throw this.
    if (!context.watcher) throw new ScenarioBuildError(summary);
    // Astro's overlay shows the first error's lines from its file; it reads a path outside the project as under
    // it (a group's workspace elsewhere), so there the message alone says where.
    const first = compiled.errors[0];
    const file = first ? resolve(first.file) : "";
    const inProject = first && file.startsWith(fileURLToPath(context.config.root));
    const loc = inProject ? { file, line: first.line, column: first.column } : undefined;
    if (collection === "diagnostics") fill(context, [{ id: "state", data: { summary, ...(loc ? { loc } : {}) } }]);
    return;
  }
  if (collection === "scenarios")
    fill(
      context,
      compiled.scenarios.map((data) => ({ id: data.entry.scenario.id, data })),
    );
  else if (collection === "code")
    fill(context, [
      ...(compiled.code ? [{ id: "code", data: compiled.code }] : []),
      ...(compiled.support ? [{ id: "support", data: compiled.support }] : []),
    ]);
  else fill(context, [{ id: "state", data: { summary: null } }]);
}

/** The loader of one collection of the workspace. */
export function rehearseLoader(collection: Collection): Loader {
  return {
    name: `rehearse:${collection}`,
    load: async (context) => {
      const place = libraryPlace(context.config);
      update(collection, context, place);
      const { watcher } = context;
      if (!watcher) return;
      watcher.add(place.dir);
      const inside = (file: string) =>
        file.startsWith(place.dir + sep) && file.endsWith(".mdx") && !relative(place.dir, file).includes(sep);
      const changed = (file: string) => {
        if (!inside(resolve(file))) return;
        try {
          update(collection, context, place);
        } catch (error) {
          context.logger.error(error instanceof Error ? error.message : String(error));
        }
      };
      watcher.on("change", changed);
      watcher.on("add", changed);
      watcher.on("unlink", changed);
    },
  };
}
