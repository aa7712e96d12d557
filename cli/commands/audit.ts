import { existsSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { AuditThresholds, LibraryAudit, ScenarioAudit } from "../../engine/audit.ts";
import {
  AUDIT_RULES,
  auditLibrary,
  auditScenario,
  DEFAULT_THRESHOLDS,
  findingDiagnostics,
} from "../../engine/audit.ts";
import { CONFIG_FILE, parseConfig } from "../../engine/audit-config.ts";
import type { Diagnostic } from "../../engine/diagnostics.ts";
import { formatDiagnostic } from "../../engine/diagnostics.ts";
import { CODE_FILE, displayPath, LoadError, readCode, readScenario, scenarioFiles } from "../../engine/load.ts";
import type { Code } from "../../engine/model.ts";
import { pushAll } from "../../engine/push-all.ts";
import { readTextFile } from "../../engine/read-file.ts";
import type { Io, Styles } from "../io.ts";
import { styles } from "../io.ts";
import { terminalJson, terminalSafe } from "../render/terminal-safe.ts";
import { fitColumns, visibleLength } from "../render/text.ts";

type Audited = { readonly audit: ScenarioAudit; readonly code: Code; readonly thresholds: AuditThresholds };

/**
 * Reads the thresholds for a scenarios folder: `rehearse.config.json` in that
 * folder (beside its code.mdx), else the workspace's one level up, or
 * `override`; the defaults when there is none.
 * Throws LoadError when `override` names no file.
 */
export function readThresholds(
  folder: string,
  override: string | undefined,
): { thresholds?: AuditThresholds; file?: string; diagnostics: Diagnostic[] } {
  // A workspace keeps its settings at its root, beside the scenarios folder (rehearse init).
  const beside = join(folder, CONFIG_FILE);
  const file = override ?? (existsSync(beside) ? beside : join(folder, "..", CONFIG_FILE));
  if (!existsSync(file)) {
    if (override) throw new LoadError(`No config file at ${displayPath(override)}`);
    return { thresholds: DEFAULT_THRESHOLDS, diagnostics: [] };
  }
  // Never blocks on a FIFO, never reads a device without end (engine/read-file.ts).
  const read = readTextFile(file);
  if (read.kind === "not-a-file") throw new LoadError(`${displayPath(file)} is ${read.what}, expected a JSON file`);
  if (read.kind !== "text")
    throw new LoadError(
      `${displayPath(file)} cannot be read${read.kind === "too-large" ? ": it is larger than 5 MB" : read.kind === "unreadable" ? `: ${read.message}` : ""}`,
    );
  const parsed = parseConfig(read.text, displayPath(file));
  return {
    ...(parsed.value ? { thresholds: parsed.value.audit } : {}),
    file: displayPath(file),
    diagnostics: parsed.diagnostics,
  };
}

/** `rehearse audit [paths…]`: exit 0 without findings, 1 with findings or scenario errors, 2 on usage or config errors. */
export function runAudit(
  paths: readonly string[],
  format: "text" | "json",
  codeOverride: string | undefined,
  configOverride: string | undefined,
  io: Io,
): number {
  const s = styles(io.color);
  const missing: string[] = [];
  const broken: { file: string; errors: Diagnostic[] }[] = [];
  const configErrors: Diagnostic[] = [];
  const audited: Audited[] = [];
  const seen = new Set<string>();
  const codes = new Map<string, ReturnType<typeof readCode>>();
  const configs = new Map<string, ReturnType<typeof readThresholds>>();
  for (const path of paths) {
    try {
      if (!existsSync(path)) throw new LoadError(`No such file or folder: ${displayPath(path)}`);
      const isDir = statSync(path).isDirectory();
      if (!isDir && basename(path) === CODE_FILE) continue;
      const folder = isDir ? path : dirname(path);
      const codeFile = codeOverride ?? join(folder, CODE_FILE);
      let code = codes.get(codeFile);
      if (!code) {
        code = readCode(codeFile);
        codes.set(codeFile, code);
        if (!code.value) broken.push({ file: displayPath(codeFile), errors: errorsOf(code.diagnostics) });
      }
      let config = configs.get(folder);
      if (!config) {
        config = readThresholds(folder, configOverride);
        configs.set(folder, config);
        pushAll(configErrors, config.diagnostics);
      }
      for (const file of isDir ? scenarioFiles(path) : [path]) {
        if (seen.has(file)) continue;
        seen.add(file);
        const result = readScenario(file, code.value);
        if (!result.value || !code.value) {
          if (code.value) broken.push({ file: displayPath(file), errors: errorsOf(result.diagnostics) });
          continue;
        }
        if (config.thresholds)
          audited.push({ audit: auditScenario(result.value), code: code.value, thresholds: config.thresholds });
      }
    } catch (error) {
      if (!(error instanceof LoadError)) throw error;
      missing.push(error.message);
    }
  }
  for (const m of missing) io.err(`rehearse: ${terminalSafe(m)}\n`);
  if (configErrors.length > 0) {
    for (const d of configErrors) io.err(`${terminalSafe(formatDiagnostic(d))}\n`);
    io.err(`rehearse: the audit settings have errors; fix ${CONFIG_FILE} (see \`rehearse audit --help\`)\n`);
    return 2;
  }
  if (audited.length === 0 && broken.length === 0) {
    if (missing.length === 0) io.err("rehearse: no scenarios to audit\n");
    return 2;
  }
  const thresholds = audited[0]?.thresholds ?? DEFAULT_THRESHOLDS;
  const audits = audited.map((a) => a.audit);
  const library = auditLibrary(audits, thresholds);
  const rank = (rule: string) => AUDIT_RULES.findIndex((r) => r.id === rule);
  const findings = audited
    .flatMap((a) => findingDiagnostics(a.audit, a.thresholds))
    .sort((x, y) => x.file.localeCompare(y.file) || rank(x.rule) - rank(y.rule) || x.line - y.line);
  if (format === "json") {
    io.out(terminalJson({ thresholds, library, scenarios: audits, findings, errors: broken, missing }));
  } else {
    for (const b of broken) {
      for (const d of b.errors) io.err(`${terminalSafe(formatDiagnostic(d))}\n`);
      io.out(
        `${s.red("✗")} ${terminalSafe(b.file)}: ${b.errors.length} error${b.errors.length === 1 ? "" : "s"}, not audited (run \`rehearse check ${terminalSafe(b.file)}\`)\n\n`,
      );
    }
    for (const a of audited) io.out(`${scenarioReport(a, s)}\n`);
    io.out(libraryReport(library, thresholds, s));
    if (findings.length > 0) {
      io.out(`\n${s.bold("Findings")}\n`);
      for (const d of findings)
        io.out(`${terminalSafe(formatDiagnostic(d)).replace("  warning  ", `  ${s.yellow("warning")}  `)}\n`);
    }
    const scenarios = new Set(findings.map((d) => d.file)).size;
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
    io.out(
      findings.length === 0 && broken.length === 0
        ? `\n${s.green("✓")} no findings in ${plural(audits.length, "scenario")}\n`
        : `\n${s.yellow("!")} ${plural(findings.length, "finding")} in ${plural(scenarios, "scenario")} of ${audits.length}${broken.length ? `, ${plural(broken.length, "file")} with errors` : ""}\n`,
    );
  }
  if (missing.length > 0 && findings.length === 0 && broken.length === 0) return 2;
  return findings.length > 0 || broken.length > 0 ? 1 : 0;
}

const errorsOf = (diagnostics: readonly Diagnostic[]) => diagnostics.filter((d) => d.severity === "error");

const pct = (part: number, whole: number) => `${whole === 0 ? 0 : Math.round((100 * part) / whole)}%`;
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0");
/** Cut to `width` terminal columns, between characters (never inside an emoji), with an ellipsis. */
const clip = (text: string, width: number) =>
  visibleLength(text) > width ? `${fitColumns(text, Math.max(0, width - 1))}…` : text;

/** A table row: text columns left-aligned, the rest right-aligned; every cell cut to its width. */
function row(cells: readonly string[], widths: readonly number[], right: readonly boolean[]): string {
  return `  ${cells
    .map((c, i) => {
      const w = widths[i] ?? 0;
      const text = clip(c, w);
      const room = " ".repeat(Math.max(0, w - visibleLength(text)));
      return right[i] ? room + text : text + room;
    })
    .join("  ")
    .trimEnd()}`;
}

/** Words joined by " · ", wrapped to 78 columns with the given indent. */
function wrap(parts: readonly string[], indent: string): string {
  const lines: string[] = [];
  let line = indent;
  for (const part of parts) {
    const next = line.trim() === "" ? `${indent}${part}` : `${line} · ${part}`;
    if (next.length > 78 && line.trim() !== "") {
      lines.push(line);
      line = `${indent}${part}`;
    } else line = next;
  }
  if (line.trim() !== "") lines.push(line);
  return lines.join("\n");
}

const scaleParts = (scale: Readonly<Record<string, number>>) =>
  ["-3", "-2", "-1", "0", "1", "2", "3"].map((v) => `${signed(Number(v))} ×${scale[v] ?? 0}`).join(" · ");

function marginParts(margins: Readonly<Record<string, number>>): string[] {
  const at = (m: number) => margins[String(m)] ?? 0;
  const wide = Object.entries(margins).reduce((n, [m, c]) => (Number(m) >= 2 ? n + c : n), 0);
  return [`0 ×${at(0)}`, `1 ×${at(1)}`, `2 or more ×${wide}`];
}

export function scenarioReport({ audit: a, code }: Audited, s: Styles): string {
  const name = (id: string) => code.principles.find((p) => p.id === id)?.name ?? id;
  const n = a.decisions.length;
  const out: string[] = [`${s.bold(terminalSafe(a.title))}  ${s.dim(terminalSafe(a.file))}`];
  if (a.truncated) out.push(s.yellow("  The state space was too large to explore whole: these figures are partial."));
  out.push(
    `  ${n} decision${n === 1 ? "" : "s"} · best option first ${pct(a.bestFirst, n)} · last ${pct(a.bestLast, n)} · longest ${pct(a.bestLongest, n)} · shortest ${pct(a.bestShortest, n)}`,
    `  Trainees see ${a.fixedOrder} of ${n} in this order; the player shuffles the rest`,
    `  Real trade-offs ${a.tradeoffs} · margin best vs runner-up: ${marginParts(a.margins).join(" · ")}`,
    `  The best option costs something at ${pct(a.bestCosts, n)} of decisions`,
    `  Consolation points: ${a.consolations} of ${a.netNegative} net-negative options (${pct(a.consolations, a.netNegative)})`,
    `  Scores used: ${scaleParts(a.scale)}`,
    "",
  );
  const sw = [23, 28, 4, 17];
  const sr = [false, false, true, false];
  out.push(s.dim(row(["Strategy", "reaches", "net", "script"], sw, sr)));
  for (const st of a.strategies) {
    const reaches = st.outcome === "loops" ? "loops" : `${st.ending}${st.tone ? ` (${st.tone})` : ""}`;
    out.push(row([st.label, reaches, st.outcome === "loops" ? "" : signed(st.net), st.script.join(",")], sw, sr));
  }
  out.push("");
  const ew = [30, 8, 14];
  const er = [false, false, false];
  out.push(s.dim(row(["Ending", "tone", "net total"], ew, er)));
  for (const e of a.endings) {
    if (!e.net) {
      out.push(row([e.id, e.tone ?? "", "not reachable"], ew, er));
      continue;
    }
    const best = a.bestRun.endings.includes(e.id) ? "  ← highest-scoring run" : "";
    out.push(`${row([e.id, e.tone ?? "", `${signed(e.net.min)} to ${signed(e.net.max)}`], ew, er)}${best}`);
    const ranges = Object.entries(e.principles ?? {}).map(
      ([p, r]) => `${name(p)} ${r.min === r.max ? signed(r.min) : `${signed(r.min)}…${signed(r.max)}`}`,
    );
    out.push(s.dim(wrap(ranges, "      ")));
  }
  out.push("");
  const dw = [27, 7, 5, 7, 6, 9, 5];
  const dr = [false, true, true, true, true, false, false];
  out.push(s.dim(row(["Decision (scene)", "options", "best", "longest", "margin", "trade-off", "costs"], dw, dr)));
  const times = new Map<string, number>();
  for (const d of a.decisions) times.set(d.scene, (times.get(d.scene) ?? 0) + 1);
  const nth = new Map<string, number>();
  for (const d of a.decisions) {
    const k = (nth.get(d.scene) ?? 0) + 1;
    nth.set(d.scene, k);
    const label = (times.get(d.scene) ?? 0) > 1 ? `${d.scene} (${k})` : d.scene;
    const longest = Math.max(...d.options.map((o) => o.length));
    out.push(
      row(
        [
          label,
          String(d.options.length),
          d.options
            .filter((o) => o.best)
            .map((o) => o.number)
            .join(","),
          d.options
            .filter((o) => o.length === longest)
            .map((o) => o.number)
            .join(","),
          signed(d.margin),
          d.tradeoff ? "yes" : "",
          d.bestCosts > 0 ? "yes" : "",
        ],
        dw,
        dr,
      ),
    );
  }
  return `${out.join("\n")}\n`;
}

export function libraryReport(l: LibraryAudit, t: AuditThresholds, s: Styles): string {
  const n = l.decisions;
  const few = t["few-tradeoffs"] === false ? 2 : t["few-tradeoffs"];
  const cheap = t["cheap-ending"] === false ? 0 : t["cheap-ending"];
  const out = [
    s.bold(`Library: ${l.scenarios} scenario${l.scenarios === 1 ? "" : "s"}, ${n} decision${n === 1 ? "" : "s"}`),
    `  The best option is first at ${pct(l.bestFirst, n)}, last ${pct(l.bestLast, n)}, longest ${pct(l.bestLongest, n)}, shortest ${pct(l.bestShortest, n)}`,
    `  Trainees see ${l.fixedOrder} of ${n} decision${n === 1 ? "" : "s"} in this order; the player shuffles the rest`,
    "",
    s.dim(
      row(["Strategy", "positive", "mixed", "negative", "loops"], [23, 8, 5, 8, 5], [false, true, true, true, true]),
    ),
    ...l.strategies.map((st) =>
      row(
        [st.label, `${st.positive}/${st.scenarios}`, String(st.mixed), String(st.negative), String(st.loops)],
        [23, 8, 5, 8, 5],
        [false, true, true, true, true],
      ),
    ),
    "",
    `  Real trade-offs ${l.tradeoffs} (${l.fewTradeoffs} scenario${l.fewTradeoffs === 1 ? "" : "s"} with fewer than ${few})`,
    `  Margin best vs runner-up: ${marginParts(l.margins).join(" · ")}`,
    `  The best option costs something at ${pct(l.bestCosts, n)} of decisions (${Math.round(l.bestCosts * 10) / 10} of ${n})`,
    `  Consolation points: ${l.consolations} of ${l.netNegative} net-negative options (${pct(l.consolations, l.netNegative)})`,
    `  Positive endings reachable below a net total of ${signed(cheap)}: ${l.cheapEndings}`,
    `  The highest-scoring run ends positive in ${l.bestRunPositive} of ${l.scenarios} scenarios`,
    `  Scores used: ${scaleParts(l.scale)}`,
  ];
  return `${out.join("\n")}\n`;
}
