/** The player's end state: the ending, the scores in their ranges, the moves, the roads not taken, the map, export. */
import { pathOf, type ScenarioMap } from "../../engine/layout.ts";
import type { Session } from "../../engine/session.ts";
import { download } from "../lib/download.ts";
import { Blocks, textOf } from "./Blocks.tsx";
import { Delta, signed } from "./Delta.tsx";
import { ScenarioMapSvg } from "./ScenarioMapSvg.tsx";
import { ScoreChart } from "./ScoreChart.tsx";

type Props = {
  readonly session: Session;
  readonly map: ScenarioMap;
  readonly names: Readonly<Record<string, string>>;
  readonly onRestart: () => void;
};

const TONE: Record<string, string> = {
  positive: "A good ending",
  mixed: "A mixed ending",
  negative: "A hard ending",
};

export function Debrief({ session, map, names, onRestart }: Props) {
  const debrief = session.debrief();
  const { scenario } = session;
  const steps = session.view().steps;
  const path = pathOf(scenario.start, steps);
  const titleOf = (id: string) => {
    const node = scenario.scenes.find((s) => s.id === id) ?? scenario.endings.find((e) => e.id === id);
    return node?.title ?? id;
  };
  const ending = debrief.ending;
  return (
    <section class="debrief" aria-labelledby="ending-title">
      <p class={`tone tone-${ending?.tone ?? "none"}`}>
        <span class="tone-mark" aria-hidden="true">
          {ending?.tone === "positive" ? "●" : ending?.tone === "negative" ? "■" : "◆"}
        </span>{" "}
        {TONE[ending?.tone ?? ""] ?? "The ending"}
      </p>
      <h2 id="ending-title" tabIndex={-1}>
        {ending?.title ?? ending?.id ?? "The end"}
      </h2>
      {ending && <Blocks blocks={ending.body} flags={session.view().position.flags} />}
      <p class="actions">
        <button type="button" class="primary" onClick={onRestart}>
          Play again
        </button>
        <button type="button" onClick={() => download(`${scenario.id}-run.json`, session.save())}>
          Export this run
        </button>
        <a href="/progress/">Your progress</a>
      </p>

      <h3>Your scores</h3>
      <p class="explain">
        Each bar runs from the lowest to the highest total any run of this scenario can reach; the diamond marks yours.
      </p>
      <ul class="scores">
        {debrief.principles.map((p) => (
          <li key={p.id}>
            <p class="score-head">
              <span class="score-name">{names[p.id] ?? p.id}</span>{" "}
              <span class="score-figures">
                {signed(p.raw)}{" "}
                <span class="muted">
                  (range {signed(p.min)} to {signed(p.max)})
                </span>{" "}
                · <strong>{p.percent}%</strong>
              </span>
            </p>
            <ScoreChart name={names[p.id] ?? p.id} raw={p.raw} min={p.min} max={p.max} percent={p.percent} />
          </li>
        ))}
      </ul>

      <h3>What moved each principle</h3>
      {debrief.principles.map((p) => (
        <details key={p.id} class="moves">
          <summary>
            {names[p.id] ?? p.id}:{" "}
            {p.moves.length === 0 ? "no choice moved it" : `${p.moves.length} choice${p.moves.length === 1 ? "" : "s"}`}
          </summary>
          <ol>
            {p.moves.map((m) => (
              <li key={m.step}>
                <p class="move-head">
                  <span class="delta-value">{signed(m.delta)}</span> at “{m.sceneTitle ?? m.scene}”: {textOf(m.text)}
                </p>
                <Blocks blocks={m.feedback} />
              </li>
            ))}
          </ol>
        </details>
      ))}

      <h3>What the other options would have done</h3>
      <ol class="decisions">
        {debrief.decisions.map((d) => (
          <li key={d.step}>
            <h4>
              {d.step}. {d.sceneTitle ?? d.scene}
            </h4>
            <ul class="options">
              {d.options.map((o) => (
                <li key={o.number} class={o.chosen ? "chosen" : undefined}>
                  <p class="option-text">
                    {o.chosen && <strong class="chosen-mark">Your choice: </strong>}
                    {textOf(o.text)} <span class="to">→ {titleOf(o.to)}</span>
                  </p>
                  <Delta scores={o.scores} names={names} />
                  {!o.chosen && o.feedback.length > 0 && (
                    <details>
                      <summary>Its feedback</summary>
                      <Blocks blocks={o.feedback} />
                    </details>
                  )}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>

      <h3>Your path through the scenario</h3>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <section class="map-frame" aria-label="Scenario map, scrolls sideways on narrow screens" tabIndex={0}>
        <ScenarioMapSvg
          map={map}
          path={path}
          label={`Map of the scenario. Your path: ${[scenario.start, ...steps.map((s) => s.to)].map(titleOf).join(", then ")}.`}
        />
      </section>
    </section>
  );
}
