import type { Code, Scores } from "../../engine/model.ts";
import type { Debrief, Decision, PrincipleResult } from "../../engine/score.ts";
import type { Styles } from "../io.ts";
import { terminalSafe } from "./terminal-safe.ts";
import { fitColumns, oneLine, padColumns, visibleLength, wrap } from "./text.ts";

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

export const NOT_TESTED = "not tested on this path";

/** The one line under the bars that says what they and the percentages mean. */
export const BARS_EXPLAINED = "Each bar spans the totals this scenario allows; % is where yours sits in it.";

/** Said once under the bars when some principle was not tested. */
export const NOT_TESTED_EXPLAINED = "Not tested: no option on your path changed it, or the scenario barely can.";

/** The explanation lines under the bars: what they mean, and "not tested" where it appears. */
export const barsExplained = (results: readonly PrincipleResult[]) =>
  results.some((r) => r.percent === null) ? [BARS_EXPLAINED, NOT_TESTED_EXPLAINED] : [BARS_EXPLAINED];

/**
 * One row per principle: name, bar, raw score in its range, percentage; columns
 * aligned. A principle the run did not test has no bar and no percentage: it
 * says "not tested on this path" instead.
 */
export function debriefRows(
  results: readonly PrincipleResult[],
  code: Code,
  width: number,
  s: Styles,
  focus = -1,
): string[] {
  const nameWidth = Math.min(18, Math.max(...results.map((r) => visibleLength(principleName(code, r.id))), 8));
  const raw = results.map((r) => signed(r.raw));
  const range = results.map((r) => `${signed(r.min)}…${signed(r.max)}`);
  const rawWidth = Math.max(...raw.map((x) => x.length), 1);
  const rangeWidth = Math.max(...range.map((x) => x.length), 1);
  const numbers = (i: number, r: PrincipleResult) =>
    `${(raw[i] ?? "").padStart(rawWidth)} of ${(range[i] ?? "").padEnd(rangeWidth)} ${r.percent === null ? "    " : `${String(r.percent).padStart(3)}%`}`;
  const numbersWidth = rawWidth + rangeWidth + 9;
  const marker = focus >= 0 ? 2 : 0;
  const barWidth = width - nameWidth - numbersWidth - 6 - marker;
  return results.map((r, i) => {
    const name = padColumns(fitColumns(principleName(code, r.id), nameWidth), nameWidth);
    const lead = focus < 0 ? "" : i === focus ? s.cyan("▸ ") : "  ";
    if (r.percent === null) {
      const figures = numbers(i, r).trimEnd();
      const slot = barWidth + 2;
      const words = slot >= NOT_TESTED.length ? NOT_TESTED : "not tested";
      if (barWidth < 6 || slot < words.length) return `${lead}${s.bold(name)}  ${figures}  ${s.dim(words)}`;
      return `${lead}${s.bold(name)}  ${s.dim(words.padEnd(slot))}  ${figures}`;
    }
    const colour = r.percent >= 67 ? s.green : r.percent >= 34 ? s.yellow : s.red;
    if (barWidth < 6) return `${lead}${s.bold(name)}  ${colour(numbers(i, r))}`;
    return `${lead}${s.bold(name)}  ${colour(scoreBar(r, barWidth))}  ${numbers(i, r)}`;
  });
}

const points = (n: number) => `${n} point${n === 1 ? "" : "s"}`;

/** What "best" means in the debrief, in one line (as on the site). */
export const BEST_EXPLAINED =
  "Best here: the option that leads to the highest total from this point on, counting what it makes possible later.";

/** `one of the best here`, `the only option here` or `2 points given up` (looking ahead), coloured: red where it mattered most. */
export function verdict(decision: Decision, mattered: readonly number[], s: Styles): string {
  if (decision.options.length === 1) return s.dim("the only option here");
  if (decision.givenUp === 0) return s.green("one of the best here");
  const text = `${points(decision.givenUp)} given up`;
  return mattered.includes(decision.step) ? s.red(text) : s.yellow(text);
}

/** One line per decision: step, scene and verdict; the focused one marked. */
export function decisionRows(debrief: Debrief, width: number, s: Styles, focus = -1): string[] {
  return debrief.decisions.flatMap((d, i) => {
    const lead = focus < 0 ? "" : i === focus ? s.cyan("▸ ") : "  ";
    const line = `${d.step}. ${terminalSafe(d.sceneTitle ?? d.scene)} · ${verdict(d, debrief.mattered, s)}`;
    return wrap(focus >= 0 && i === focus ? s.bold(line) : line, width, " ".repeat(focus < 0 ? 3 : 5), lead);
  });
}

/** What one decision did: the choice, its change per principle, and what it gave up against the best option (the feedback was on screen when it was made). */
export function decisionDetail(decision: Decision, code: Code, width: number, s: Styles, indent = "  "): string[] {
  return [
    ...wrap(`${s.dim("You chose:")} ${oneLine(decision.text)}`, width, indent, indent),
    ...wrap(formatDelta(decision.changes, code, s), width, indent, indent),
    ...againstBest(decision, code, width, s, indent),
  ];
}

/**
 * Where points were given up: the best option there (looking ahead), what each can total from there to the
 * ending and at once, and the difference per principle at this step.
 */
export function againstBest(decision: Decision, code: Code, width: number, s: Styles, indent = "  "): string[] {
  const best = decision.options.find((o) => o.number === decision.comparedWith);
  const chosen = decision.options.find((o) => o.chosen);
  if (!best || !chosen) return [];
  return [
    ...wrap(
      `${s.dim("Best here, counting what it makes possible later:")} ${oneLine(best.text)}`,
      width,
      indent,
      indent,
    ),
    ...wrap(
      `From here to the ending it can total ${signed(best.lookahead)} (${signed(best.net)} at once); yours ${signed(chosen.lookahead)} (${signed(chosen.net)} at once).`,
      width,
      indent,
      indent,
    ),
    ...wrap(
      `${s.dim("Against it, at this step:")} ${formatDelta(decision.againstBest, code, s)}`,
      width,
      indent,
      indent,
    ),
  ];
}
