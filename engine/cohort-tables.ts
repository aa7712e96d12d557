/**
 * The cohort report as named tables (the site's table alternatives and CSV
 * downloads, the CLI's `--format csv`), and an RFC 4180 CSV writer that keeps
 * a spreadsheet from running a cell as a formula.
 */
import type { Breakdown, CohortCell, CohortReport, CohortTable, Suppressed } from "./cohort-types.ts";
import { POSITION_BANDS } from "./cohort-types.ts";

/** How a suppressed cell reads: "fewer than 5". */
export const suppressedText = (minimumGroup: number) => `fewer than ${minimumGroup}`;

const SCALE = ["1 strongly disagree", "2 disagree", "3 neither", "4 agree", "5 strongly agree"];
const HIDDEN: Suppressed = { suppressed: true };

/** The cells of a breakdown, or as many suppressed cells. */
function cells<T>(
  b: Breakdown<T>,
  width: number,
  shown: (value: T & { trainees: number }) => CohortCell[],
): CohortCell[] {
  return b.suppressed ? Array.from({ length: width }, () => HIDDEN) : shown(b);
}

const names = (report: CohortReport) => new Map(report.principles.map((p) => [p.id, p.name]));

/** Every table of the report, in reading order. */
export function cohortTables(report: CohortReport): CohortTable[] {
  const principleName = names(report);
  const scenarioTitle = new Map(report.scenarios.map((s) => [s.id, s.title]));
  const tables: CohortTable[] = [];

  tables.push({
    id: "summary",
    title: "Summary",
    columns: ["What", "Count"],
    rows: [
      ["Files given", report.files.given],
      ["Trainees (records counted)", report.trainees],
      ["Duplicates counted once", report.files.duplicates],
      ["Files left out", report.files.rejected],
      ["Records with runs that do not replay", report.files.notReplaying],
      ["Records made with another version of the code", report.otherCode],
      ["Self-assessments before", report.assessments.before],
      ["Self-assessments after", report.assessments.after],
      ["Trainees with both", report.assessments.both],
      ["Completed runs", report.runs.completed],
      ["Unfinished runs", report.runs.unfinished],
      ["Runs left out (do not replay)", report.runs.leftOut],
      ["Smallest group shown", report.minimumGroup],
    ],
  });

  tables.push({
    id: "change",
    title: "Self-assessment change per principle (paired: trainees with a before and an after)",
    columns: [
      "Principle",
      "Trainees (n)",
      "Mean before",
      "Mean after",
      "Mean change",
      "SD of change",
      "Effect size d_z",
    ],
    rows: report.principles.map((p) => [
      p.name,
      ...cells(p.change, 6, (c) => [c.n, c.before, c.after, c.mean, c.sd, c.dz]),
    ]),
  });

  const distributionRows = (when: "before" | "after") =>
    report.principles.flatMap((p) => [
      [p.name, "all statements", ...cells(p[when], 8, (d) => [d.trainees, d.answers, ...d.counts, d.mean])],
      ...p.statements.map((s) => [
        p.name,
        s.text,
        ...cells(s[when], 8, (d) => [d.trainees, d.answers, ...d.counts, d.mean]),
      ]),
    ]);
  for (const when of ["before", "after"] as const)
    tables.push({
      id: `answers-${when}`,
      title: `Self-assessment answers ${when} training`,
      columns: ["Principle", "Statement", "Trainees", "Answers", ...SCALE, "Mean (1–5)"],
      rows: distributionRows(when),
    });

  tables.push({
    id: "tested",
    title: "What the runs tested: position within each scenario's range (first completed run per trainee)",
    columns: ["Principle", "Trainees", "Runs", ...POSITION_BANDS, "Mean %", "Median %", "Scenarios"],
    rows: report.principles.map((p) => [
      p.name,
      ...cells(p.tested, 10, (t) => [
        t.trainees,
        t.runs,
        ...t.bands,
        t.mean,
        t.median,
        t.scenarios.map((id) => scenarioTitle.get(id) ?? id).join("; "),
      ]),
    ]),
  });

  tables.push({
    id: "scenarios",
    title: "Scenarios: completions and endings by tone (endings: first completed run per trainee)",
    columns: ["Scenario", "Trainees", "Completed runs", "Unfinished runs", "Positive", "Mixed", "Negative", "No tone"],
    rows: report.scenarios.map((s) => [
      s.title,
      ...cells(s.results, 7, (r) => [
        r.trainees,
        r.completedRuns,
        r.unfinishedRuns,
        r.tones.positive,
        r.tones.mixed,
        r.tones.negative,
        r.tones.untoned,
      ]),
    ]),
  });

  tables.push({
    id: "endings",
    title: "Endings reached (first completed run per trainee)",
    columns: ["Scenario", "Ending", "Tone", "Trainees"],
    rows: report.scenarios.flatMap((s): CohortCell[][] =>
      s.results.suppressed
        ? [[s.title, HIDDEN, HIDDEN, HIDDEN]]
        : s.results.endings.map((e) => [s.title, e.title, e.tone ?? "", e.count]),
    ),
  });

  tables.push({
    id: "positions",
    title: "Scores within each scenario's range, per principle (first completed run per trainee)",
    columns: ["Scenario", "Principle", "Min", "Max", "Trainees", ...POSITION_BANDS, "Mean %", "Median %"],
    rows: report.scenarios.flatMap((s): CohortCell[][] =>
      s.results.suppressed
        ? [[s.title, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]]
        : s.results.principles.map((p) => [
            s.title,
            principleName.get(p.id) ?? p.id,
            p.min,
            p.max,
            ...cells(p.position, 8, (d) => [d.trainees, ...d.bands, d.mean, d.median]),
          ]),
    ),
  });

  tables.push({
    id: "divergence",
    title: "Where the cohort diverged most from the code (share choosing below the best option)",
    columns: ["Rank", "Scenario", "Decision", "Trainees", "Visits", "Below best %", "Mean points given up"],
    rows: report.decisions.map((d) => [
      d.rank,
      scenarioTitle.get(d.scenario) ?? d.scenario,
      d.sceneTitle,
      ...cells(d.results, 4, (r) => [r.trainees, r.visits, Math.round(r.belowBest * 1000) / 10, r.givenUp]),
    ]),
  });

  tables.push({
    id: "choices",
    title: "How the cohort chose, per decision (first completed run per trainee)",
    columns: ["Scenario", "Decision", "Option", "Best by the code", "Chosen", "Share %"],
    rows: report.decisions.flatMap((d): CohortCell[][] =>
      d.results.suppressed
        ? [[scenarioTitle.get(d.scenario) ?? d.scenario, d.sceneTitle, HIDDEN, HIDDEN, HIDDEN, HIDDEN]]
        : d.results.options.map((o) => [
            scenarioTitle.get(d.scenario) ?? d.scenario,
            d.sceneTitle,
            o.text,
            o.best ? "yes" : "",
            o.count,
            Math.round(o.share * 1000) / 10,
          ]),
    ),
  });

  tables.push({
    id: "problems",
    title: "Files left out or counted apart",
    columns: ["File", "What", "Why"],
    rows: [
      ...report.problems.rejected.map((r) => [r.file, "left out", r.reason]),
      ...report.problems.duplicates.map((d) => [d.file, `counted once (same as ${d.sameAs})`, d.reason]),
      ...report.problems.notReplaying.flatMap((n) =>
        n.runs.map((r) => [n.file, `run ${r.run} (${r.scenario}) left out`, r.reason]),
      ),
    ],
  });
  return tables;
}

/** A cell as text: numbers in plain decimal, empty for null, "fewer than N" for a suppressed cell. */
export function cellText(cell: CohortCell, minimumGroup: number): string {
  if (cell === null) return "";
  if (typeof cell === "object") return suppressedText(minimumGroup);
  return String(cell);
}

/** A field as RFC 4180 writes it, with a leading `'` on text a spreadsheet would run as a formula. */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A table as CSV (RFC 4180: CRLF line ends, a header row). */
export function tableCsv(table: CohortTable, minimumGroup: number): string {
  const lines = [table.columns, ...table.rows.map((row) => row.map((c) => cellText(c, minimumGroup)))];
  return `${lines.map((line) => line.map(csvField).join(",")).join("\r\n")}\r\n`;
}
