/**
 * A chart of the cohort report with its table alternative: the drawing, then
 * "Show as table" (the engine's tables, the same numbers as the CSV).
 */
import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import type { CohortTable } from "../../../engine/cohort.ts";
import { TableView } from "./TableView.tsx";

type Props = {
  /** Unique in the page: the caption's id is `<id>-caption`. */
  readonly id: string;
  readonly caption: string;
  /** A sentence on how to read the chart. */
  readonly note?: ComponentChildren;
  readonly tables: readonly CohortTable[];
  readonly minimumGroup: number;
  readonly onCsv: (table: CohortTable) => void;
  readonly children: ComponentChildren;
};

export function Figure({ id, caption, note, tables, minimumGroup, onCsv, children }: Props) {
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
      {note && <p class="chart-note muted">{note}</p>}
      {children}
      {tables.length > 0 && (
        <TableAlternative summary="Show as table" tables={tables} minimumGroup={minimumGroup} onCsv={onCsv} />
      )}
    </figure>
  );
}

/**
 * "Show as table": the tables are drawn when it is first opened (a report's tables run to thousands of rows);
 * a printout holds the tables that are open.
 */
export function TableAlternative({
  summary,
  tables,
  minimumGroup,
  onCsv,
}: {
  readonly summary: string;
  readonly tables: readonly CohortTable[];
  readonly minimumGroup: number;
  readonly onCsv: (table: CohortTable) => void;
}) {
  const [opened, setOpened] = useState(false);
  return (
    <details class="table-alt" onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && setOpened(true)}>
      <summary>{summary}</summary>
      {opened && tables.map((t) => <TableView key={t.id} table={t} minimumGroup={minimumGroup} onCsv={onCsv} />)}
    </details>
  );
}
