/**
 * Per principle: the self-assessment before and after (how trainees answered,
 * the mean change with its paired effect size and n), and what the runs tested
 * (where trainees' first runs sat within each scenario's range).
 */
import type { AnswerDistribution, Breakdown, CohortReport, CohortTable } from "../../../engine/cohort.ts";
import { POSITION_BANDS } from "../../../engine/cohort.ts";
import { ChangeChart, one } from "./ChangeChart.tsx";
import { Figure } from "./Figure.tsx";
import { Legend, type Segment, StackedBar } from "./StackedBar.tsx";

type Props = {
  readonly report: CohortReport;
  readonly tables: ReadonlyMap<string, CohortTable>;
  readonly onCsv: (table: CohortTable) => void;
};

export const SCALE = ["strongly disagree", "disagree", "neither", "agree", "strongly agree"] as const;
const scaleKeys = SCALE.map((label, i) => ({ key: `a${i + 1}`, label: `${i + 1} ${label}` }));
export const bandKeys = POSITION_BANDS.map((label, i) => ({ key: `b${i + 1}`, label }));

const answers = (d: Breakdown<AnswerDistribution>): Segment[] | null =>
  d.suppressed ? null : d.counts.map((value, i) => ({ ...(scaleKeys[i] as (typeof scaleKeys)[0]), value }));

const pick = (tables: ReadonlyMap<string, CohortTable>, ...ids: string[]) =>
  ids.flatMap((id) => {
    const t = tables.get(id);
    return t ? [t] : [];
  });

export function AssessmentSection({ report, tables, onCsv }: Props) {
  const m = report.minimumGroup;
  const a = report.assessments;
  return (
    <section class="cohort-section" aria-labelledby="assessment-heading">
      <h2 id="assessment-heading">Self-assessment, before and after</h2>
      <p>
        {a.before.toLocaleString("en")} trainee{a.before === 1 ? "" : "s"} answered before training,{" "}
        {a.after.toLocaleString("en")} after, and {a.both.toLocaleString("en")} both. Answers run from 1 (strongly
        disagree) to 5 (strongly agree); a principle's answer is the mean of its statements.
      </p>
      <Figure
        id="change"
        caption="Mean change per principle: trainees who answered before and after"
        note={
          <>
            The change is paired: each trainee's answer after minus their own answer before. The effect size d
            <sub>z</sub> is the mean change divided by the spread of the changes; as a rough guide 0.2 is small, 0.5
            medium and 0.8 large. It measures how confident trainees feel, not what they can do.
          </>
        }
        tables={pick(tables, "change")}
        minimumGroup={m}
        onCsv={onCsv}
      >
        <ChangeChart principles={report.principles} minimumGroup={m} />
      </Figure>
      <Figure
        id="answers"
        caption="How trainees answered, before and after, per principle"
        note="Every answer to the principle's statements counts; a trainee answering two statements counts twice."
        tables={pick(tables, "answers-before", "answers-after")}
        minimumGroup={m}
        onCsv={onCsv}
      >
        <Legend items={scaleKeys} />
        <div class="bar-groups">
          {report.principles.map((p) => (
            <div key={p.id} class="bar-group">
              <h3 class="bar-group-title">{p.name}</h3>
              <StackedBar
                label="Before"
                segments={answers(p.before)}
                minimumGroup={m}
                unit="answers"
                note={p.before.suppressed ? undefined : `mean ${one(p.before.mean)}`}
              />
              <StackedBar
                label="After"
                segments={answers(p.after)}
                minimumGroup={m}
                unit="answers"
                note={p.after.suppressed ? undefined : `mean ${one(p.after.mean)}`}
              />
            </div>
          ))}
        </div>
      </Figure>
    </section>
  );
}

export function TestedSection({ report, tables, onCsv }: Props) {
  const m = report.minimumGroup;
  return (
    <section class="cohort-section" aria-labelledby="tested-heading">
      <h2 id="tested-heading">What the runs tested</h2>
      <p>
        For each principle, where trainees' totals sat within each scenario's range, from the lowest total any path
        reaches (0%) to the highest (100%). Each trainee counts once per scenario, with their first completed run: their
        own judgement, before a debrief showed them the code's.
      </p>
      <Figure
        id="tested"
        caption="Position within each scenario's range, per principle (runs that tested it)"
        tables={pick(tables, "tested")}
        minimumGroup={m}
        onCsv={onCsv}
      >
        <Legend items={bandKeys} />
        {report.principles.map((p) => (
          <StackedBar
            key={p.id}
            label={p.name}
            segments={
              p.tested.suppressed
                ? null
                : p.tested.bands.map((value, i) => ({ ...(bandKeys[i] as (typeof bandKeys)[0]), value }))
            }
            minimumGroup={m}
            unit="runs"
            note={
              p.tested.suppressed
                ? undefined
                : `mean ${Math.round(p.tested.mean)}%, ${p.tested.runs} run${p.tested.runs === 1 ? "" : "s"} in ${p.tested.scenarios.length} scenario${p.tested.scenarios.length === 1 ? "" : "s"}`
            }
          />
        ))}
      </Figure>
    </section>
  );
}

export { pick };
