/**
 * One row of a cohort chart: a bar split into parts that add up to 100%, drawn
 * as SVG by the site (no chart library). Each part carries its share as text
 * when it is wide enough, and the whole row has an accessible name that says
 * every part in words, so nothing depends on colour. A suppressed row is an
 * empty dashed bar that says "fewer than N".
 */

export type Segment = {
  /** The colour class: `seg-<key>` (cohort.css). */
  readonly key: string;
  readonly label: string;
  readonly value: number;
};

type Props = {
  /** What the row is ("Before", a scenario's title): shown beside the bar and first in its accessible name. */
  readonly label: string;
  /** The parts, in order; null when the breakdown is suppressed. */
  readonly segments: readonly Segment[] | null;
  /** The smallest group shown, for "fewer than N". */
  readonly minimumGroup: number;
  /** What each part counts ("answers", "trainees"), for the accessible name. */
  readonly unit: string;
  /** Shown after the bar (a mean, a count). */
  readonly note?: string | undefined;
};

const H = 26;
const pc = (x: number) => `${Math.round(x * 1000) / 1000}%`;
/** Whole percentages that add up to 100 (largest remainders), so a row's labels never add to 99 or 101. */
export function percentages(values: readonly number[]): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  if (total === 0) return values.map(() => 0);
  const exact = values.map((v) => (v / total) * 100);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] as number) + 1;
    left--;
  }
  return floors;
}

export const fewerThan = (n: number) => `fewer than ${n}`;

export function StackedBar({ label, segments, minimumGroup, unit, note }: Props) {
  if (segments === null) {
    return (
      <div class="bar-row suppressed">
        <span class="bar-label">{label}</span>
        <svg class="bar" width="100%" height={H} role="img" aria-label={`${label}: ${fewerThan(minimumGroup)}`}>
          <rect class="bar-empty" x="0.5" y="0.5" width="99%" height={H - 1} rx="3" />
          <text class="bar-empty-text" x="50%" y={H / 2 + 4} text-anchor="middle">
            {fewerThan(minimumGroup)}
          </text>
        </svg>
        <span class="bar-note" />
      </div>
    );
  }
  const total = segments.reduce((a, s) => a + s.value, 0);
  const shares = percentages(segments.map((s) => s.value));
  const name = `${label}: ${segments.map((s, i) => `${s.label} ${s.value} ${unit} (${shares[i]}%)`).join(", ")}`;
  let x = 0;
  return (
    <div class="bar-row">
      <span class="bar-label">{label}</span>
      <svg class="bar" width="100%" height={H} role="img" aria-label={note ? `${name}; ${note}` : name}>
        {total === 0 && <rect class="bar-empty" x="0.5" y="0.5" width="99%" height={H - 1} rx="3" />}
        {segments.map((s, i) => {
          const w = total === 0 ? 0 : (s.value / total) * 100;
          const at = x;
          x += w;
          if (w === 0) return null;
          return (
            <g key={s.key}>
              <rect class={`seg seg-${s.key}`} x={pc(at)} y="0" width={pc(w)} height={H} />
              {w >= 9 && (
                <text class={`seg-text seg-text-${s.key}`} x={pc(at + w / 2)} y={H / 2 + 4} text-anchor="middle">
                  {shares[i]}%
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <span class="bar-note">{note}</span>
    </div>
  );
}

/** The key to a chart's colours: a swatch and a name per part, in the bars' order. */
export function Legend({ items }: { readonly items: readonly { readonly key: string; readonly label: string }[] }) {
  return (
    <ul class="legend" aria-label="Key">
      {items.map((item) => (
        <li key={item.key}>
          <svg width="14" height="14" aria-hidden="true">
            <rect class={`seg seg-${item.key}`} width="14" height="14" rx="2" />
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  );
}
