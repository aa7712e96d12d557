/**
 * Pieces the projector and the speaker view share: the phase trail, the tally
 * as a bar chart, the option taken, what every option would have scored, the
 * room's debrief charts and the room summary. Readable without colour: every
 * bar has its letter, its number and a pattern.
 */

import type { RoomOption, RoomPhase, RoomSummary, RoomView, TakenHow } from "../../../engine/room.ts";
import type { Debrief } from "../../../engine/score.ts";
import { Blocks } from "../../components/Blocks.tsx";
import { Delta, signed } from "../../components/Delta.tsx";
import { ScoreChart } from "../../components/ScoreChart.tsx";

export type Names = Readonly<Record<string, string>>;

export const PHASE_LABEL = {
  read: "Read",
  discuss: "Discuss",
  vote: "Vote",
  reveal: "Reveal",
  compare: "Compare",
  ended: "Debrief",
} as const;

/** Where the decision stands: Read · Discuss · Vote · Reveal · Compare, the current one marked in words. */
export function PhaseTrail({ view }: { readonly view: RoomView }) {
  if (view.phase === "ended") return <p class="trail">The room's debrief</p>;
  const phases: readonly RoomPhase[] = [
    "read",
    "discuss",
    "vote",
    "reveal",
    ...(view.settings.compare ? (["compare"] as const) : []),
  ];
  return (
    <ol class="trail" aria-label="Phases of this decision">
      {phases.map((p) => (
        <li key={p} aria-current={p === view.phase ? "step" : undefined}>
          <span>{PHASE_LABEL[p]}</span>
        </li>
      ))}
    </ol>
  );
}

const HOW: Record<TakenHow, string> = {
  majority: "the room's majority",
  tie: "a tie: the first tied option as shown (the lead can pick another)",
  lead: "the lead's choice",
  none: "no votes were recorded: option A (the lead can pick another)",
  jump: "skipped when the room jumped ahead",
};
export const howTaken = (how: TakenHow) => HOW[how];

/** A small bar for one option's votes (beside it in the vote phase), patterned like its bar in the chart. */
export function MiniBar({ votes, most, index, id }: { votes: number; most: number; index: number; id: string }) {
  const w = votes === 0 ? 0 : Math.max(4, (100 * votes) / Math.max(1, most));
  return (
    <svg class="mini-bar" viewBox="0 0 100 16" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect class="bar-track" x="0" y="0" width="100" height="16" />
      <rect class="bar-fill" x="0" y="0" width={w} height="16" fill={`url(#${id}-${index % 5})`} />
    </svg>
  );
}

/** The patterns alone, for mini bars elsewhere on the page. */
export function PatternDefs({ id }: { readonly id: string }) {
  return (
    <svg class="pattern-defs" width="0" height="0" aria-hidden="true" focusable="false">
      <Patterns id={id} />
    </svg>
  );
}

/** One SVG pattern per letter, so bars differ without colour. */
function Patterns({ id }: { readonly id: string }) {
  return (
    <defs>
      <pattern id={`${id}-0`} width="8" height="8" patternUnits="userSpaceOnUse">
        <rect class="bar-bg" width="8" height="8" />
        <path class="bar-ink" d="M0 8 L8 0" />
      </pattern>
      <pattern id={`${id}-1`} width="8" height="8" patternUnits="userSpaceOnUse">
        <rect class="bar-bg" width="8" height="8" />
        <circle class="bar-dot" cx="4" cy="4" r="1.8" />
      </pattern>
      <pattern id={`${id}-2`} width="8" height="8" patternUnits="userSpaceOnUse">
        <rect class="bar-bg" width="8" height="8" />
        <path class="bar-ink" d="M0 0 L8 8 M0 8 L8 0" />
      </pattern>
      <pattern id={`${id}-3`} width="8" height="8" patternUnits="userSpaceOnUse">
        <rect class="bar-bg" width="8" height="8" />
        <path class="bar-ink" d="M0 4 H8" />
      </pattern>
      <pattern id={`${id}-4`} width="8" height="8" patternUnits="userSpaceOnUse">
        <rect class="bar-bg" width="8" height="8" />
        <path class="bar-ink" d="M4 0 V8" />
      </pattern>
    </defs>
  );
}

/** The tally as horizontal bars: the letter, a patterned bar, the count and the share. */
export function TallyChart({
  options,
  votes,
  id,
  taken,
}: {
  readonly options: readonly RoomOption[];
  readonly votes: number;
  readonly id: string;
  readonly taken?: string | undefined;
}) {
  const most = Math.max(1, ...options.map((o) => o.votes));
  const W = 600;
  const ROW = 56;
  const X0 = 56;
  const X1 = 430;
  const label = `Votes: ${options.map((o) => `${o.letter} ${o.votes}`).join(", ")}; ${votes} in all.`;
  return (
    <svg class="tally-chart" viewBox={`0 0 ${W} ${options.length * ROW}`} role="img" aria-label={label}>
      <Patterns id={id} />
      {options.map((o, i) => {
        const y = i * ROW;
        const w = o.votes === 0 ? 0 : Math.max(6, ((X1 - X0) * o.votes) / most);
        return (
          <g key={o.key} class={o.letter === taken ? "bar taken" : "bar"}>
            <text class="bar-letter" x={8} y={y + 38}>
              {o.letter}
            </text>
            <rect class="bar-track" x={X0} y={y + 10} width={X1 - X0} height={36} rx={4} />
            <rect class="bar-fill" x={X0} y={y + 10} width={w} height={36} rx={4} fill={`url(#${id}-${i % 5})`} />
            <text class="bar-count" x={X1 + 14} y={y + 38}>
              {o.votes} · {o.percent}%
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The option the room takes: its text, why it was taken, its feedback and its score change. */
export function Taken({ view, names }: { readonly view: RoomView; readonly names: Names }) {
  const { taken } = view;
  if (!taken) return null;
  return (
    <div class="taken">
      <p class="taken-head">
        The room takes <span class="letter">{taken.letter}</span>
      </p>
      <p class="taken-how">
        {howTaken(taken.how)} · {view.votes} vote{view.votes === 1 ? "" : "s"}
      </p>
      <div class="taken-text">
        <Blocks blocks={taken.choice.text} />
      </div>
      <div class="feedback-text">
        <Blocks blocks={taken.choice.feedback} />
      </div>
      <Delta scores={taken.choice.scores} names={names} label="Score change per principle" />
    </div>
  );
}

/** What every option would have scored, as on the debrief: now, and at best from here to the ending (which decides the best). */
export function Compare({ view, names }: { readonly view: RoomView; readonly names: Names }) {
  return (
    <ul class="compare">
      {view.options.map((o) => {
        const n = o.net;
        return (
          <li key={o.key} class={o.letter === view.taken?.letter ? "is-taken" : undefined}>
            <p class="compare-head">
              <span class="letter">{o.letter}</span>
              <span class="compare-votes">
                {o.votes} vote{o.votes === 1 ? "" : "s"}
              </span>
              <span class="compare-net">
                net {signed(n)} · {signed(o.lookahead)} at best from here
              </span>
              {o.letter === view.taken?.letter && <strong class="mark">✓ taken</strong>}
              {o.best && <strong class="mark">★ best by the code</strong>}
            </p>
            <div class="compare-text">
              <Blocks blocks={o.choice.text} />
            </div>
            <Delta scores={o.choice.scores} names={names} label={`Option ${o.letter}: change per principle`} />
          </li>
        );
      })}
    </ul>
  );
}

/** The room's scores, each in its range, as on the trainee's debrief. */
export function RoomScores({ debrief, names }: { readonly debrief: Debrief; readonly names: Names }) {
  return (
    <ul class="room-scores">
      {debrief.principles.map((p) => (
        <li key={p.id}>
          <p class="score-head">
            <span class="score-name">{names[p.id] ?? p.id}</span>{" "}
            <span class="score-figures">
              {signed(p.raw)}{" "}
              <span class="muted">
                ({signed(p.min)} to {signed(p.max)})
              </span>{" "}
              · <strong>{p.percent === null ? "not tested" : `${p.percent}%`}</strong>
            </span>
          </p>
          <ScoreChart name={names[p.id] ?? p.id} raw={p.raw} min={p.min} max={p.max} percent={p.percent} />
        </li>
      ))}
    </ul>
  );
}

/** The room summary as a table: a row per decision. */
export function SummaryTable({
  summary,
  names,
  from = 0,
  count = Number.POSITIVE_INFINITY,
  caption,
}: {
  readonly summary: RoomSummary;
  readonly names: Names;
  readonly from?: number;
  readonly count?: number;
  readonly caption: string;
}) {
  const rows = summary.decisions.slice(from, from + count);
  const worst = summary.disagreements[0];
  return (
    <table class="summary">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Decision</th>
          <th scope="col">Votes</th>
          <th scope="col">Taken</th>
          <th scope="col">Score change</th>
          <th scope="col">Room vs code</th>
          <th scope="col">Time</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.step} class={d.step === worst ? "worst" : undefined}>
            <th scope="row">
              {d.step}. {d.sceneTitle}
            </th>
            <td>{d.jumped ? "skipped" : d.options.map((o) => `${o.letter} ${o.votes}`).join(" · ")}</td>
            <td>
              {d.taken.letter}
              {d.taken.how === "majority" ? "" : ` (${d.taken.how === "none" ? "no votes" : d.taken.how})`}
            </td>
            <td>
              {Object.entries(d.change)
                .filter(([, v]) => v !== 0)
                .map(([p, v]) => `${names[p] ?? p} ${signed(v)}`)
                .join(", ") || "none"}
            </td>
            <td>
              {d.gap > 0
                ? `${d.majority.join("/")} gave up ${d.gap} against ${d.best.join("/")}${d.step === worst ? " (the widest gap)" : ""}`
                : d.votes === 0
                  ? "no vote"
                  : "agreed"}
            </td>
            <td>{clock(d.seconds * 1000)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** 1:05 or 12:40. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}
