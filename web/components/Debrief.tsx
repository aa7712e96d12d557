/** The player's end state: the ending, the scores in their ranges (or not tested), each decision with what it gave up and the roads not taken, the map, export. */
import { pathOf, type ScenarioMap } from "../../engine/layout.ts";
import { debriefRun } from "../../engine/score.ts";
import type { PlayerSession } from "../../engine/session-core.ts";
import { download } from "../lib/download.ts";
import { Blocks, ReflectBox, textOf } from "./Blocks.tsx";
import { Delta, signed } from "./Delta.tsx";
import { ScenarioMapSvg } from "./ScenarioMapSvg.tsx";
import { ScoreChart } from "./ScoreChart.tsx";

type Props = {
  readonly session: PlayerSession;
  readonly map: ScenarioMap;
  readonly names: Readonly<Record<string, string>>;
  readonly onRestart: () => void;
};

const points = (n: number) => `${n} point${n === 1 ? "" : "s"}`;

const TONE: Record<string, string> = {
  positive: "A good ending",
  mixed: "A mixed ending",
  negative: "A hard ending",
};

export function Debrief({ session, map, names, onRestart }: Props) {
  const debrief = debriefRun(session.scenario, session.analysis, session.view().steps);
  const { scenario } = session;
  const steps = session.view().steps;
  const path = pathOf(scenario.start, steps);
  const titleOf = (id: string) => {
    const node = scenario.scenes.find((s) => s.id === id) ?? scenario.endings.find((e) => e.id === id);
    return node?.title ?? id;
  };
  const ending = debrief.ending;
  const pathIds = [scenario.start, ...steps.map((s) => s.to)];
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
      <ReflectBox blocks={ending?.reflect} flags={session.view().position.flags} />
      {scenario.contentNote && (
        <p class="support-link">
          This scenario touched on hard things. If it brought something up for you,{" "}
          <a href="/support/">here is who to contact</a>.
        </p>
      )}
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
        Each bar runs from the lowest to the highest total this scenario allows for that principle; the diamond marks
        yours, and the percentage says how far along it sits.
      </p>
      <ul class="scores">
        {debrief.principles.map((p) => (
          <li key={p.id} class={p.tested ? undefined : "untested"}>
            <p class="score-head">
              <span class="score-name">{names[p.id] ?? p.id}</span>{" "}
              <span class="score-figures">
                {signed(p.raw)}{" "}
                <span class="muted">
                  (range {signed(p.min)} to {signed(p.max)})
                </span>{" "}
                ·{" "}
                {p.percent === null ? (
                  <em class="not-tested">not tested on this path</em>
                ) : (
                  <strong>{p.percent}%</strong>
                )}
              </span>
            </p>
            {p.percent === null ? (
              <p class="untested-why">
                {p.untested === "scenario"
                  ? `This scenario can move it by ${p.max - p.min === 1 ? "one point" : "no points"} at most, too little to measure.`
                  : "Every option at every decision you met scored it the same, so this run says nothing about it."}
              </p>
            ) : (
              <ScoreChart name={names[p.id] ?? p.id} raw={p.raw} min={p.min} max={p.max} percent={p.percent} />
            )}
          </li>
        ))}
      </ul>

      <h3>Your decisions</h3>
      <p class="explain">
        Best here: the option that leads to the highest total from this point on, counting what it makes possible later.
        Points given up: how far below that total your choice left you.
      </p>
      <p class="explain">
        {debrief.mattered.length === 0 ? (
          "At every decision you took one of the best options."
        ) : (
          <>
            The moments that mattered most:{" "}
            {debrief.mattered.map((step, i) => {
              const d = debrief.decisions[step - 1];
              return (
                <span key={step}>
                  {i > 0 && (i === debrief.mattered.length - 1 ? " and " : ", ")}
                  <a href={`#decision-${step}`}>
                    {step}. {d?.sceneTitle ?? d?.scene}
                  </a>{" "}
                  ({points(d?.givenUp ?? 0)} given up)
                </span>
              );
            })}
            .
          </>
        )}
      </p>
      <ol class="decisions">
        {debrief.decisions.map((d) => {
          const best = d.options.find((o) => o.number === d.comparedWith);
          const chosen = d.options.find((o) => o.chosen);
          const others = d.options.filter((o) => !o.chosen);
          return (
            <li
              key={d.step}
              id={`decision-${d.step}`}
              class={debrief.mattered.includes(d.step) ? "mattered" : undefined}
            >
              <h4>
                {d.step}. {d.sceneTitle ?? d.scene}
              </h4>
              <p class="verdict">
                {d.options.length === 1 ? (
                  <span class="verdict-only">The only option here</span>
                ) : d.givenUp === 0 ? (
                  <span class="verdict-best">One of the best options here</span>
                ) : (
                  <span class="verdict-cost">{points(d.givenUp)} given up against the best option</span>
                )}
              </p>
              <p class="option-text">
                <span class="muted">You chose:</span> {textOf(d.text)}
              </p>
              <Delta scores={d.changes} names={names} />
              <Blocks blocks={d.feedback} />
              {best && chosen && (
                <div class="against-best">
                  <p>
                    The best option here scores {signed(best.net)} at once and can lead to {signed(best.lookahead)} from
                    here to the ending; yours scores {signed(chosen.net)} at once and can lead to{" "}
                    {signed(chosen.lookahead)}. At this step, against it, your choice gave:
                  </p>
                  <Delta scores={d.againstBest} names={names} label="Your choice against the best option" />
                </div>
              )}
              {others.length > 0 && (
                <details class="others">
                  <summary>The other option{others.length === 1 ? "" : "s"} here</summary>
                  <ul class="options">
                    {others.map((o) => (
                      <li key={o.number}>
                        <p class="option-text">
                          {o.best && <strong class="best-mark">Best here: </strong>}
                          {textOf(o.text)} <span class="to">→ {titleOf(o.to)}</span>
                        </p>
                        <Delta scores={o.scores} names={names} />
                        <Blocks blocks={o.feedback} />
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          );
        })}
      </ol>

      <h3>Your path through the scenario</h3>
      {/* On a phone, the path alone, top to bottom (the map needs more width than a phone has). */}
      <ol class="path-steps">
        {pathIds.map((id, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a run can pass a scene more than once
          <li key={i} class={i === pathIds.length - 1 ? "path-end" : undefined}>
            {titleOf(id)}
          </li>
        ))}
      </ol>
      <div class="map-wide">
        <ul class="map-legend" aria-label="Map key">
          <li>
            <span class="swatch swatch-path" aria-hidden="true" /> Your path
          </li>
          <li>
            <span class="swatch swatch-edge" aria-hidden="true" /> Other ways the scenario can go
          </li>
          <li>
            <span class="swatch swatch-scene" aria-hidden="true" /> Scene
          </li>
          <li>
            <span class="swatch swatch-ending" aria-hidden="true" /> Ending
          </li>
        </ul>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
        <section class="map-frame" aria-label="Scenario map, scrolls sideways when wider than the screen" tabIndex={0}>
          <ScenarioMapSvg
            map={map}
            path={path}
            label={`Map of the scenario. Your path: ${pathIds.map(titleOf).join(", then ")}.`}
          />
        </section>
      </div>
    </section>
  );
}
