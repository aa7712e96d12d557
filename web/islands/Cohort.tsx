/**
 * /cohort/: a coordinator's report over many trainees' training records
 * (issue #15 §3). Files are read here (web/lib/cohort-files.ts), the report is
 * computed by the engine in a worker (web/lib/cohort-worker.ts), so the page
 * never blocks, and drawn by the components in web/components/cohort/. Nothing
 * leaves the browser: the page fetches only this site's scenarios.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { CohortReport, CohortTable } from "../../engine/cohort.ts";
import { cohortTables, tableCsv } from "../../engine/cohort-tables.ts";
import type { Code } from "../../engine/model.ts";
import { DecisionSection } from "../components/cohort/DecisionSection.tsx";
import { DropZone } from "../components/cohort/DropZone.tsx";
import { FilesSection } from "../components/cohort/FilesSection.tsx";
import { AssessmentSection, TestedSection } from "../components/cohort/PrincipleSection.tsx";
import { ScenarioSection } from "../components/cohort/ScenarioSection.tsx";
import type { GivenFile } from "../lib/cohort-files.ts";
import type { FromWorker, ToWorker } from "../lib/cohort-worker.ts";
import { downloadBlob, downloadText } from "../lib/download.ts";
import { writeZip } from "../lib/zip.ts";

type Props = {
  readonly code: Pick<Code, "title" | "hash" | "principles">;
  /** This site's scenario ids, in the library's order. */
  readonly scenarios: readonly string[];
  /** The smallest group a breakdown is shown for (`cohort.minimumGroup` in the config). */
  readonly minimumGroup: number;
};

type State =
  | { readonly phase: "empty" }
  | { readonly phase: "working"; readonly status: string }
  | { readonly phase: "failed"; readonly status: string };

/** Every table as `cohort-<id>.csv` in one zip (a browser asks before saving many files at once). */
const allTables = (report: CohortReport, tables: readonly CohortTable[]) =>
  writeZip(
    tables.map((t) => ({
      name: `cohort-${t.id}.csv`,
      data: new TextEncoder().encode(tableCsv(t, report.minimumGroup)),
    })),
  );

/** The report's parts after the summary: self-assessment, runs tested, scenarios, their ranges, decisions. */
const PARTS = 5;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export default function Cohort({ code, scenarios, minimumGroup }: Props) {
  const worker = useRef<Worker | null>(null);
  const library = useRef<Promise<void> | null>(null);
  const [state, setState] = useState<State>({ phase: "empty" });
  const [report, setReport] = useState<CohortReport | null>(null);
  const [status, setStatus] = useState("");
  /** How many parts of the report are drawn (see PARTS). */
  const [drawn, setDrawn] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, on mount
  useEffect(() => {
    // The scenarios are loaded into the worker while the coordinator finds the files, not after.
    const idle = self.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
    idle(() => void loadLibrary().catch(() => {}));
    return () => worker.current?.terminate();
  }, []);

  const started = (): Worker => {
    if (worker.current) return worker.current;
    const w = new Worker(new URL("../lib/cohort-worker.ts", import.meta.url), { type: "module", name: "cohort" });
    w.addEventListener("message", (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if (m.type === "progress") setState({ phase: "working", status: `Reading records: ${m.done} of ${m.total}…` });
      else if (m.type === "error") setState({ phase: "failed", status: `The report could not be made: ${m.message}.` });
      else {
        performance.mark("cohort:computed", { detail: { workerMs: m.ms } });
        setReport(m.report);
        setDrawn(0);
        setState({ phase: "empty" });
        setStatus(
          `Report ready: ${plural(m.report.trainees, "trainee")} from ${plural(m.report.files.given, "file")}.`,
        );
      }
    });
    w.addEventListener("error", () =>
      setState({ phase: "failed", status: "The report could not be made: this browser stopped its worker." }),
    );
    worker.current = w;
    return w;
  };
  const post = (message: ToWorker) => started().postMessage(message);

  /** Fetches every scenario once (this site only; precached for offline use) and hands them to the worker. */
  const loadLibrary = () => {
    library.current ??= Promise.all(
      scenarios.map(async (id) => {
        const response = await fetch(`/scenarios/${encodeURIComponent(id)}/scenario.json`);
        if (!response.ok) throw new Error(`${id}: ${response.status}`);
        return [id, await response.text()] as const;
      }),
    ).then(
      (texts) => post({ type: "library", code, scenarios: texts, minimumGroup }),
      (error) => {
        library.current = null;
        throw error;
      },
    );
    return library.current;
  };

  const add = async (files: GivenFile[]) => {
    performance.mark("cohort:read");
    if (files.length === 0) {
      setState({ phase: "empty" });
      setStatus("No files.");
      return;
    }
    setState({ phase: "working", status: `Loading the scenarios to replay ${plural(files.length, "file")}…` });
    try {
      await loadLibrary();
    } catch {
      setState({
        phase: "failed",
        status: "The scenarios could not be loaded to check the records (no connection?). Try again.",
      });
      return;
    }
    setState({ phase: "working", status: `Reading records: 0 of ${files.length}…` });
    // The bytes are handed over, not copied: a cohort is megabytes, and copying would hold up the page.
    // Files that could not be read go too, with their reason: the engine lists every file.
    const buffers = new Set(files.flatMap((f) => ("bytes" in f ? [f.bytes.buffer] : [])));
    started().postMessage({ type: "add", files } satisfies ToWorker, [...buffers]);
  };

  const clear = () => {
    post({ type: "clear" });
    setReport(null);
    setState({ phase: "empty" });
    setStatus("Cleared: the page holds no records now.");
  };

  const csv = (table: CohortTable) => {
    if (!report) return;
    downloadText(`cohort-${table.id}.csv`, tableCsv(table, report.minimumGroup));
  };
  const tables = useMemo(
    () => (report ? new Map(cohortTables(report).map((t) => [t.id, t])) : new Map<string, CohortTable>()),
    [report],
  );
  const busy = state.phase === "working";
  // A report is drawn a part at a time, one part per task, so no task runs long however large the cohort.
  // The benchmark reads the marks: files given, files read, report computed, report drawn.
  useEffect(() => {
    if (!report) return;
    if (drawn < PARTS) {
      const next = setTimeout(() => setDrawn((n) => n + 1), 0);
      return () => clearTimeout(next);
    }
    requestAnimationFrame(() => performance.mark("cohort:drawn"));
  }, [report, drawn]);

  return (
    <div class="cohort" data-drawn={report && drawn >= PARTS ? "" : undefined}>
      <DropZone
        onReading={() => setState({ phase: "working", status: "Opening the files…" })}
        onFiles={(files) => void add(files)}
        busy={busy}
      />
      <div role="status" class="cohort-status" aria-live="polite">
        {busy ? state.status : state.phase === "failed" ? state.status || status : status}
      </div>
      {report && (
        <>
          <p class="actions no-print">
            <button type="button" onClick={() => print()}>
              Print the report
            </button>
            <button
              type="button"
              onClick={() => downloadBlob("cohort-tables.zip", allTables(report, [...tables.values()]))}
            >
              Download every table (CSV, in a zip)
            </button>
            <button type="button" onClick={clear}>
              Start again
            </button>
          </p>
          <FilesSection report={report} tables={tables} onCsv={csv} />
          {report.trainees === 0 ? (
            <p>No training record could be read, so there is nothing to report yet.</p>
          ) : (
            <>
              {drawn > 0 && <AssessmentSection report={report} tables={tables} onCsv={csv} />}
              {drawn > 1 && <TestedSection report={report} tables={tables} onCsv={csv} />}
              {drawn > 2 && <ScenarioSection report={report} tables={tables} onCsv={csv} positions={drawn > 3} />}
              {drawn > 4 && <DecisionSection report={report} tables={tables} onCsv={csv} />}
            </>
          )}
        </>
      )}
    </div>
  );
}
