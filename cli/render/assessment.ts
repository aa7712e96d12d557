import type { AssessedPrinciple } from "../../engine/assessment.ts";
import { changeByPrinciple } from "../../engine/assessment.ts";
import { type Assessment, assessmentOf } from "../../engine/training-record.ts";
import { terminalSafe } from "./terminal-safe.ts";
import { padColumns } from "./text.ts";

const signed = (n: number) => (n > 0 ? `+${n}` : n === 0 ? "0" : `−${Math.abs(n)}`);

/** The mean answer per principle (1–5) before and after, and the change, as a plain-text table. */
export function assessmentTable(principles: readonly AssessedPrinciple[], assessments: readonly Assessment[]): string {
  const before = assessmentOf(assessments, "before");
  const after = assessmentOf(assessments, "after");
  if (!before && !after) return "No self-assessment yet. Run `rehearse assess` to take the first one.\n";
  const rows = changeByPrinciple(principles, before, after).map((row, i) => [
    terminalSafe(principles[i]?.name ?? row.principle),
    row.before === null ? "–" : String(row.before),
    row.after === null ? "–" : String(row.after),
    row.change === null ? "–" : signed(row.change),
  ]);
  const head = ["Principle", "Before", "After", "Change"];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === 0 ? padColumns(cell, widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join("  ")
      .trimEnd();
  const dates = [before ? `before ${before.at.slice(0, 10)}` : "", after ? `after ${after.at.slice(0, 10)}` : ""]
    .filter(Boolean)
    .join(", ");
  return `${[line(head), ...rows.map(line)].join("\n")}\n\nMean answer per principle, 1 (strongly disagree) to 5 (strongly agree).\nAnswered: ${dates}.\n`;
}
