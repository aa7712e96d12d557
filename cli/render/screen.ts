import type { Styles } from "../io.ts";
import { fitColumns } from "./text.ts";

/** A screen in three parts: what stays at the top (the heading), what scrolls (the prose), what stays at the bottom (the choices, the keys). */
export type Screen = {
  readonly top: readonly string[];
  readonly body: readonly string[];
  readonly bottom: readonly string[];
  /** Shorter top and bottom for a short terminal (no blank lines, fewer words), tried before anything scrolls away. */
  readonly compact?: { readonly top: readonly string[]; readonly bottom: readonly string[] };
};

export type Fitted = {
  readonly lines: readonly string[];
  /** The first body line shown, after clamping. */
  readonly offset: number;
  /** The largest offset: 0 when everything fits. */
  readonly maxOffset: number;
  /** Body lines shown at once: what PgUp/PgDn move by (less one, to keep context). */
  readonly viewport: number;
};

/** The fewest body lines worth a scrolling region; below it, the top scrolls with the body. */
const MIN_VIEWPORT = 5;

/**
 * Fits a screen into `rows` terminal rows: when it is taller, the top and the
 * bottom stay and the body shows `viewport` lines from `offset`, with a line
 * saying where it is and which keys scroll. On a terminal too short for that,
 * the compact top and bottom; then all but the last line of the bottom join
 * the body, and (a last resort) so does the top.
 */
export function fitScreen(
  screen: Screen,
  rows: number,
  offset: number,
  width: number,
  s: Styles,
  /** A line to keep in view when it scrolls (the selected option, the focused decision): the offset moves to show it. */
  keep?: string,
): Fitted {
  const all = [...screen.top, ...screen.body, ...screen.bottom];
  if (all.length <= rows) return { lines: all, offset: 0, maxOffset: 0, viewport: all.length };
  let { top, body, bottom } = screen;
  const room = () => rows - top.length - bottom.length - 1;
  if (room() < MIN_VIEWPORT && screen.compact) {
    ({ top, bottom } = screen.compact);
    const compact = [...top, ...body, ...bottom];
    if (compact.length <= rows) return { lines: compact, offset: 0, maxOffset: 0, viewport: body.length };
  }
  // Options too many for the rows: they scroll after the prose (the heading and the keys stay).
  if (room() < MIN_VIEWPORT) {
    body = [...body, ...bottom.slice(0, -1)];
    bottom = bottom.slice(-1);
  }
  if (room() < MIN_VIEWPORT) {
    body = [...top, ...body];
    top = [];
  }
  const viewport = Math.max(1, rows - top.length - bottom.length - 1);
  const maxOffset = Math.max(0, body.length - viewport);
  const kept = keep === undefined ? -1 : body.indexOf(keep);
  const wanted = kept < 0 ? offset : Math.min(Math.max(offset, kept - viewport + 1), kept);
  const at = Math.min(Math.max(0, wanted), maxOffset);
  const shown = body.slice(at, at + viewport);
  const where = `${at + 1}–${at + shown.length} of ${body.length} lines`;
  const keys = at === 0 ? "PgDn more" : at === maxOffset ? "PgUp back" : "PgUp PgDn";
  const marker = s.dim(
    fitColumns(`${at < maxOffset ? "▼" : "▲"} ${where} · ${keys} ${"─".repeat(width)}`, Math.min(width, 80)),
  );
  return { lines: [...top, ...shown, marker, ...bottom], offset: at, maxOffset, viewport };
}
