/**
 * What the report was made from: files given, trainees counted, duplicates
 * counted once, files left out with their reasons, and records whose runs do
 * not replay on this site's scenarios (counted apart). All from the engine:
 * the page hands it the files it could not open too (a damaged zip, a photo),
 * with the reason.
 */
import type { CohortReport, CohortTable } from "../../../engine/cohort.ts";
import { TableAlternative } from "./Figure.tsx";
import { pick } from "./PrincipleSection.tsx";
import { TableView } from "./TableView.tsx";

type Props = {
  readonly report: CohortReport;
  readonly tables: ReadonlyMap<string, CohortTable>;
  readonly onCsv: (table: CohortTable) => void;
};

const n = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString("en")} ${count === 1 ? one : many}`;

export function FilesSection({ report, tables, onCsv }: Props) {
  const f = report.files;
  const p = report.problems;
  const leftOut = p.notReplaying.reduce((sum, r) => sum + r.runs.length, 0);
  return (
    <section class="cohort-section files" aria-labelledby="files-heading">
      <h2 id="files-heading">The records</h2>
      <dl class="figures">
        <div>
          <dt>Trainees</dt>
          <dd>{report.trainees.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>Files given</dt>
          <dd>{f.given.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>Duplicates counted once</dt>
          <dd>{f.duplicates.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>Files left out</dt>
          <dd>{f.rejected.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>Records with runs that do not replay</dt>
          <dd>{f.notReplaying.toLocaleString("en")}</dd>
        </div>
        <div>
          <dt>Completed runs</dt>
          <dd>{report.runs.completed.toLocaleString("en")}</dd>
        </div>
      </dl>
      {report.otherCode > 0 && (
        <p class="notice">
          {n(report.otherCode, "record was", "records were")} made with another version of the code “{report.code.title}
          ”: answers to statements it no longer has are left out.
        </p>
      )}
      {f.notReplaying > 0 && (
        <p class="notice">
          {n(f.notReplaying, "record has", "records have")} runs that do not replay on this site's scenarios (
          {n(leftOut, "run")} in all, perhaps played on an older version): those runs are left out and the rest of each
          record counts. They are listed below.
        </p>
      )}
      {p.rejected.length + p.duplicates.length + p.notReplaying.length > 0 && (
        <div class="problems">
          <h3>Files left out or counted apart</h3>
          {pick(tables, "problems").map((t) => (
            <TableView key={t.id} table={t} minimumGroup={report.minimumGroup} onCsv={onCsv} quietCaption />
          ))}
        </div>
      )}
      <TableAlternative
        summary="All the counts as a table"
        tables={pick(tables, "summary")}
        minimumGroup={report.minimumGroup}
        onCsv={onCsv}
      />
    </section>
  );
}
