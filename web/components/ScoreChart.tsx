/**
 * One principle's score placed in its possible range: a track from min to max,
 * a marker at the run's score, the percentage (or "not tested") in words. Readable without colour
 * (position, labels and text), with a text alternative.
 */
import { signed } from "./Delta.tsx";

type Props = {
  readonly name: string;
  readonly raw: number;
  readonly min: number;
  readonly max: number;
  /** Null when the run did not test the principle: a dashed track with no fill or marker, and the label says so. */
  readonly percent: number | null;
};

/** The drawing is as wide as its box (positions along the track in %) and a fixed 46px high: text never scales. */
const H = 46;
/** Track ends, in % of the width: room for the marker's half width at either end. */
const X0 = 3;
const X1 = 97;
const pc = (x: number) => `${Math.round(x * 100) / 100}%`;

export function ScoreChart({ name, raw, min, max, percent }: Props) {
  const at = max === min ? X1 : X0 + ((raw - min) / (max - min)) * (X1 - X0);
  const label = `${name}: ${signed(raw)}, in a possible range from ${signed(min)} to ${signed(max)}: ${percent === null ? "not tested on this path" : `${percent}%`}.`;
  return (
    <svg
      class={percent === null ? "score-chart untested" : "score-chart"}
      width="100%"
      height={H}
      role="img"
      aria-label={label}
      focusable="false"
    >
      <line class="track" x1={pc(X0)} x2={pc(X1)} y1={18} y2={18} />
      {percent !== null && <rect class="fill" x={pc(X0)} y={14} width={pc(Math.max(0, at - X0))} height={8} />}
      <line class="tick" x1={pc(X0)} x2={pc(X0)} y1={10} y2={26} />
      <line class="tick" x1={pc(X1)} x2={pc(X1)} y1={10} y2={26} />
      {percent !== null && (
        <svg x={pc(at)} y={0} width={1} height={H} overflow="visible" aria-hidden="true">
          <path class="marker" d="M0 8 l7 10 l-7 10 l-7 -10 z" />
        </svg>
      )}
      <text class="axis" x={pc(X0)} y={42} text-anchor="start">
        {signed(min)}
      </text>
      <text class="axis" x={pc(X1)} y={42} text-anchor="end">
        {signed(max)}
      </text>
    </svg>
  );
}
