/**
 * One of the report's tables (the engine's `CohortTable`), as an HTML table
 * with a caption, and a button that saves it as CSV. A suppressed cell reads
 * "fewer than N"; numbers are right-aligned.
 */
import type { CohortCell, CohortTable } from "../../../engine/cohort.ts";
import { fewerThan } from "./StackedBar.tsx";

type Props = {
  readonly table: CohortTable;
  readonly minimumGroup: number;
  /** Saves the table as `<id>.csv`. */
  readonly onCsv: (table: CohortTable) => void;
  /** Hide the caption visually (when a heading above says the same). @default false */
  readonly quietCaption?: boolean;
};

export const shownCell = (cell: CohortCell, minimumGroup: number): string =>
  cell === null
    ? "–"
    : typeof cell === "object"
      ? fewerThan(minimumGroup)
      : typeof cell === "number"
        ? cell.toLocaleString("en")
        : cell;

export function TableView({ table, minimumGroup, onCsv, quietCaption = false }: Props) {
  return (
    <div class="cohort-table">
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <section class="table-scroll" tabIndex={0} aria-label={`${table.title} (table)`}>
        <table>
          <caption class={quietCaption ? "visually-hidden" : undefined}>{table.title}</caption>
          <thead>
            <tr>
              {table.columns.map((c, i) => (
                <th key={c} scope="col" class={i > 0 && isNumeric(table, i) ? "num" : undefined}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, r) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a table's rows are fixed for one report
              <tr key={r}>
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th key={table.columns[i]} scope="row">
                      {shownCell(cell, minimumGroup)}
                    </th>
                  ) : (
                    <td
                      key={table.columns[i]}
                      class={
                        typeof cell === "object" && cell !== null
                          ? "num suppressed"
                          : typeof cell === "number"
                            ? "num"
                            : undefined
                      }
                    >
                      {shownCell(cell, minimumGroup)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p class="no-print">
        <button type="button" class="link-button" onClick={() => onCsv(table)}>
          Download “{table.title}” as CSV
        </button>
      </p>
    </div>
  );
}

/** A column is numeric when its cells are numbers (or suppressed, or empty). */
function isNumeric(table: CohortTable, column: number): boolean {
  let numbers = 0;
  for (const row of table.rows) {
    const cell = row[column];
    if (typeof cell === "number") numbers++;
    else if (typeof cell === "string") return false;
  }
  return numbers > 0;
}
