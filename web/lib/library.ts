/**
 * Build time only: the workspace the pages show, from Astro's content
 * collections (web/content.config.ts, filled by web/lib/loader.ts, which
 * compiles the scenarios folder through the engine once per change). Never
 * imported by an island (the compiler is native).
 */
import { getCollection } from "astro:content";
import type { Code, Support } from "../../engine/model.ts";
import { type DiagnosticsData, type Entry, ScenarioBuildError, type ScenarioData } from "./loader.ts";

export type { Entry } from "./loader.ts";
export { ScenarioBuildError };
export type Built = {
  readonly code: Code;
  readonly entries: readonly Entry[];
  /** The group's support page (`support.mdx`), when the folder has one. */
  readonly support?: Support;
};

let built: Promise<Built> | undefined;

/**
 * The library. In dev, read again for every page (Astro's store changes when a file is saved, and a library with
 * errors throws them, for the error overlay); a build reads it once.
 */
export function library(): Promise<Built> {
  if (import.meta.env.DEV || !built) built = read();
  return built;
}

/** A collection entry as read here (typed by hand: a fresh clone has no generated `astro:content` types before its first build or sync). */
type CollectionEntry = { readonly id: string; readonly data: unknown };

async function read(): Promise<Built> {
  const [problems, scenarios, code] = await Promise.all([
    getCollection("diagnostics"),
    getCollection("scenarios"),
    getCollection("code"),
  ]);
  const state = problems[0]?.data as DiagnosticsData | undefined;
  if (state?.summary) throw Object.assign(new ScenarioBuildError(state.summary), { loc: state.loc, stack: "" });
  const codeOf = code.find((e: CollectionEntry) => e.id === "code")?.data as Code | undefined;
  if (!codeOf) throw new ScenarioBuildError("The scenarios folder has no compiled code of ethics (code.mdx).");
  const support = code.find((e: CollectionEntry) => e.id === "support")?.data as Support | undefined;
  const entries = (scenarios.map((e: CollectionEntry) => e.data) as ScenarioData[])
    .sort((a, b) => a.order - b.order)
    .map((d) => d.entry);
  return { code: codeOf, entries, ...(support ? { support } : {}) };
}

export const principleNames = (code: Code): Record<string, string> =>
  Object.fromEntries(code.principles.map((p) => [p.id, p.name]));

/** The static paths of every per-scenario route (player, script, scenario.json): the id, its entry and the principle names. */
export async function scenarioPaths() {
  const { code, entries } = await library();
  const names = principleNames(code);
  return entries.map((entry) => ({ params: { id: entry.scenario.id }, props: { entry, names } }));
}
