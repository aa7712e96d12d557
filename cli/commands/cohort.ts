/**
 * `rehearse cohort <files…|folders…>`: the cohort report (engine/cohort.ts)
 * over trainees' shared training records, on the coordinator's machine. Reads
 * files and folders (every `.json` file in a folder and its subfolders); a zip
 * is not opened here (unzip it first, or drop it on the site's /cohort/ page).
 */
import { mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import { analyzeScenario } from "../../engine/analyze.ts";
import type { Breakdown, CohortFile, CohortLibrary, CohortReport } from "../../engine/cohort.ts";
import { cohortReport, POSITION_BANDS } from "../../engine/cohort.ts";
import { cohortTables, suppressedText, tableCsv } from "../../engine/cohort-tables.ts";
import { formatDiagnostic } from "../../engine/diagnostics.ts";
import type { ScenarioData } from "../../engine/import.ts";
import { CODE_FILE, displayPath, loadLibrary } from "../../engine/load.ts";
import { pathKind, readTextFile } from "../../engine/read-file.ts";
import { RECORD_LIMITS } from "../../engine/training-record.ts";
import { CONFIG_FILE, parseWorkspaceConfig } from "../../engine/workspace-config.ts";
import { UsageError } from "../args.ts";
import type { Io, Styles } from "../io.ts";
import { styles } from "../io.ts";
import { terminalJson, terminalSafe } from "../render/terminal-safe.ts";
import { fitColumns, visibleLength, wrap } from "../render/text.ts";
import { findWorkspace } from "../workspace.ts";

export type CohortFormat = "text" | "json" | "csv";

export type CohortArgs = {
  readonly paths: readonly string[];
  readonly format: CohortFormat;
  readonly out?: string | undefined;
  readonly table?: string | undefined;
  /** The scenarios folder (default: the workspace's, else scenarios/). */
  readonly dir?: string | undefined;
  readonly code?: string | undefined;
  readonly config?: string | undefined;
};

/** The most files read from the folders given: a cohort is hundreds, not hundreds of thousands. */
export const MAX_FILES = 20_000;

/**
 * Runs the command. Exit code: 0 the report was made (files left out are listed), 1 no file could be
 * counted or the library does not compile, 2 usage or settings errors.
 */
export function runCohort(args: CohortArgs, io: Io): number {
  if (args.paths.length === 0)
    throw new UsageError("name the training records to read: files, or folders of .json files");
  if (args.format === "csv" && args.table === undefined && args.out === undefined)
    throw new UsageError(
      "--format csv writes one table: add --table <id> (one of the tables below), or --out <folder> for every table",
    );
  const place = findWorkspace(io.cwd);
  const dir = args.dir ?? place?.scenarios ?? "scenarios";
  // The settings beside --dir's scenarios, else the workspace's.
  const minimumGroup = readMinimumGroup(args, dir, args.dir === undefined ? place?.configFile : undefined, io);
  if (minimumGroup === undefined) return 2;

  const files = collect(args.paths);
  if (files.missing.length > 0) {
    for (const m of files.missing) io.err(`rehearse: no such file or folder: ${terminalSafe(m)}\n`);
    return 2;
  }
  if (files.skipped > 0)
    io.err(
      `rehearse: read the first ${MAX_FILES.toLocaleString("en")} files only; ${files.skipped.toLocaleString("en")} more were left out (report on fewer folders at a time)\n`,
    );
  const library = readLibrary(dir, args.code, io);
  if (!library) return 1;

  const report = cohortReport(files.read, library, { minimumGroup });
  const tables = cohortTables(report);
  if (args.table !== undefined && !tables.some((t) => t.id === args.table))
    throw new UsageError(`no table "${args.table}"; the tables are ${tables.map((t) => t.id).join(", ")}`);

  if (args.format === "json") {
    if (args.out) writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
    else io.out(terminalJson(report));
  } else if (args.format === "csv") {
    const chosen = args.table === undefined ? tables : tables.filter((t) => t.id === args.table);
    if (args.table === undefined && args.out !== undefined) {
      mkdirSync(args.out, { recursive: true });
      for (const t of chosen) writeFileSync(join(args.out, `cohort-${t.id}.csv`), tableCsv(t, minimumGroup));
      io.err(`rehearse: wrote ${chosen.length} tables to ${terminalSafe(args.out)}\n`);
    } else {
      const csv = tableCsv(chosen[0] as (typeof chosen)[number], minimumGroup);
      if (args.out) writeFileSync(args.out, csv);
      // Control characters out of every field; the CRLF line ends stay (RFC 4180).
      else io.out(csv.split("\r\n").map(terminalSafe).join("\r\n"));
    }
  } else {
    const text = cohortText(report, styles(args.out ? false : io.color));
    if (args.out) writeFileSync(args.out, text);
    else io.out(text);
  }
  if (args.out && args.format !== "csv") io.err(`rehearse: wrote the report to ${terminalSafe(args.out)}\n`);
  if (report.files.records === 0) {
    io.err("rehearse: no training record could be counted (see the files left out above)\n");
    return 1;
  }
  return 0;
}

/** `cohort.minimumGroup` from --config, the workspace's rehearse.config.json, or the one beside the scenarios; 5 without one. */
function readMinimumGroup(
  args: CohortArgs,
  dir: string,
  workspaceConfig: string | undefined,
  io: Io,
): number | undefined {
  const file = args.config ?? workspaceConfig ?? join(dir, CONFIG_FILE);
  const kind = pathKind(file);
  if (kind === "missing") {
    if (args.config !== undefined) throw new UsageError(`no config file at ${displayPath(args.config)}`);
    return 5;
  }
  const read = readTextFile(file);
  if (read.kind !== "text") {
    io.err(`rehearse: ${terminalSafe(displayPath(file))} cannot be read as the settings\n`);
    return undefined;
  }
  const parsed = parseWorkspaceConfig(read.text, displayPath(file));
  if (!parsed.value) {
    for (const d of parsed.diagnostics) io.err(`${terminalSafe(formatDiagnostic(d))}\n`);
    io.err(`rehearse: the settings have errors; fix ${terminalSafe(displayPath(file))}\n`);
    return undefined;
  }
  return parsed.value.cohort.minimumGroup;
}

/** The files named, and every .json file in the folders named (depth first, sorted), each read once. */
function collect(paths: readonly string[]): { read: CohortFile[]; missing: string[]; skipped: number } {
  const read: CohortFile[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  const add = (path: string) => {
    if (seen.has(path)) return;
    if (read.length >= MAX_FILES) {
      skipped++;
      return;
    }
    seen.add(path);
    const name = displayPath(path);
    if (/\.zip$/i.test(path)) {
      read.push({
        name,
        text: "",
        error: "a zip file: unzip it and name the folder (or drop the zip on the site's /cohort/ page)",
      });
      return;
    }
    const outcome = readTextFile(path, RECORD_LIMITS.chars);
    if (outcome.kind === "text") read.push({ name, text: outcome.text });
    else
      read.push({
        name,
        text: "",
        error:
          outcome.kind === "too-large"
            ? `larger than ${RECORD_LIMITS.chars / 1024 / 1024} MiB`
            : outcome.kind === "not-a-file"
              ? `it is ${outcome.what}`
              : outcome.kind === "unreadable"
                ? `it cannot be read (${outcome.message})`
                : "it is gone",
      });
  };
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith(".")) continue;
      const path = join(dir, entry);
      let isDir = false;
      try {
        isDir = statSync(path).isDirectory();
      } catch {
        continue;
      }
      if (isDir) walk(path);
      else if (extname(entry).toLowerCase() === ".json") add(path);
    }
  };
  for (const path of paths) {
    const kind = pathKind(path);
    if (kind === "missing") missing.push(path);
    else if (kind === "file") add(path);
    else if (kind.what === "a folder") walk(path);
    else missing.push(`${path} (${kind.what})`);
  }
  return { read, missing, skipped };
}

/** The code and every scenario that compiles, analysed. Prints why and returns undefined when the code does not compile. */
function readLibrary(dir: string, codeFile: string | undefined, io: Io): CohortLibrary | undefined {
  const library = loadLibrary(dir, codeFile ?? join(dir, CODE_FILE));
  const code = library.code.value;
  if (!code) {
    for (const d of library.code.diagnostics.filter((x) => x.severity === "error"))
      io.err(`${terminalSafe(formatDiagnostic(d))}\n`);
    io.err(`rehearse: the code of ethics in ${terminalSafe(dir)} has errors; run \`rehearse check\`\n`);
    return undefined;
  }
  const scenarios: Record<string, ScenarioData> = {};
  const broken: string[] = [];
  for (const loaded of library.scenarios) {
    const scenario = loaded.result.value;
    if (scenario) scenarios[scenario.id] = { scenario, analysis: analyzeScenario(scenario) };
    else broken.push(loaded.file);
  }
  if (broken.length > 0)
    io.err(
      `rehearse: ${broken.length} scenario${broken.length === 1 ? " has" : "s have"} errors and ${broken.length === 1 ? "is" : "are"} left out (runs of ${broken.length === 1 ? "it" : "them"} count as not replaying): ${terminalSafe(broken.join(", "))}\n`,
    );
  return { code, scenarios };
}

// ---- Text output, 80 columns ----

const WIDTH = 78;
const clip = (text: string, width: number) =>
  visibleLength(text) > width ? `${fitColumns(text, Math.max(0, width - 1))}…` : text;
const left = (text: string, width: number) => {
  const t = clip(text, width);
  return t + " ".repeat(Math.max(0, width - visibleLength(t)));
};
const right = (text: string, width: number) => {
  const t = clip(text, width);
  return " ".repeat(Math.max(0, width - visibleLength(t))) + t;
};
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const signed = (n: number) => (n > 0 ? `+${n.toFixed(2)}` : n < 0 ? `−${(-n).toFixed(2)}` : "0.00");
const pct = (share: number) => `${Math.round(share * 100)}%`;

/** The report as text for a terminal or a file, at most 80 columns wide. */
export function cohortText(report: CohortReport, s: Styles): string {
  const safe = terminalSafe;
  const hidden = suppressedText(report.minimumGroup);
  const out: string[] = [];
  const heading = (text: string) => out.push("", s.bold(text));
  /** Prose wrapped to 78 columns; `mark` starts the first line. */
  const para = (text: string, indent = "  ", mark = indent) => out.push(...wrap(text, WIDTH, indent, mark));
  const when = <T>(b: Breakdown<T>, shown: (v: T & { trainees: number }) => string) =>
    b.suppressed ? `  ${s.dim(hidden)}` : shown(b);

  out.push(s.bold(`Cohort report: ${safe(report.code.title)}`));
  out.push(
    `  ${plural(report.trainees, "trainee")} · ${plural(report.runs.completed, "completed run")} · ${report.runs.unfinished} unfinished`,
    `  Files: ${report.files.given} given · ${plural(report.files.duplicates, "duplicate")} · ${report.files.rejected} left out`,
  );
  para(`Groups of fewer than ${report.minimumGroup} trainees are not shown ("${hidden}").`);
  if (report.otherCode > 0)
    para(
      `${plural(report.otherCode, "record was", "records were")} made with another version of the code: answers to statements it no longer has are left out.`,
    );

  heading("Self-assessment before and after (1 strongly disagree … 5 strongly agree)");
  out.push(
    s.dim(
      `  ${left("Principle", 24)}${right("n", 5)}${right("before", 8)}${right("after", 7)}${right("change", 8)}${right("SD", 6)}${right("d_z", 7)}`,
    ),
  );
  for (const p of report.principles) {
    out.push(
      `  ${left(safe(p.name), 24)}${when(
        p.change,
        (c) =>
          `${right(String(c.n), 5)}${right(c.before.toFixed(2), 8)}${right(c.after.toFixed(2), 7)}${right(signed(c.mean), 8)}${right(c.sd.toFixed(2), 6)}${right(c.dz === null ? "–" : c.dz.toFixed(2), 7)}`,
      )}`,
    );
  }
  out.push(
    ...wrap(
      "n: trainees who answered before and after. d_z: the mean change over the SD of the changes (paired).",
      WIDTH,
      "  ",
    ).map(s.dim),
  );
  out.push(
    "",
    s.dim(
      `  ${left("Answers (1…5), before → after", 32)}${right("1", 5)}${right("2", 5)}${right("3", 5)}${right("4", 5)}${right("5", 5)}${right("mean", 7)}`,
    ),
  );
  for (const p of report.principles) {
    for (const side of ["before", "after"] as const) {
      const label = side === "before" ? safe(p.name) : "  after";
      out.push(
        `  ${left(label, 32)}${when(p[side], (d) => `${d.counts.map((c) => right(String(c), 5)).join("")}${right(d.mean.toFixed(2), 7)}`)}`,
      );
    }
  }

  heading("What the runs tested: where first runs sat in each scenario's range");
  out.push(
    s.dim(
      `  ${left("Principle", 22)}${right("runs", 6)}${POSITION_BANDS.map((b) => right(b, 8)).join("")}${right("mean", 6)}`,
    ),
  );
  for (const p of report.principles)
    out.push(
      `  ${left(safe(p.name), 22)}${when(p.tested, (t) => `${right(String(t.runs), 6)}${t.bands.map((n) => right(String(n), 8)).join("")}${right(`${Math.round(t.mean)}%`, 6)}`)}`,
    );

  heading("Scenarios: completions and endings (first completed run per trainee)");
  out.push(
    s.dim(
      `  ${left("Scenario", 30)}${right("trainees", 9)}${right("runs", 6)}${right("open", 6)}${right("pos", 6)}${right("mixed", 7)}${right("neg", 6)}`,
    ),
  );
  for (const sc of report.scenarios)
    out.push(
      `  ${left(safe(sc.title), 30)}${when(
        sc.results,
        (r) =>
          `${right(String(r.trainees), 9)}${right(String(r.completedRuns), 6)}${right(String(r.unfinishedRuns), 6)}${right(String(r.tones.positive), 6)}${right(String(r.tones.mixed), 7)}${right(String(r.tones.negative), 6)}`,
      )}`,
    );
  out.push(s.dim("  runs: completed runs (every one); open: runs not finished."));

  const names = new Map(report.principles.map((p) => [p.id, p.name]));
  const visible = report.scenarios.filter((sc) => !sc.results.suppressed);
  if (visible.length > 0) {
    heading("Scores within each scenario's range (first completed run per trainee)");
    out.push(
      s.dim(
        `    ${left("Principle", 18)}${right("range", 8)}${POSITION_BANDS.map((b) => right(b, 8)).join("")}${right("mean", 6)}`,
      ),
    );
    for (const sc of visible) {
      if (sc.results.suppressed) continue;
      out.push(`  ${clip(safe(sc.title), WIDTH - 2)}`);
      for (const p of sc.results.principles)
        out.push(
          `    ${left(safe(names.get(p.id) ?? p.id), 18)}${right(`${p.min}…${p.max}`, 8)}${when(p.position, (d) => `${d.bands.map((n) => right(String(n), 8)).join("")}${right(`${Math.round(d.mean)}%`, 6)}`)}`,
        );
    }
  }

  const ranked = report.decisions.filter((d) => d.rank !== null).slice(0, 10);
  heading("Where the cohort diverged most from the code");
  if (ranked.length === 0) out.push(s.dim("  Nowhere to show: no decision with enough trainees chose below the best."));
  const title = new Map(report.scenarios.map((sc) => [sc.id, sc.title]));
  for (const d of ranked) {
    if (d.results.suppressed) continue;
    const r = d.results;
    out.push(
      `  ${right(`${d.rank}.`, 3)} ${clip(`${safe(title.get(d.scenario) ?? d.scenario)} › ${safe(d.sceneTitle)}`, WIDTH - 6)}`,
      `      ${pct(r.belowBest)} chose below the best · ${r.givenUp.toFixed(2)} points given up on average · ${plural(r.trainees, "trainee")}`,
    );
    for (const o of r.options) {
      if (o.count === 0 && !o.best) continue;
      out.push(
        `      ${right(pct(o.share), 4)}  ${o.best ? s.green("best ") : "     "}${clip(safe(o.text), WIDTH - 17)}`,
      );
    }
  }
  const hiddenDecisions = report.decisions.filter((d) => d.results.suppressed).length;
  if (hiddenDecisions > 0)
    out.push(s.dim(`  ${plural(hiddenDecisions, "decision")} reached by ${hidden} trainees not shown.`));

  const p = report.problems;
  if (p.rejected.length + p.duplicates.length + p.notReplaying.length > 0) {
    heading("Files left out or counted apart");
    for (const r of p.rejected) para(`${safe(r.file)}: ${safe(r.reason)}`, "    ", `  ${s.red("✗")} `);
    for (const d of p.duplicates)
      para(`${safe(d.file)}: ${safe(d.reason)} (${safe(d.sameAs)})`, "    ", `  ${s.yellow("=")} `);
    for (const n of p.notReplaying)
      for (const r of n.runs)
        para(
          `${safe(n.file)}: run ${r.run} (${safe(r.scenario)}) left out: ${safe(r.reason)}`,
          "    ",
          `  ${s.yellow("!")} `,
        );
  }
  out.push("");
  out.push(
    ...wrap("Every table: --format csv --out <folder>. The whole report: --format json.", WIDTH, "  ").map(s.dim),
  );
  return `${out.join("\n")}\n`;
}
