/**
 * The cmi5 runtime of an exported assignable unit (`rehearse export cmi5`),
 * bundled by the export into `lms/cmi5.js` and loaded by the player page
 * before the player. `@xapi/cmi5` reads the launch parameters (endpoint,
 * fetch, actor, registration, activityId) and talks to the LRS (the
 * LMS.LaunchData state, statements); this script fetches the auth token from
 * the `fetch` URL once, and on every step the player reports (`rehearse:run`)
 * sends what engine/xapi.ts builds from the run: initialized, one answered
 * statement per decision, completed (with the debrief's score) at the ending,
 * and terminated at the ending or when the trainee leaves before it.
 *
 * Each launch starts a fresh run (the LMS keeps the results; cmi5 asks for no
 * resume). Without cmi5 launch parameters (the page opened outside an LMS) it
 * does nothing and the player keeps its runs in this browser, as on the site.
 */
import Cmi5 from "@xapi/cmi5";
import type { Analysis } from "../../engine/analyze.ts";
import { LMS_NOTE, lmsResult } from "../../engine/lms.ts";
import type { Scenario } from "../../engine/model.ts";
import type { RunRecord } from "../../engine/record.ts";
import {
  CMI5_STATUS,
  type Cmi5Launch,
  type Cmi5Progress,
  cmi5Statements,
  launchDataOf,
  START,
  type XapiAgent,
  type XapiStatement,
} from "../../engine/xapi.ts";
import { wholeScenario } from "./whole-scenario.ts";

/** A state document (per registration) where the AU keeps what it reported, so completed is sent once per registration. */
const PROGRESS_STATE = "https://rehearse.invalid/xapi/state/progress";

type Saved = { completed?: unknown; passed?: unknown };

/** The run as the player last reported it (steps before the LRS is ready are sent once it is). */
let latest: RunRecord | undefined;
let onRun: ((record: RunRecord) => void) | undefined;

/** One status line under the scenario's heading, outside the player (which re-renders its own tree). */
function status(text: string | null, back?: string) {
  let line = document.getElementById("lms-status");
  if (text === null) {
    line?.remove();
    return;
  }
  if (!line) {
    line = document.createElement("p");
    line.id = "lms-status";
    line.className = "notice";
    line.setAttribute("role", "status");
    const head = document.querySelector(".scenario-head");
    if (head) head.after(line);
    else document.querySelector("main")?.prepend(line);
  }
  line.textContent = `${text} `;
  if (back) {
    const link = document.createElement("a");
    link.href = back;
    link.textContent = "Back to your course";
    line.append(link);
  }
}

async function start(cmi5: Cmi5, scenario: Scenario, analysis: Analysis, wholeHref: unknown) {
  const params = cmi5.getLaunchParameters();
  // The fetch URL answers one POST with the session's token (cmi5 8.2); the library then uses it for every call.
  const response = await fetch(params.fetch, { method: "POST" });
  if (!response.ok) throw new Error(`the LMS's fetch URL answered ${response.status}`);
  const token = ((await response.json()) as { "auth-token"?: unknown })["auth-token"];
  if (typeof token !== "string") throw new Error("the LMS's fetch URL gave no auth-token");
  const initializedAt = new Date();
  await cmi5.initialize({ authToken: token, initializedDate: initializedAt });
  const xapi = cmi5.xapi;
  if (!xapi) throw new Error("no LRS connection");
  const launchData = launchDataOf(cmi5.getLaunchData());
  const launch: Cmi5Launch = {
    actor: params.actor as unknown as XapiAgent,
    registration: params.registration,
    activityId: params.activityId,
    ...launchData,
    lang: document.documentElement.lang || "en",
  };
  const state = { agent: params.actor, activityId: params.activityId, registration: params.registration };
  let saved: Saved = {};
  try {
    saved = ((await xapi.getState({ ...state, stateId: PROGRESS_STATE })).data ?? {}) as Saved;
  } catch {
    // 404: nothing reported in this registration yet.
  }
  let progress: Cmi5Progress = { ...START, completed: saved.completed === true, passed: saved.passed === true };
  let queue: Promise<unknown> = Promise.resolve();
  scenario = await wholeScenario(wholeHref, scenario);

  /** Statements not yet taken by the LRS, oldest first: sent again with the next ones (the same ids, so never twice). */
  const pending: XapiStatement[] = [];
  /** What the AU's state document holds. */
  let kept = { completed: progress.completed, passed: progress.passed };
  let failed = false;
  const flush = async () => {
    while (pending.length > 0) {
      await cmi5.sendXapiStatement(pending[0] as never);
      pending.shift();
    }
    if (progress.completed !== kept.completed || progress.passed !== kept.passed) {
      const next = { completed: progress.completed, passed: progress.passed };
      await xapi.setState({ ...state, stateId: PROGRESS_STATE, state: next });
      kept = next;
    }
  };
  const step = (terminate: boolean) => {
    const out = cmi5Statements(
      launch,
      scenario,
      progress,
      latest ? lmsResult(scenario, analysis, latest) : null,
      { id: () => crypto.randomUUID(), now: new Date(), initializedAt },
      terminate,
    );
    progress = out.progress;
    pending.push(...out.statements);
    if (pending.length === 0) return;
    queue = queue
      .then(flush)
      .then(() => {
        if (progress.terminated)
          status(launch.launchMode === "Normal" ? CMI5_STATUS.sent : CMI5_STATUS.preview, launchData.returnURL);
        else if (failed) status(null);
        failed = false;
      })
      .catch((error: unknown) => {
        failed = true;
        status(CMI5_STATUS.failed);
        console.error("rehearse: the LRS did not take a statement; it is sent again at the next step", error);
      });
  };

  // The session ends with the run: completed (at an ending) and terminated together.
  onRun = (record) => step(record.ending !== null);
  step(latest?.ending != null);
  // Leaving before the ending: terminated, sent so that it survives the page going away.
  addEventListener("pagehide", () => {
    if (progress.terminated) return;
    const out = cmi5Statements(
      launch,
      scenario,
      progress,
      latest ? lmsResult(scenario, analysis, latest) : null,
      { id: () => crypto.randomUUID(), now: new Date(), initializedAt },
      true,
    );
    progress = out.progress;
    void fetch(`${params.endpoint.replace(/\/?$/, "/")}statements`, {
      method: "POST",
      keepalive: true,
      headers: {
        Authorization: `Basic ${token}`,
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json",
      },
      body: JSON.stringify([...pending, ...out.statements]),
    });
  });
}

const data = document.getElementById("player-data")?.textContent;
if (data && Cmi5.isCmiAvailable) {
  // Set before the player starts (this script runs first): a fresh run, and the note saying where choices go.
  (window as { rehearseLms?: unknown }).rehearseLms = { note: LMS_NOTE };
  const { scenario, analysis, wholeHref } = JSON.parse(data) as {
    scenario: Scenario;
    analysis: Analysis;
    wholeHref?: unknown;
  };
  addEventListener("rehearse:run", (event) => {
    const record = (event as CustomEvent<RunRecord>).detail;
    if (!record || record.scenario !== scenario.id) return;
    latest = record;
    onRun?.(record);
  });
  start(new Cmi5(), scenario, analysis, wholeHref).catch((error: unknown) => {
    status(CMI5_STATUS.failed);
    console.error("rehearse: the cmi5 launch failed; this run is not reported", error);
  });
} else if (data) console.warn("rehearse: no cmi5 launch parameters; this run stays in this browser.");
