import type { Code, Scores } from "../../engine/model.ts";
import type { PrincipleResult } from "../../engine/score.ts";
import type { Styles } from "../io.ts";
import { terminalSafe } from "./terminal-safe.ts";

export const principleName = (code: Code, id: string) =>
  terminalSafe(code.principles.find((p) => p.id === id)?.name ?? id);

export const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0");

/** `Confidentiality +2 · Respect −1`, coloured by sign. */
export function formatDelta(scores: Scores, code: Code, s: Styles): string {
  const entries = Object.entries(scores).filter(([, v]) => v !== 0);
  if (entries.length === 0) return s.dim("no score change");
  return entries
    .map(([id, v]) => {
      const text = `${principleName(code, id)} ${signed(v)}`;
      return v > 0 ? s.green(text) : s.red(text);
    })
    .join(s.dim(" · "));
}

/**
 * One bar per principle: the run's raw score placed in its min–max range.
 * `[──────●────]` reads without colour; the percentage follows.
 */
export function scoreBar(result: PrincipleResult, width: number): string {
  const cells = Math.max(5, width);
  const span = result.max - result.min;
  const at = span === 0 ? cells - 1 : Math.round(((result.raw - result.min) / span) * (cells - 1));
  return `[${"━".repeat(at)}●${"─".repeat(cells - 1 - at)}]`;
}

/** One row per principle: name, bar, raw score in its range, percentage; columns aligned. */
export function debriefRows(
  results: readonly PrincipleResult[],
  code: Code,
  width: number,
  s: Styles,
  focus = -1,
): string[] {
  const nameWidth = Math.min(18, Math.max(...results.map((r) => principleName(code, r.id).length), 8));
  const raw = results.map((r) => signed(r.raw));
  const range = results.map((r) => `${signed(r.min)}…${signed(r.max)}`);
  const rawWidth = Math.max(...raw.map((x) => x.length), 1);
  const rangeWidth = Math.max(...range.map((x) => x.length), 1);
  const numbers = (i: number, r: PrincipleResult) =>
    `${(raw[i] ?? "").padStart(rawWidth)} of ${(range[i] ?? "").padEnd(rangeWidth)} ${String(r.percent).padStart(3)}%`;
  const numbersWidth = rawWidth + rangeWidth + 9;
  const marker = focus >= 0 ? 2 : 0;
  const barWidth = width - nameWidth - numbersWidth - 6 - marker;
  return results.map((r, i) => {
    const name = principleName(code, r.id).padEnd(nameWidth).slice(0, nameWidth);
    const colour = r.percent >= 67 ? s.green : r.percent >= 34 ? s.yellow : s.red;
    const lead = focus < 0 ? "" : i === focus ? s.cyan("▸ ") : "  ";
    if (barWidth < 6) return `${lead}${s.bold(name)}  ${colour(numbers(i, r))}`;
    return `${lead}${s.bold(name)}  ${colour(scoreBar(r, barWidth))}  ${numbers(i, r)}`;
  });
}
