/** The progress page: completed runs, the profile per principle, runs in progress, export, import, clear. */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  type Archive,
  type ArchivedRun,
  ArchiveWriter,
  archivedRuns,
  exportText,
  readFinished,
  staleRuns,
  writeArchive,
} from "../../engine/archive.ts";
import { importSizeError, isKnown } from "../../engine/import.ts";
import { own } from "../../engine/own.ts";
import { profileOf } from "../../engine/profile.ts";
import { runsInProgress, siteKeys } from "../../engine/progress.ts";
import type { RunRecord } from "../../engine/record.ts";
import { downloadText } from "../lib/download.ts";
import { askWorker, importRuns } from "../lib/import-runs.ts";
import { type Notice, repairNotices } from "../lib/notices.ts";
import { memoryNotice, SiteStore } from "../lib/storage.ts";

type Props = {
  readonly principles: readonly { readonly id: string; readonly name: string }[];
  /** Scenario id → title, ending titles and the hash of the version built (a run's figures hold for that version only). */
  readonly scenarios: Readonly<
    Record<
      string,
      { readonly title: string; readonly endings: Readonly<Record<string, string>>; readonly hash?: string }
    >
  >;
};

/** Finished runs newest first, the archive they came from, and runs in progress. */
type Data = { completed: ArchivedRun[]; archive: Archive; inProgress: RunRecord[] };

/** Completed runs listed at first, and added by each "Show more": the page stays quick with 10,000. */
const PAGE = 100;

/** One formatter for every date listed (toLocaleString would make one per date). */
let dateFormat: Intl.DateTimeFormat | undefined;
const when = (iso: string | null) => {
  if (!iso) return "";
  const d = new Date(iso);
  dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
};

export default function Progress({ principles, scenarios }: Props) {
  const store = useRef<SiteStore | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [data, setData] = useState<Data | null>(null);
  const [messages, setMessages] = useState<Notice[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [shown, setShown] = useState(PAGE);
  const [importing, setImporting] = useState(false);
  const say = (text: string) => setMessages((m) => [...m, { text }]);

  const hashOf = (id: string) => own(scenarios, id)?.hash;
  const reload = () => {
    const s = store.current;
    if (!s) return;
    // One compact value for every finished run (the player's own list is folded into it): no replay before
    // the first view. Runs recorded on another version of their scenario are replayed again, after it.
    const done = readFinished(s, { fold: true });
    const open = runsInProgress(s);
    // Damaged data in a trainee's words, one notice per kind however many items; the detail behind a disclosure.
    const damaged = repairNotices([...done.repairs, ...open.repairs]);
    if (damaged.length > 0) setMessages((m) => [...m, ...damaged]);
    setData({ completed: [...done.runs].reverse(), archive: done.archive, inProgress: open.runs });
    const stale = staleRuns(done.runs, hashOf);
    if (stale.length > 0) void replayStale(stale, done.archive);
  };
  /** Replays the runs recorded on another version of their scenario, off the main thread, and stores their new figures. */
  const replayStale = async (stale: ArchivedRun[], archive: Archive) => {
    setImporting(true);
    try {
      const answer = await askWorker({ kind: "replay", runs: stale });
      const s = store.current;
      if (!s || !("archive" in answer)) return;
      const writer = new ArchiveWriter(archive);
      writer.addArchive(answer.archive, { keepPlace: true });
      const next = writer.archive();
      writeArchive(s, next);
      setData((d) => d && { ...d, completed: archivedRuns(next).reverse(), archive: next });
    } finally {
      setImporting(false);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, on mount
  useEffect(() => {
    const s = new SiteStore((reason) => say(memoryNotice(reason)));
    store.current = s;
    if (s.fallback) say(memoryNotice(s.fallback));
    reload();
  }, []);

  const importFile = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    const s = store.current;
    input.value = "";
    if (!file || !s || !data || importing) return;
    const tooBig = importSizeError(file.size);
    if (tooBig) {
      say(tooBig);
      return;
    }
    setImporting(true);
    try {
      // Every run is replayed on its scenario (fetched for the purpose) in a worker, so the page stays responsive.
      const result = await importRuns(file, s, data.archive, Object.keys(scenarios));
      for (const m of result.messages) say(m);
      const open = runsInProgress(s);
      setData({
        completed: result.archive ? archivedRuns(result.archive).reverse() : data.completed,
        archive: result.archive ?? data.archive,
        inProgress: open.runs,
      });
    } finally {
      setImporting(false);
    }
  };
  const clearAll = () => {
    const s = store.current;
    if (!s) return;
    // What localStorage itself holds, before and after: the memory copy of a tab in memory mode is not the browser.
    const before = s.storedSiteKeys();
    for (const key of new Set([...siteKeys(s), ...(before ?? [])])) s.removeItem(key);
    setConfirming(false);
    say(clearedMessage(before, s.storedSiteKeys()));
    reload();
  };

  // Only runs of this site's scenarios have results (imports are replayed on them); others are listed without.
  // A run recorded on another version of its scenario counts once it is replayed on this one.
  const current = (r: ArchivedRun) =>
    r.broken === undefined && (hashOf(r.scenario) ?? r.scenarioHash) === r.scenarioHash;
  // Worked out once per list of runs, not on every notice (10,000 runs).
  // biome-ignore lint/correctness/useExhaustiveDependencies: principles and scenarios are props that never change
  const { counted, profile } = useMemo(() => {
    // Per scenario once, not per run: the hash of the version this site has, or null when it has none.
    const hashes = new Map<string, string | null>();
    const counts = (r: ArchivedRun) => {
      let hash = hashes.get(r.scenario);
      if (hash === undefined) {
        hash = isKnown(scenarios, r) ? (hashOf(r.scenario) ?? r.scenarioHash) : null;
        hashes.set(r.scenario, hash);
      }
      return hash === r.scenarioHash && r.broken === undefined;
    };
    const counted = data ? data.completed.filter(counts) : [];
    return {
      counted,
      profile: profileOf(
        principles.map((p) => p.id),
        counted,
      ),
    };
  }, [data?.completed]);
  if (!data) return <p>Reading this browser's runs…</p>;
  // Ids come from saved and imported runs: never let `__proto__` or `constructor` reach Object.prototype.
  const title = (id: string) => own(scenarios, id)?.title ?? id;
  const endingTitle = (scenario: string, ending: string) => own(own(scenarios, scenario)?.endings, ending) ?? ending;
  return (
    <div class="progress">
      <div role="status" class="notices">
        {messages.map((m, i) =>
          m.detail ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: messages are only ever appended
            <div key={i} class="notice">
              <p>{m.text}</p>
              <details>
                <summary>Details</summary>
                <p class="notice-detail">{m.detail}</p>
              </details>
            </div>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: messages are only ever appended
            <p key={i} class="notice">
              {m.text}
            </p>
          ),
        )}
      </div>
      <h2>Profile</h2>
      {counted.length === 0 ? (
        <p>
          No completed runs yet. <a href="/">Choose a scenario</a> to start.
        </p>
      ) : (
        <>
          <p class="muted">
            Each principle counts only the runs that tested it: runs where some decision could move it. A run that could
            move it further weighs more.
          </p>
          <div class="table-scroll">
            <table class="profile">
              <caption class="visually-hidden">
                Average score per principle across the completed runs that tested it, and how many did
              </caption>
              <thead>
                <tr>
                  <th scope="col">Principle</th>
                  <th scope="col" class="num">
                    Average
                  </th>
                  <th scope="col" class="num">
                    Tested in
                  </th>
                </tr>
              </thead>
              <tbody>
                {profile.map((row) => (
                  <tr key={row.principle}>
                    <th scope="row">{principles.find((p) => p.id === row.principle)?.name ?? row.principle}</th>
                    <td class="num">{row.average === null ? "not tested" : `${row.average}%`}</td>
                    <td class="num">
                      {row.runs.toLocaleString("en")} of {counted.length.toLocaleString("en")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      <h2>In progress</h2>
      {data.inProgress.length === 0 ? (
        <p class="muted">No run in progress.</p>
      ) : (
        <ul class="runs">
          {data.inProgress.map((r) => (
            <li key={r.scenario}>
              {isKnown(scenarios, r) ? (
                <a href={`/scenarios/${r.scenario}/`}>Resume “{title(r.scenario)}”</a>
              ) : (
                <>“{r.scenario}”, a scenario this site does not have</>
              )}{" "}
              <span class="muted">
                ({r.steps.length} choice{r.steps.length === 1 ? "" : "s"} made, started {when(r.startedAt)})
              </span>
            </li>
          ))}
        </ul>
      )}

      <h2>Completed runs</h2>
      {data.completed.length === 0 ? (
        <p class="muted">None yet.</p>
      ) : (
        <>
          <ul class="runs">
            {data.completed.slice(0, shown).map((r) =>
              isKnown(scenarios, r) && !current(r) ? (
                <li key={`${r.scenario}-${r.startedAt}`}>
                  <a href={`/scenarios/${r.scenario}/`}>{title(r.scenario)}</a>{" "}
                  <span class="muted">
                    finished {when(r.finishedAt)}:{" "}
                    {r.broken === undefined
                      ? "recorded on an earlier version of this scenario; its results are being worked out again"
                      : "recorded on an earlier version of this scenario, which its choices no longer fit, so it has no results"}
                  </span>
                </li>
              ) : isKnown(scenarios, r) ? (
                <li key={`${r.scenario}-${r.startedAt}`}>
                  <a href={`/scenarios/${r.scenario}/`}>{title(r.scenario)}</a>{" "}
                  <span class="muted">
                    finished {when(r.finishedAt)}
                    {r.ending ? `, ending “${endingTitle(r.scenario, r.ending)}”` : ""}:{" "}
                    {Object.entries(r.percent)
                      .map(([p, v]) => `${principles.find((x) => x.id === p)?.name ?? p} ${v}%`)
                      .join(", ")}
                  </span>
                </li>
              ) : (
                <li key={`${r.scenario}-${r.startedAt}`}>
                  “{r.scenario}”, a scenario this site does not have{" "}
                  <span class="muted">(finished {when(r.finishedAt)}; no results: it cannot be replayed here)</span>
                </li>
              ),
            )}
          </ul>
          {data.completed.length > shown && (
            <p>
              <button type="button" onClick={() => setShown((n) => n + PAGE)}>
                Show {Math.min(PAGE, data.completed.length - shown)} more
              </button>{" "}
              <span class="muted">
                ({(data.completed.length - shown).toLocaleString("en")} of {data.completed.length.toLocaleString("en")}{" "}
                not shown)
              </span>
            </p>
          )}
        </>
      )}

      <h2>Your data</h2>
      <p class="actions">
        <button
          type="button"
          onClick={() =>
            downloadText(
              `rehearse-runs-${new Date().toISOString().slice(0, 10)}.json`,
              exportText([...data.completed].reverse(), data.inProgress, new Date().toISOString()),
              "application/json",
            )
          }
        >
          Export all
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} disabled={importing}>
          {importing ? "Importing…" : "Import (JSON)"}
        </button>
        <input
          ref={fileInput}
          hidden
          type="file"
          accept="application/json,.json"
          aria-label="Run file to import"
          onChange={importFile}
        />
        <button type="button" class="danger" onClick={() => setConfirming(true)} aria-expanded={confirming}>
          Clear my data
        </button>
      </p>
      {confirming && (
        <div class="notice" role="alertdialog" aria-labelledby="confirm-clear">
          <p id="confirm-clear">Remove every run and setting rehearse saved in this browser? This cannot be undone.</p>
          <p class="actions">
            <button type="button" class="danger" onClick={clearAll}>
              Yes, clear everything
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep my data
            </button>
          </p>
        </div>
      )}
    </div>
  );
}

const items = (n: number) => `${n} item${n === 1 ? "" : "s"}`;

/** What clearing really did to this browser's storage, from its keys before and after. */
function clearedMessage(before: readonly string[] | null, after: readonly string[] | null): string {
  if (before === null || after === null)
    return "Cleared what this tab kept in memory. This browser's storage could not be read, so whether it still holds runs from earlier visits is unknown.";
  const removed = before.filter((k) => !after.includes(k)).length;
  if (after.length > 0)
    return `${items(removed)} removed, but ${items(after.length)} could not be removed from this browser's storage. Try again, or clear this site's data in the browser's settings.`;
  return `Cleared: ${items(removed)} removed from this browser.`;
}
