/**
 * `rehearse export <format> <scenario…|--all>`: LMS packages of scenarios,
 * made from the site build (cli/export/package.ts). Each format is a module
 * of cli/export/ with an `exportFormat(job, io)`; this command resolves and
 * compiles the scenarios, finds or builds the site, and hands them over.
 */
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { analyzeScenario } from "../../engine/analyze.ts";
import { formatDiagnostic } from "../../engine/diagnostics.ts";
import {
  CODE_FILE,
  LoadError,
  loadScenario,
  readSupport,
  resolveScenario,
  SUPPORT_FILE,
  scenarioFiles,
} from "../../engine/load.ts";
import type { Code, Scenario } from "../../engine/model.ts";
import { UsageError } from "../args.ts";
import { ExportError, type ExportJob, siteFor } from "../export/package.ts";
import type { Io } from "../io.ts";
import { terminalSafe } from "../render/terminal-safe.ts";

type Format = {
  exportFormat(job: ExportJob, io: Io): Promise<number>;
  /** Checks the format's own options before the site is built (throws UsageError). */
  checkOptions?(values: ExportJob["values"]): void;
};

/** The formats, each loaded only when asked for. */
const FORMATS: Readonly<Record<string, () => Promise<Format>>> = {
  scorm: () => import("../export/scorm.ts"),
  cmi5: () => import("../export/cmi5.ts"),
};

export type ExportOptions = {
  readonly dir: string;
  readonly code: string | undefined;
  readonly all: boolean;
  readonly out: string | undefined;
  readonly site: string | undefined;
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
};

export async function runExport(
  format: string | undefined,
  args: readonly string[],
  options: ExportOptions,
  io: Io,
): Promise<number> {
  const load = format === undefined ? undefined : FORMATS[format];
  if (!load)
    throw new UsageError(
      format === undefined
        ? `name a format: ${Object.keys(FORMATS).join(" or ")}`
        : `unknown format "${format}": export makes ${Object.keys(FORMATS).join(" or ")} packages`,
    );
  // The format's own options first: a usage error comes before any work.
  const module = await load();
  module.checkOptions?.(options.values);
  if (options.all && args.length > 0) throw new UsageError("give scenarios or --all, not both");
  if (!options.all && args.length === 0) throw new UsageError("name the scenarios to export, or --all");
  let files: string[];
  let codeFile: string;
  try {
    if (options.all) {
      files = scenarioFiles(options.dir);
      codeFile = options.code ?? resolve(options.dir, CODE_FILE);
      if (files.length === 0) throw new LoadError(`No scenarios in ${options.dir}`);
    } else {
      const resolved = args.map((arg) => resolveScenario(arg, options.dir, options.code));
      files = resolved.map((r) => r.file);
      codeFile = (resolved[0] as (typeof resolved)[number]).codeFile;
    }
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    io.err(`rehearse: ${terminalSafe(error.message)}\n`);
    return 1;
  }
  // The site is built from one folder: every scenario exported comes from it.
  const folders = new Set(files.map((f) => resolve(io.cwd, dirname(f))));
  if (folders.size > 1) {
    io.err("rehearse: export scenarios from one folder at a time (the site is built from one folder)\n");
    return 1;
  }
  const scenarios: { scenario: Scenario; analysis: ReturnType<typeof analyzeScenario> }[] = [];
  let code: Code | undefined;
  const ids = new Set<string>();
  for (const file of files) {
    const loaded = loadScenario(file, codeFile);
    const errors = loaded.diagnostics.filter((d) => d.severity === "error");
    if (!loaded.scenario.value || !loaded.code.value) {
      for (const d of errors) io.err(`${terminalSafe(formatDiagnostic(d))}\n`);
      io.err(
        `rehearse: ${terminalSafe(file)} has ${errors.length} error${errors.length === 1 ? "" : "s"}; run \`rehearse check ${terminalSafe(file)}\` for details\n`,
      );
      return 1;
    }
    code = loaded.code.value;
    const scenario = loaded.scenario.value;
    if (ids.has(scenario.id)) continue;
    ids.add(scenario.id);
    scenarios.push({ scenario, analysis: analyzeScenario(scenario) });
  }
  if (!code) return 1;
  // The package carries the support page, as the site does: its blanks reach every trainee in the course.
  const folder = [...folders][0] as string;
  const support = readSupport(join(folder, SUPPORT_FILE))?.value;
  if (support && support.placeholders.length > 0)
    io.err(
      `rehearse: warning: ${terminalSafe(support.file)} still has ${support.placeholders.length} placeholder${support.placeholders.length === 1 ? "" : "s"} (${terminalSafe(support.placeholders[0] ?? "")}…): fill in your group's own contacts before you load the packages into a course\n`,
    );
  const out = resolve(io.cwd, options.out ?? "lms-packages");
  let site: ReturnType<typeof siteFor> | undefined;
  try {
    site = siteFor(
      scenarios.map((s) => s.scenario),
      folder,
      options.site,
      io,
    );
    mkdirSync(out, { recursive: true });
    return await module.exportFormat({ scenarios, code, site: site.dir, out, values: options.values }, io);
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    io.err(`rehearse: ${terminalSafe(error.message)}\n`);
    return 1;
  } finally {
    site?.done();
  }
}
