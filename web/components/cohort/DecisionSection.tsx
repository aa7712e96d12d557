/**
 * Per decision: how the cohort chose, the decisions where it diverged most from
 * the code first (the share of visits where an option below the best available
 * was chosen). The ten with the widest divergence are drawn; every decision is
 * in the tables.
 */
import type { CohortReport, CohortTable, DecisionCohort } from "../../../engine/cohort.ts";
import { Figure } from "./Figure.tsx";
import { pick } from "./PrincipleSection.tsx";
import { percentages } from "./StackedBar.tsx";

type Props = {
  readonly report: CohortReport;
  readonly tables: ReadonlyMap<string, CohortTable>;
  readonly onCsv: (table: CohortTable) => void;
};

/** Decisions drawn; the rest are in the tables. */
export const DRAWN = 10;
const H = 20;
const pct = (share: number) => `${Math.round(share * 100)}%`;
const points = (n: number) => (Math.round(n * 10) / 10).toLocaleString("en");

export function DecisionSection({ report, tables, onCsv }: Props) {
  const m = report.minimumGroup;
  const titles = new Map(report.scenarios.map((s) => [s.id, s.title]));
  const ranked = report.decisions.filter((d) => d.rank !== null).slice(0, DRAWN);
  const shown = report.decisions.filter((d) => !d.results.suppressed).length;
  return (
    <section class="cohort-section" aria-labelledby="decisions-heading">
      <h2 id="decisions-heading">Decisions</h2>
      <p>
        How the cohort chose at each decision, and where it diverged most from the code: the share of visits where a
        trainee chose an option below the best one available then, weighed as the debrief weighs it (looking ahead to
        what each option leads to). {shown.toLocaleString("en")} of {report.decisions.length.toLocaleString("en")}{" "}
        decisions were reached by at least {m} trainees.
      </p>
      <Figure
        id="decisions"
        caption={`Where the cohort diverged most from the code${ranked.length === DRAWN ? ` (the ${DRAWN} widest)` : ""}`}
        tables={pick(tables, "divergence", "choices")}
        minimumGroup={m}
        onCsv={onCsv}
      >
        {ranked.length === 0 ? (
          <p class="muted">
            No decision reached by at least {m} trainees had anyone choose below the code's best option.
          </p>
        ) : (
          <ol class="decisions">
            {ranked.map((d) => (
              <Decision
                key={`${d.scenario}/${d.scene}`}
                decision={d}
                scenarioTitle={titles.get(d.scenario) ?? d.scenario}
              />
            ))}
          </ol>
        )}
      </Figure>
    </section>
  );
}

function Decision({ decision, scenarioTitle }: { readonly decision: DecisionCohort; readonly scenarioTitle: string }) {
  const r = decision.results;
  if (r.suppressed) return null;
  const shares = percentages(r.options.map((o) => o.count));
  return (
    <li class="decision">
      <h3 class="decision-title">
        {decision.sceneTitle} <span class="muted">· {scenarioTitle}</span>
      </h3>
      <p class="decision-summary">
        Below the code's best at <strong>{pct(r.belowBest)}</strong> of {r.visits.toLocaleString("en")} visits
        {r.trainees !== r.visits ? ` by ${r.trainees.toLocaleString("en")} trainees` : ""}; on average{" "}
        {points(r.givenUp)} point{r.givenUp === 1 ? "" : "s"} given up.
      </p>
      <ul class="options" aria-label={`How the cohort chose at “${decision.sceneTitle}”`}>
        {r.options.map((o, i) => (
          <li key={o.id} class={o.best ? "option best" : "option"}>
            <span class="option-text">
              {o.best && <strong class="best-mark">The code's best: </strong>}
              {o.text}
            </span>
            <svg
              class="share-bar"
              width="100%"
              height={H}
              role="img"
              aria-label={`${o.best ? "The code's best option, " : ""}chosen ${o.count} time${o.count === 1 ? "" : "s"}, ${shares[i]}%`}
            >
              <rect class="share-track" x="0" y="4" width="100%" height={H - 8} rx="2" />
              {o.count > 0 && (
                <rect
                  class={o.best ? "share-fill best" : "share-fill"}
                  x="0"
                  y="4"
                  width={`${o.share * 100}%`}
                  height={H - 8}
                  rx="2"
                />
              )}
            </svg>
            <span class="option-count">
              {shares[i]}% ({o.count.toLocaleString("en")})
            </span>
          </li>
        ))}
      </ul>
    </li>
  );
}
