/**
 * On /progress/: the self-assessment's change per principle next to what the
 * runs tested, and "Share with my coordinator", which saves one training record
 * (`rehearse.record/1`) after a plain-language screen says what it holds.
 * Everything is computed in the engine; nothing leaves the browser except the
 * file the trainee saves.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { readFinished } from "../../engine/archive.ts";
import { type AssessedPrinciple, assessmentDue, changeByPrinciple, readAssessments } from "../../engine/assessment.ts";
import { profileOf } from "../../engine/profile.ts";
import { type KeyValueStore, repairOutcome } from "../../engine/progress.ts";
import type { RunRecord } from "../../engine/record.ts";
import { type Assessment, assessmentOf, buildTrainingRecord, RECORD_LIMITS } from "../../engine/training-record.ts";
import { download } from "../lib/download.ts";
import { SiteStore } from "../lib/storage.ts";

type Props = {
  readonly principles: readonly AssessedPrinciple[];
  readonly code: { readonly title: string; readonly hash: string };
  /** Ids of this site's scenarios: only their runs have results here. */
  readonly scenarios: readonly string[];
};

type Data = { readonly assessments: Assessment[]; readonly completed: RunRecord[] };

/** The store as a reader only: a repair this island would make is the progress list's to make and report. */
const readOnly = (store: KeyValueStore): KeyValueStore => ({
  get length() {
    return store.length;
  },
  key: (index) => store.key(index),
  getItem: (key) => store.getItem(key),
  setItem: () => {},
  removeItem: () => {},
  trySetItem: () => false,
});

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: "long" });
const signed = (n: number) => (n > 0 ? `+${n}` : n === 0 ? "no change" : `−${Math.abs(n)}`);
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export default function Evaluation({ principles, code, scenarios }: Props) {
  const store = useRef<SiteStore | null>(null);
  const [data, setData] = useState<Data | null>(null);
  const [sharing, setSharing] = useState(false);
  const [pseudonym, setPseudonym] = useState("");
  const [saved, setSaved] = useState<string | null>(null);

  const [notices, setNotices] = useState<string[]>([]);
  const read = async (): Promise<Data | null> => {
    const s = store.current;
    if (!s) return null;
    const taken = readAssessments(s);
    if (taken.repairs.length > 0)
      setNotices(
        taken.repairs.map(
          (r) =>
            `Some saved self-assessment answers could not be read (${r.reason}), so they were ${repairOutcome(r)}.`,
        ),
      );
    // The progress list above repairs and reports damaged runs; this reads through a view that writes nothing,
    // so the two never set the same data aside twice (one compact archive: quick with 10,000 runs).
    const done = readFinished(readOnly(s));
    const next = { assessments: taken.assessments, completed: done.runs };
    setData(next);
    return next;
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, on mount
  useEffect(() => {
    store.current = new SiteStore();
    void read();
  }, []);

  if (!data) return null;
  const before = assessmentOf(data.assessments, "before");
  const after = assessmentOf(data.assessments, "after");
  const due = assessmentDue(data.assessments, data.completed);
  const known = new Set(scenarios);
  // Runs whose path no longer fits their scenario have no results (see the list above).
  const counted = data.completed.filter((r) => known.has(r.scenario) && !("broken" in r));
  const profile = profileOf(
    principles.map((p) => p.id),
    counted,
  );
  const change = changeByPrinciple(principles, before, after);
  const afters = data.assessments.filter((a) => a.when === "after").length;
  const runs = data.completed.slice(-RECORD_LIMITS.runs);

  // What the screen describes is read fresh when it opens, and exactly that is saved (still within the click).
  const openShare = async () => {
    setSaved(null);
    await read();
    setSharing(true);
    requestAnimationFrame(() => document.getElementById("share-heading")?.focus());
  };
  const save = () => {
    const fresh = data;
    const record = buildTrainingRecord({
      id: crypto.randomUUID(),
      createdAt: new Date().toISOString(),
      pseudonym,
      code,
      assessments: fresh.assessments,
      runs: fresh.completed.slice(-RECORD_LIMITS.runs),
    });
    const file = `rehearse-record-${record.createdAt.slice(0, 10)}.json`;
    download(file, record);
    setSharing(false);
    setSaved(file);
  };

  return (
    <section class="evaluation" aria-labelledby="self-assessment">
      <h2 id="self-assessment">Self-assessment</h2>
      {notices.map((m) => (
        <p key={m} class="notice" role="status">
          {m}
        </p>
      ))}
      {!before && !after ? (
        <p>
          You have not taken the self-assessment yet: a few statements about each principle, rated before you start and
          again later, so you can see what changed. <a href="/assess/">Take the self-assessment</a>
        </p>
      ) : (
        <>
          <p class="muted">
            Your answers from 1 (strongly disagree) to 5 (strongly agree), as the mean for each principle
            {before ? `: before on ${day(before.at)}` : ""}
            {after ? `, after on ${day(after.at)}` : ""}. Next to them, what your completed runs tested.
          </p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
          <section class="table-scroll" tabIndex={0} aria-label="Self-assessment and runs per principle">
            <table class="profile">
              <caption class="visually-hidden">
                Self-assessment before and after per principle, the change, and how your runs tested it
              </caption>
              <thead>
                <tr>
                  <th scope="col">Principle</th>
                  <th scope="col" class="num">
                    Before
                  </th>
                  <th scope="col" class="num">
                    After
                  </th>
                  <th scope="col" class="num">
                    Change
                  </th>
                  <th scope="col" class="num">
                    Runs that tested it
                  </th>
                  <th scope="col" class="num">
                    Average in those runs
                  </th>
                </tr>
              </thead>
              <tbody>
                {change.map((row, i) => {
                  const tested = profile[i];
                  return (
                    <tr key={row.principle}>
                      <th scope="row">{principles[i]?.name ?? row.principle}</th>
                      <td class="num">{row.before ?? "–"}</td>
                      <td class="num">{row.after ?? "not yet"}</td>
                      <td class="num">{row.change === null ? "–" : signed(row.change)}</td>
                      <td class="num">{tested?.runs ?? 0}</td>
                      <td class="num">{tested?.average == null ? "not tested" : `${tested.average}%`}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        </>
      )}
      {(before || after) && (
        <p>
          {due.when === "after" && due.suggested ? (
            <>
              <strong>You have completed {plural(due.scenariosSince, "scenario")} since you last answered.</strong>{" "}
              <a href="/assess/">Take the self-assessment again</a> to see what changed.
            </>
          ) : (
            <a href="/assess/">
              {due.when === "before" ? "Take the self-assessment" : "Take the self-assessment again"}
            </a>
          )}{" "}
          <span class="muted">(We suggest again after five scenarios; take it whenever you like.)</span>
        </p>
      )}

      <h2 id="share">Share with my coordinator</h2>
      <p>
        If your programme asks for it, you can save one file for your coordinator: your self-assessment and the choices
        you made. You decide whether to send it.
      </p>
      <p class="muted">
        For coordinators: the <a href="/cohort/">cohort report</a> reads many trainees' files together, in your own
        browser, and shows the group's picture without singling anyone out. The{" "}
        <a href="/coordinators/">guide for coordinators</a> explains how to collect the files and read the report.
      </p>
      {saved && (
        <p class="notice" role="status">
          Saved as “{saved}” in your downloads. Nothing was sent: give the file to your coordinator the way your
          programme agreed (email or a shared folder, for example). You can delete it once it has been passed on.
        </p>
      )}
      {!sharing ? (
        <p class="actions">
          <button type="button" onClick={() => void openShare()}>
            Share with my coordinator
          </button>
        </p>
      ) : (
        <section class="share-box" id="share-box" aria-labelledby="share-heading">
          <h3 id="share-heading" tabIndex={-1}>
            What the file holds
          </h3>
          <ul class="share-contents">
            <li>
              <strong>A name, only if you type one below.</strong> Use a pseudonym if you like; leave it empty and the
              file holds no name.
            </li>
            <li>
              <strong>Your self-assessment answers</strong>:{" "}
              {data.assessments.length === 0
                ? "none, as you have not taken it yet."
                : `${[
                    before ? `before, on ${day(before.at)}` : "",
                    after
                      ? `after, on ${day(after.at)}${afters > 1 ? ` (and ${plural(afters - 1, "earlier one")})` : ""}`
                      : "",
                  ]
                    .filter(Boolean)
                    .join("; ")}: each statement and the number from 1 to 5 you chose.`}
            </li>
            <li>
              {runs.length === 0 ? (
                <>
                  <strong>No runs</strong>: you have not completed a scenario yet.
                </>
              ) : (
                <>
                  <strong>Your {plural(runs.length, "completed run")}</strong>: which scenario, when you started and
                  finished, each choice you made and the ending you reached.
                </>
              )}
            </li>
            <li>
              <strong>Not in the file:</strong> your scores, runs you have not finished, your notes and reflections, and
              anything about you, this browser or this device. Your coordinator's copy of rehearse works scores out
              again from your choices for a report on the whole group, which leaves out any figure that fewer than five
              trainees share.
            </li>
          </ul>
          <p>
            <label for="pseudonym">Name or pseudonym (optional)</label>
            <br />
            <input
              id="pseudonym"
              type="text"
              maxLength={RECORD_LIMITS.pseudonym}
              autocomplete="off"
              value={pseudonym}
              onInput={(e) => setPseudonym((e.currentTarget as HTMLInputElement).value)}
            />
          </p>
          <p class="actions">
            <button type="button" onClick={save}>
              Save the file
            </button>
            <button type="button" onClick={() => setSharing(false)}>
              Cancel
            </button>
          </p>
        </section>
      )}
    </section>
  );
}
