/**
 * The SCORM runtime of an exported package (`rehearse export scorm`), bundled
 * by the export into `lms/scorm.js` and loaded by the player page before the
 * player. It finds the LMS's API (SCORM 1.2 `API` or 2004 `API_1484_11`, in
 * this window's parents or its opener's), initialises, hands the player the
 * run saved in the suspend data (`window.rehearseLms`), and on every step the
 * player reports (`rehearse:run`) saves the run and reports what
 * engine/lms.ts computes: completion, the score, one objective per principle
 * tested and, at each ending, one interaction per decision. It commits at
 * every step and terminates when the page goes away.
 *
 * Without an API (the package opened outside an LMS) it does nothing and the
 * player keeps its runs in this browser, as on the site.
 */
import type { Analysis } from "../../engine/analyze.ts";
import { LMS_NOTE, type LmsResult, lmsResult, parseResumeString, resumeString } from "../../engine/lms.ts";
import type { Scenario } from "../../engine/model.ts";
import type { RunRecord } from "../../engine/record.ts";

/** Replaced by the export: "1.2" or "2004". */
declare const REHEARSE_SCORM_VERSION: "1.2" | "2004";

type Api12 = {
  LMSInitialize(arg: ""): string;
  LMSGetValue(key: string): string;
  LMSSetValue(key: string, value: string): string;
  LMSCommit(arg: ""): string;
  LMSFinish(arg: ""): string;
};
type Api2004 = {
  Initialize(arg: ""): string;
  GetValue(key: string): string;
  SetValue(key: string, value: string): string;
  Commit(arg: ""): string;
  Terminate(arg: ""): string;
};

/** The SCORM calls, by version: the data model's names differ, the rest does not. */
type Lms = {
  readonly v12: boolean;
  get(key: string): string;
  set(key: string, value: string | number): void;
  commit(): void;
  finish(): void;
};

/** The standard search: this window's parents, then the opener's (at most 500 levels, as ADL's sample does). */
function findApi<T>(name: string): T | undefined {
  const search = (start: Window | null): T | undefined => {
    let w = start;
    for (let i = 0; w && i < 500; i++) {
      try {
        const api = (w as unknown as Record<string, unknown>)[name];
        if (api) return api as T;
      } catch {
        // A parent on another origin: no API there.
      }
      if (w.parent === w) break;
      w = w.parent;
    }
    return undefined;
  };
  return search(window) ?? search(window.opener as Window | null);
}

function connect(version: "1.2" | "2004"): Lms | undefined {
  if (version === "1.2") {
    const api = findApi<Api12>("API");
    if (!api || String(api.LMSInitialize("")) !== "true") return undefined;
    return {
      v12: true,
      get: (key) => String(api.LMSGetValue(key) ?? ""),
      set: (key, value) => void api.LMSSetValue(key, String(value)),
      commit: () => void api.LMSCommit(""),
      finish: () => void api.LMSFinish(""),
    };
  }
  const api = findApi<Api2004>("API_1484_11");
  if (!api || String(api.Initialize("")) !== "true") return undefined;
  return {
    v12: false,
    get: (key) => String(api.GetValue(key) ?? ""),
    set: (key, value) => void api.SetValue(key, String(value)),
    commit: () => void api.Commit(""),
    finish: () => void api.Terminate(""),
  };
}

/** `PT1H2M3.4S` (2004) or `0001:02:03.40` (1.2). */
export function sessionTime(ms: number, v12: boolean): string {
  const seconds = Math.max(0, ms) / 1000;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (!v12) return `PT${h}H${m}M${s.toFixed(2)}S`;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${String(Math.min(h, 9999)).padStart(4, "0")}:${two(m)}:${s.toFixed(2).padStart(5, "0")}`;
}

/** A decision's changes as words, for an interaction's description: `confidentiality +2, respect −1`. */
const changesText = (changes: Readonly<Record<string, number>>) =>
  Object.entries(changes)
    .map(([p, v]) => `${p} ${v > 0 ? "+" : ""}${v}`)
    .join(", ") || "no change";

/** Everything below runs once, when the page loads. */
function start() {
  const data = document.getElementById("player-data")?.textContent;
  if (!data) return;
  const { scenario, analysis } = JSON.parse(data) as { scenario: Scenario; analysis: Analysis };
  const lms = connect(REHEARSE_SCORM_VERSION);
  if (!lms) {
    console.warn("rehearse: no SCORM API found; this run stays in this browser.");
    return;
  }
  const k = lms.v12
    ? {
        suspend: "cmi.suspend_data",
        location: "cmi.core.lesson_location",
        status: "cmi.core.lesson_status",
        score: "cmi.core.score",
        exit: "cmi.core.exit",
        time: "cmi.core.session_time",
        limit: 4096,
      }
    : {
        suspend: "cmi.suspend_data",
        location: "cmi.location",
        status: "cmi.completion_status",
        score: "cmi.score",
        exit: "cmi.exit",
        time: "cmi.session_time",
        limit: 64_000,
      };
  const started = Date.now();
  const resumed = parseResumeString(scenario, analysis, lms.get(k.suspend));
  const before = lms.get(k.status);
  let completed = before === "completed" || before === "passed";
  /** Objective index by principle id: the LMS keeps them across sessions, so an id keeps its index. */
  const objectives = new Map<string, number>();
  const count = Number(lms.get("cmi.objectives._count")) || 0;
  for (let i = 0; i < count; i++) objectives.set(lms.get(`cmi.objectives.${i}.id`), i);
  let last: RunRecord | undefined = resumed;
  /** A run by its start and choices: the finished run last reported is not reported again (leaving its feedback, going back and forth). */
  const runKey = (run: RunRecord) => `${run.startedAt} ${run.steps.map((s) => s.choice).join(",")}`;
  let reported = resumed?.ending ? runKey(resumed) : "";

  const report = (result: LmsResult) => {
    const score = result.score;
    if (score) {
      if (!lms.v12) lms.set(`${k.score}.scaled`, score.scaled);
      lms.set(`${k.score}.raw`, score.raw);
      lms.set(`${k.score}.min`, score.min);
      lms.set(`${k.score}.max`, score.max);
    }
    for (const o of result.objectives) {
      let n = objectives.get(o.id);
      if (n === undefined) {
        n = objectives.size;
        objectives.set(o.id, n);
        lms.set(`cmi.objectives.${n}.id`, o.id);
      }
      const at = `cmi.objectives.${n}`;
      if (lms.v12) {
        // 1.2 scores run from 0 to 100 (a principle's total can be negative): its percentage.
        lms.set(`${at}.score.raw`, o.percent);
        lms.set(`${at}.score.min`, 0);
        lms.set(`${at}.score.max`, 100);
      } else {
        lms.set(`${at}.score.scaled`, o.scaled);
        lms.set(`${at}.score.raw`, o.raw);
        lms.set(`${at}.score.min`, o.min);
        lms.set(`${at}.score.max`, o.max);
      }
      lms.set(lms.v12 ? `${at}.status` : `${at}.completion_status`, "completed");
    }
    // One interaction per decision: the scene, the choice (by id), and which principles it moved.
    const base = Number(lms.get("cmi.interactions._count")) || 0;
    result.decisions.forEach((d, i) => {
      const at = `cmi.interactions.${base + i}`;
      lms.set(`${at}.id`, d.scene);
      // 1.2's "choice" responses are single characters; "performance" takes any text (2004's "choice" takes ids).
      lms.set(`${at}.type`, lms.v12 ? "performance" : "choice");
      lms.set(lms.v12 ? `${at}.student_response` : `${at}.learner_response`, d.choice);
      lms.set(`${at}.result`, "neutral");
      if (!lms.v12) lms.set(`${at}.description`, `${d.sceneTitle ?? d.scene}: ${changesText(d.changes)}`.slice(0, 250));
      Object.keys(d.changes).forEach((p, j) => {
        lms.set(`${at}.objectives.${j}.id`, p);
      });
    });
  };

  const onRun = (event: Event) => {
    const record = (event as CustomEvent<RunRecord>).detail;
    if (!record || record.scenario !== scenario.id) return;
    last = record;
    try {
      const suspend = resumeString(scenario, record, k.limit);
      lms.set(k.suspend, suspend);
      lms.set(k.location, record.steps.at(-1)?.to ?? scenario.start);
      const result = lmsResult(scenario, analysis, record);
      if (result.completion === "completed" && runKey(record) !== reported) {
        reported = runKey(record);
        completed = true;
        report(result);
      }
      // Completion is never taken back: playing again after an ending keeps the course completed.
      lms.set(k.status, completed ? "completed" : "incomplete");
      lms.commit();
    } catch (error) {
      console.error("rehearse: the learning platform did not take this step", error);
    }
  };
  addEventListener("rehearse:run", onRun);

  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    try {
      // A run still under way is suspended, to resume next time; an ended one closes the attempt.
      const ended = last?.ending != null;
      lms.set(k.exit, ended ? (lms.v12 ? "" : "normal") : "suspend");
      lms.set(k.time, sessionTime(Date.now() - started, lms.v12));
      lms.commit();
      lms.finish();
    } catch (error) {
      console.error("rehearse: the learning platform could not be told the session ended", error);
    }
  };
  addEventListener("pagehide", finish);
  addEventListener("beforeunload", finish);

  if (!completed) lms.set(k.status, "incomplete");
  lms.commit();
  (window as { rehearseLms?: unknown }).rehearseLms = { ...(resumed ? { run: resumed } : {}), note: LMS_NOTE };
}

try {
  start();
} catch (error) {
  console.error("rehearse: the SCORM connection failed; this run stays in this browser", error);
}
