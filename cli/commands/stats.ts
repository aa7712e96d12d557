import type { Analysis } from "../../engine/analyze.ts";
import { decisionScenes } from "../../engine/analyze.ts";
import type { Code, Scenario } from "../../engine/model.ts";
import { own } from "../../engine/own.ts";
import type { Io } from "../io.ts";
import { styles } from "../io.ts";
import { principleName } from "../render/scores.ts";
import { terminalJson, terminalSafe } from "../render/terminal-safe.ts";
import { padColumns, visibleLength } from "../render/text.ts";

/** The stats JSON: the analysis plus the numbers the library's quality test reads. */
export function statsJson(scenario: Scenario, analysis: Analysis) {
  return {
    scenario: scenario.id,
    title: scenario.title,
    scenes: analysis.scenes,
    endings: analysis.endingsByTone,
    choicePoints: analysis.choicePoints,
    tradeoffPoints: analysis.tradeoffPoints,
    principles: scenario.principles,
    range: analysis.range,
    reachableEndings: analysis.endings,
    runs: analysis.runs,
    shortestRun: analysis.shortest,
    longestRun: analysis.longest,
  };
}

export function printStats(scenario: Scenario, analysis: Analysis, code: Code, json: boolean, io: Io): void {
  if (json) {
    io.out(terminalJson(statsJson(scenario, analysis)));
    return;
  }
  const s = styles(io.color);
  const name = (id: string) => principleName(code, id);
  const t = analysis.endingsByTone;
  // Endless because of loops, or more than the count goes up to: two different things for an author.
  const runs = analysis.runs.unbounded
    ? "unbounded (loops: a run can go round for ever)"
    : analysis.runs.capped
      ? `more than ${analysis.runs.count.toLocaleString("en")} (capped by count)`
      : analysis.runs.count.toLocaleString("en");
  const rows: [string, string][] = [
    ["Scenes", String(analysis.scenes)],
    [
      "Endings",
      `${scenario.endings.length} (${t.positive} positive, ${t.mixed} mixed, ${t.negative} negative${t.untoned ? `, ${t.untoned} without tone` : ""})`,
    ],
    ["Reachable endings", terminalSafe(analysis.endings.join(", "))],
    [
      "Decision points",
      `${analysis.choicePoints} (${analysis.tradeoffPoints} real trade-off${analysis.tradeoffPoints === 1 ? "" : "s"})`,
    ],
    ["Distinct runs", runs],
    ["Choices per run", `${analysis.shortest} to ${analysis.longest ?? "unbounded"}`],
  ];
  io.out(`${s.bold(terminalSafe(scenario.title))}  ${s.dim(terminalSafe(scenario.file))}\n\n`);
  for (const [k, v] of rows) io.out(`  ${k.padEnd(18)} ${v}\n`);
  io.out(`\n  ${"Principle".padEnd(18)} ${"min".padStart(4)} ${"max".padStart(4)}\n`);
  for (const id of scenario.principles) {
    const r = own(analysis.range, id) ?? { min: 0, max: 0 };
    io.out(`  ${name(id).padEnd(18)} ${String(r.min).padStart(4)} ${String(r.max).padStart(4)}\n`);
  }
  // The decision points by name, so an author can find the ones that are not yet a trade-off.
  const points = decisionScenes(scenario);
  if (points.length > 0) io.out(`\n  ${s.bold("Decision points")}\n`);
  const labels = points.map((p) => `${terminalSafe(p.title ?? p.id)} ${s.dim(`#${terminalSafe(p.id)}`)}`);
  const column = Math.max(0, ...labels.map(visibleLength));
  points.forEach((p, i) => {
    const what = p.tradeoff ? "real trade-off" : s.dim("the scores settle it");
    io.out(`  ${padColumns(labels[i] ?? "", column)}  ${what}\n`);
  });
}
