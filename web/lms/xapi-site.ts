/**
 * The site's own xAPI statements, for a group whose rehearse.config.json
 * names an LRS (`lrs`): loaded on a player page only when the page carries
 * that LRS (`#lrs-config`). Nothing is sent until the trainee turns sharing
 * on in the box this script puts under the scenario's heading; the choice is
 * kept in this browser (`rehearse:lrs-consent`) and can be turned off at any
 * time. Then every step the player reports (`rehearse:run`) sends what
 * engine/xapi.ts's `siteStatements` builds: an answered statement per
 * decision and completed at the ending (the same statements, numbers and
 * extensions as a cmi5 AU, as plain xAPI), as a pseudonymous agent: an
 * account on this site named by a random code made for this browser
 * (`rehearse:lrs-id`; "Clear my data" forgets it with everything else).
 * What was sent is kept per run (`rehearse:lrs-sent`), so a reload sends
 * nothing twice; a send that fails is tried again at the next step.
 * Inside an LMS package (`window.rehearseLms`) it does nothing: the package
 * reports to its platform.
 */
import type { Analysis } from "../../engine/analyze.ts";
import { lmsResult } from "../../engine/lms.ts";
import type { Scenario } from "../../engine/model.ts";
import { runKey } from "../../engine/progress.ts";
import { parseRunRecord, type RunRecord } from "../../engine/record.ts";
import { type Cmi5Progress, runRegistration, START, siteStatements, type XapiAgent } from "../../engine/xapi.ts";
import { wholeScenario } from "./whole-scenario.ts";

export const CONSENT_KEY = "rehearse:lrs-consent";
export const ID_KEY = "rehearse:lrs-id";
export const SENT_KEY = "rehearse:lrs-sent";

type Config = { readonly endpoint: string; readonly auth?: string; readonly group?: string };

const storage = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string | null) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch {
      // Storage full or blocked: sharing works for this page only.
    }
  },
};

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  attributes: Record<string, string> = {},
) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  return el;
}

/** The box under the scenario's heading: what sharing means, the switch, and how the last send went. */
function consentBox(config: Config, on: boolean, onChange: (on: boolean) => void) {
  const host = new URL(config.endpoint).host;
  const who = config.group ?? "The people who run this training";
  const box = element("section", undefined, {
    id: "lrs-consent",
    class: "notice",
    "aria-labelledby": "lrs-consent-title",
  });
  box.append(
    element("h2", "Sharing your results", { id: "lrs-consent-title" }),
    element(
      "p",
      `${who} collect training results in a learning record store (${host}) to see how the training works. Nothing is sent unless you turn this on.`,
    ),
  );
  const label = element("label");
  const toggle = element("input", undefined, { type: "checkbox", id: "lrs-consent-switch" });
  toggle.checked = on;
  toggle.addEventListener("change", () => onChange(toggle.checked));
  label.append(toggle, " Send my choices and results from this browser");
  const switchLine = element("p");
  switchLine.append(label);
  box.append(
    switchLine,
    element(
      "p",
      "What is sent: each choice you make in a scenario and what it scored, and your result when you reach an ending, under a random code made for this browser, not your name or anything you type. You can turn this off at any time; “Clear my data” on Your progress forgets the code.",
      { class: "notice-detail" },
    ),
    element("p", "", { id: "lrs-status", role: "status", class: "notice-detail" }),
  );
  const head = document.querySelector(".scenario-head");
  if (head) head.after(box);
  else document.querySelector("main")?.prepend(box);
  return (text: string) => {
    const line = document.getElementById("lrs-status");
    if (line) line.textContent = text;
  };
}

/** A random code for this browser, made once. */
function browserId(): string {
  let id = storage.get(ID_KEY);
  if (!id || !/^[0-9a-f-]{36}$/.test(id)) {
    id = crypto.randomUUID();
    storage.set(ID_KEY, id);
  }
  return id;
}

function start(config: Config, data: { scenario: Scenario; analysis: Analysis; wholeHref?: unknown }) {
  const { analysis } = data;
  let scenario = data.scenario;
  const whole = wholeScenario(data.wholeHref, scenario).then((s) => {
    scenario = s;
  });
  let consent = storage.get(CONSENT_KEY) === "yes";
  let latest: RunRecord | undefined;
  let queue: Promise<void> = Promise.resolve();

  const report = () => {
    // Before the player's first step event: the run this browser saved for the scenario.
    if (!latest) {
      const saved = parseRunRecord(storage.get(runKey(scenario.id)) ?? "");
      if (saved.ok && saved.record.scenario === scenario.id) latest = saved.record;
    }
    const run = latest;
    if (!consent || !run || run.steps.length === 0) return;
    queue = queue.then(async () => {
      await whole;
      const registration = runRegistration(run);
      let progress: Cmi5Progress = START;
      try {
        const saved = JSON.parse(storage.get(SENT_KEY) ?? "null") as { registration?: string; progress?: Cmi5Progress };
        if (saved?.registration === registration && saved.progress) progress = { ...START, ...saved.progress };
      } catch {
        // Damaged: start this run's record of what was sent again.
      }
      const actor: XapiAgent = { objectType: "Agent", account: { homePage: location.origin, name: browserId() } };
      const out = siteStatements(
        {
          actor,
          registration,
          activityId: `${location.origin}${location.pathname}`,
          lang: document.documentElement.lang || "en",
        },
        scenario,
        progress,
        lmsResult(scenario, analysis, run),
        { id: () => crypto.randomUUID(), now: new Date(), initializedAt: new Date(run.startedAt) },
      );
      if (out.statements.length === 0) return;
      try {
        const response = await fetch(`${config.endpoint}statements`, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "X-Experience-API-Version": "1.0.3",
            ...(config.auth ? { Authorization: config.auth } : {}),
          },
          body: JSON.stringify(out.statements),
        });
        if (!response.ok) throw new Error(`the record store answered ${response.status}`);
        storage.set(SENT_KEY, JSON.stringify({ registration, progress: out.progress }));
        status(
          out.progress.concluded
            ? "Your result in this scenario has been sent."
            : "Your choices in this scenario so far have been sent.",
        );
      } catch (error) {
        status(
          "The record store could not be reached just now. Your choices stay here and are sent at your next step.",
        );
        console.error("rehearse: the record store did not take the statements", error);
      }
    });
  };

  const status = consentBox(config, consent, (on) => {
    consent = on;
    storage.set(CONSENT_KEY, on ? "yes" : null);
    if (on) report();
    else status("Sharing is off: nothing more is sent from this browser.");
  });
  addEventListener("rehearse:run", (event) => {
    const record = (event as CustomEvent<RunRecord>).detail;
    if (!record || record.scenario !== scenario.id) return;
    latest = record;
    report();
  });
}

const configText = document.getElementById("lrs-config")?.textContent;
const dataText = document.getElementById("player-data")?.textContent;
if (configText && dataText && !(window as { rehearseLms?: unknown }).rehearseLms) {
  try {
    start(JSON.parse(configText) as Config, JSON.parse(dataText));
  } catch (error) {
    console.error("rehearse: sharing with the record store could not start", error);
  }
}
