/**
 * Per scenario: how many trainees completed it, how often runs were left
 * unfinished, the endings they reached by tone, and per principle where their
 * totals sat in the scenario's range (from its lowest to its highest total).
 */
import type { CohortReport, CohortTable } from "../../../engine/cohort.ts";
import { signed } from "../Delta.tsx";
import { Figure } from "./Figure.tsx";
import { bandKeys, pick } from "./PrincipleSection.tsx";
import { fewerThan, Legend, StackedBar } from "./StackedBar.tsx";

type Props = {
  readonly report: CohortReport;
  readonly tables: ReadonlyMap<string, CohortTable>;
  readonly onCsv: (table: CohortTable) => void;
  /** Draw the ranges per principle too (the page draws them a moment later, in a task of their own). */
  readonly positions: boolean;
};

const TONES = [
  { key: "positive", label: "positive" },
  { key: "mixed", label: "mixed" },
  { key: "negative", label: "negative" },
  { key: "untoned", label: "no tone" },
] as const;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export function ScenarioSection({ report, tables, onCsv, positions }: Props) {
  const m = report.minimumGroup;
  const names = new Map(report.principles.map((p) => [p.id, p.name]));
  return (
    <section class="cohort-section" aria-labelledby="scenarios-heading">
      <h2 id="scenarios-heading">Scenarios</h2>
      <p>
        Completions count every completed run; endings and positions count each trainee's first completed run of the
        scenario.
      </p>
      <Figure
        id="tones"
        caption="Endings by tone, per scenario"
        tables={pick(tables, "scenarios", "endings")}
        minimumGroup={m}
        onCsv={onCsv}
      >
        <Legend items={TONES} />
        {report.scenarios.map((s) => (
          <StackedBar
            key={s.id}
            label={s.title}
            segments={
              s.results.suppressed
                ? null
                : TONES.map((t) => ({ ...t, value: s.results.suppressed ? 0 : s.results.tones[t.key] }))
            }
            minimumGroup={m}
            unit="trainees"
            note={
              s.results.suppressed
                ? undefined
                : `${plural(s.results.trainees, "trainee")}, ${s.results.completedRuns.toLocaleString("en")} completed, ${s.results.unfinishedRuns.toLocaleString("en")} unfinished`
            }
          />
        ))}
      </Figure>
      {positions && (
        <Figure
          id="positions"
          caption="Scores within each scenario's range, per principle"
          note="The range of each principle runs from the lowest total any complete path reaches to the highest."
          tables={pick(tables, "positions")}
          minimumGroup={m}
          onCsv={onCsv}
        >
          <Legend items={bandKeys} />
          <div class="bar-groups compact">
            {report.scenarios.map((s) => (
              <div key={s.id} class="bar-group">
                <h3 class="bar-group-title">{s.title}</h3>
                {s.results.suppressed ? (
                  <p class="muted suppressed-note">{fewerThan(m)} trainees completed it: not shown.</p>
                ) : (
                  s.results.principles.map((p) => (
                    <StackedBar
                      key={p.id}
                      label={`${names.get(p.id) ?? p.id} (${signed(p.min)} to ${signed(p.max)})`}
                      segments={
                        p.position.suppressed
                          ? null
                          : p.position.bands.map((value, i) => ({ ...(bandKeys[i] as (typeof bandKeys)[0]), value }))
                      }
                      minimumGroup={m}
                      unit="trainees"
                      note={p.position.suppressed ? undefined : `mean ${Math.round(p.position.mean)}%`}
                    />
                  ))
                )}
              </div>
            ))}
          </div>
        </Figure>
      )}
    </section>
  );
}
