/**
 * SCORM packages as an LMS runs them: a harness page on a loopback server
 * provides the SCORM API with scorm-again (the widely used SCORM runtime, not
 * code of ours) and launches the exported package (unzipped, under a deep
 * path as an LMS serves it) in a frame. The run is played by keyboard; the
 * values the package committed must be the engine's debrief of that run and
 * what the page itself shows; closing the frame and launching again (a new
 * API holding what the LMS kept) resumes the run where it was.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { dirname, join } from "node:path";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ScormVersion, scormPackage } from "../../cli/export/scorm.ts";
import { unzip, zip } from "../../cli/export/zip.ts";
import { analyzeScenario } from "../../engine/analyze.ts";
import { LMS_NOTE, lmsResult, parseResumeString } from "../../engine/lms.ts";
import { readCode, readScenario } from "../../engine/load.ts";
import type { Code } from "../../engine/model.ts";
import { debriefRun } from "../../engine/score.ts";
import { launch, playByKeyboard } from "./browser.ts";
import { serveStatic } from "./server.ts";

const ID = "the-empty-chair";
const code = readCode("scenarios/code.mdx").value as Code;
const scenario = readScenario(`scenarios/${ID}.mdx`, code).value;
if (!scenario) throw new Error(`${ID} does not compile`);
const analysis = analyzeScenario(scenario);

const ROOT = "test-results/scorm";
/** Where the package sits on the "LMS": deep, as Moodle's pluginfile.php/<context>/mod_scorm/content/<n>/ is. */
const PACKAGE_PATH = "/lms/pluginfile/42/mod_scorm/content/1";

const HARNESS = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LMS harness</title><link rel="icon" href="data:,">
<script src="scorm-again/scorm12.min.js"></script>
<script src="scorm-again/scorm2004.min.js"></script>
</head><body>
<iframe id="sco" title="course" style="width:1000px;height:900px"></iframe>
<script>
const params = new URLSearchParams(location.search);
const v12 = params.get("version") === "1.2";
window.commits = [];
window.finishes = 0;
/** What the LMS keeps between launches: the data model as it stood when the SCO finished. */
let kept = null;
/** Launches the SCO with a new API instance, as an LMS does on every launch, holding what it kept. */
window.launchSco = () => {
  const api = v12 ? new Scorm12API({ logLevel: 5 }) : new Scorm2004API({ logLevel: 5 });
  if (kept) api.loadFromJSON(kept);
  const snapshot = () => JSON.parse(JSON.stringify(api.renderCMIToJSONObject()));
  api.on(v12 ? "LMSCommit" : "Commit", () => window.commits.push(snapshot()));
  api.on(v12 ? "LMSFinish" : "Terminate", () => { kept = snapshot().cmi ?? snapshot(); window.finishes++; });
  window.api = api;
  window[v12 ? "API" : "API_1484_11"] = api;
  document.getElementById("sco").src = params.get("launch");
};
window.closeSco = () => { document.getElementById("sco").src = "about:blank"; };
window.launchSco();
</script></body></html>`;

let browser: Browser;
let server: Server;
let base: string;
const packages = new Map<ScormVersion, Map<string, Buffer>>();

beforeAll(async () => {
  rmSync(ROOT, { recursive: true, force: true });
  for (const version of ["1.2", "2004"] as const) {
    const files = await scormPackage("dist", scenario, analysis, code, version);
    // Through the zip writer and back, as an LMS unpacks the upload.
    const unpacked = unzip(zip([...files].map(([path, data]) => ({ path, data }))));
    packages.set(version, unpacked);
    for (const [path, data] of unpacked) {
      const file = join(ROOT, version, PACKAGE_PATH, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, data);
    }
    writeFileSync(join(ROOT, version, "harness.html"), HARNESS);
    mkdirSync(join(ROOT, version, "scorm-again"), { recursive: true });
    for (const name of ["scorm12.min.js", "scorm2004.min.js"])
      copyFileSync(join("node_modules/scorm-again/dist", name), join(ROOT, version, "scorm-again", name));
  }
  browser = await launch();
  ({ url: base, server } = await serveStatic(ROOT));
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
});

type Cmi = Record<string, unknown>;

async function open(version: ScormVersion) {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || /Content.Security.Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(e.message));
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  const launchUrl = `${PACKAGE_PATH}/scenarios/${ID}/index.html`;
  await page.goto(
    `${base}/${version}/harness.html?version=${version}&launch=${encodeURIComponent(`/${version}${launchUrl}`)}`,
  );
  const frame = await scoFrame(page);
  return { page, frame, problems, requests };
}

async function scoFrame(page: Page): Promise<Frame> {
  const handle = await page.locator("#sco").elementHandle();
  for (let i = 0; i < 100; i++) {
    const frame = await handle?.contentFrame();
    if (frame?.url().includes("/scenarios/")) {
      await frame.locator(".player[data-ready]").waitFor({ state: "attached" });
      return frame;
    }
    await page.waitForTimeout(50);
  }
  throw new Error("the SCO did not load");
}

/** Plays `count` decisions by keyboard (or to the ending; see browser.ts) in the SCO's frame. */
async function playInFrame(page: Page, frame: Frame, count?: number) {
  // Keys go to the focused frame: focus the player's heading (it takes focus by script, tabindex -1).
  await frame.locator("h2[tabindex='-1']").first().focus();
  await playByKeyboard(page, frame, count);
}

const lastCommit = async (page: Page): Promise<Cmi> => {
  const commits = (await page.evaluate("window.commits")) as Cmi[];
  const last = commits.at(-1);
  if (!last) throw new Error("nothing was committed");
  return (last.cmi ?? last) as Cmi;
};

/** A path into the nested data model: `core.score.raw`. */
const at = (cmi: Cmi, path: string): unknown =>
  path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], cmi);

/** `objectives` or `interactions` as a list (scorm-again renders them as an object keyed by index). */
const list = (value: unknown): Cmi[] =>
  Array.isArray(value)
    ? (value as Cmi[])
    : Object.keys((value as Cmi | undefined) ?? {})
        .filter((k) => /^\d+$/.test(k))
        .sort((a, b) => Number(a) - Number(b))
        .map((k) => (value as Record<string, Cmi>)[k] as Cmi);

/** The percentages the page's debrief shows, by principle name. */
async function shownPercents(frame: Frame): Promise<Record<string, number>> {
  const rows = await frame
    .locator(".scores > li")
    .evaluateAll((items) =>
      items.map((li) => [
        li.querySelector(".score-name")?.textContent?.trim() ?? "",
        (li.querySelector(".score-figures")?.textContent ?? "").match(/(\d+)%\s*$/)?.[1],
      ]),
    );
  return Object.fromEntries(rows.filter(([, p]) => p !== undefined).map(([n, p]) => [n, Number(p)]));
}
const nameOf = (id: string) => code.principles.find((p) => p.id === id)?.name ?? id;

describe("a SCORM package in an LMS (scorm-again)", () => {
  for (const version of ["1.2", "2004"] as const) {
    it(`SCORM ${version}: reports completion, the score and one objective per tested principle, as the engine's debrief of the run and the page show them`, async () => {
      const { page, frame, problems, requests } = await open(version);
      // The package says where the run goes, and the player says the same once it runs.
      await expect(frame.locator(".content-note").textContent()).resolves.toContain(LMS_NOTE);
      await expect(frame.locator(".site-footer").textContent()).resolves.toContain(LMS_NOTE);
      const start = await lastCommit(page);
      expect(at(start, version === "1.2" ? "core.lesson_status" : "completion_status")).toBe("incomplete");

      await playInFrame(page, frame);
      const cmi = await lastCommit(page);
      const run = parseResumeString(scenario, analysis, at(cmi, "suspend_data"));
      expect(run?.ending, "the suspend data holds the whole run").toBeTruthy();
      const steps = run?.steps ?? [];
      const debrief = debriefRun(scenario, analysis, steps);
      const tested = debrief.principles.filter((p) => p.tested);
      const mean = Math.round(tested.reduce((s, p) => s + (p.percent ?? 0), 0) / tested.length);

      if (version === "1.2") {
        expect(at(cmi, "core.lesson_status")).toBe("completed");
        expect(Number(at(cmi, "core.score.raw"))).toBe(mean);
        expect(Number(at(cmi, "core.score.min"))).toBe(0);
        expect(Number(at(cmi, "core.score.max"))).toBe(100);
      } else {
        expect(at(cmi, "completion_status")).toBe("completed");
        expect(Number(at(cmi, "score.scaled"))).toBeCloseTo(mean / 100, 5);
        expect(Number(at(cmi, "score.raw"))).toBe(mean);
      }
      const objectives = list(at(cmi, "objectives"));
      expect(objectives.map((o) => o.id)).toEqual(tested.map((p) => p.id));
      tested.forEach((p, i) => {
        const o = objectives[i] as Cmi;
        // 1.2: the percentage on 0–100 (1.2 scores cannot be negative); 2004: the total in its range, and scaled.
        const [raw, min, max] = version === "1.2" ? [p.percent, 0, 100] : [p.raw, p.min, p.max];
        expect(Number(at(o, "score.raw")), p.id).toBe(raw);
        expect(Number(at(o, "score.min")), p.id).toBe(min);
        expect(Number(at(o, "score.max")), p.id).toBe(max);
        if (version === "2004") expect(Number(at(o, "score.scaled")), p.id).toBeCloseTo((p.percent ?? 0) / 100, 5);
      });
      // The same figures the trainee reads in the debrief.
      expect(await shownPercents(frame)).toEqual(Object.fromEntries(tested.map((p) => [nameOf(p.id), p.percent])));
      // One interaction per decision: scene, choice id, the principles it moved.
      const interactions = list(at(cmi, "interactions"));
      const decisions = lmsResult(scenario, analysis, { steps }).decisions;
      expect(interactions.map((x) => x.id)).toEqual(decisions.map((d) => d.scene));
      expect(interactions.map((x) => list(x.objectives).map((o) => o.id))).toEqual(
        decisions.map((d) => Object.keys(d.changes)),
      );
      if (version === "2004")
        expect(interactions.map((x) => x.learner_response)).toEqual(decisions.map((d) => d.choice));

      // Leaving at the ending closes the attempt: exit is not "suspend".
      await page.evaluate("window.closeSco()");
      await expect.poll(() => page.evaluate("window.finishes")).toBe(1);
      const final = await lastCommit(page);
      expect(at(final, version === "1.2" ? "core.exit" : "exit")).toBe(version === "1.2" ? "" : "normal");
      // The time this session took, in the version's own format.
      expect(at(final, version === "1.2" ? "core.session_time" : "session_time")).toMatch(
        version === "1.2" ? /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/ : /^PT\d+H\d+M\d+(\.\d+)?S$/,
      );
      expect(at(final, version === "1.2" ? "core.session_time" : "session_time")).not.toMatch(
        /^(0000:00:00\.00|00:00:00|PT0H0M0(\.0+)?S)$/,
      );

      // Nothing outside the package was asked for (no site URL left absolute), and the CSP was kept.
      const outside = requests.filter(
        (u) =>
          !u.startsWith(`${base}/${version}${PACKAGE_PATH}/`) &&
          !u.startsWith(`${base}/${version}/harness.html`) &&
          !u.startsWith(`${base}/${version}/scorm-again/`) &&
          u !== "about:blank",
      );
      expect(outside).toEqual([]);
      expect(problems).toEqual([]);
      expect(packages.get(version)?.get(`scenarios/${ID}/index.html`)?.toString()).toMatch(
        /<meta http-equiv="content-security-policy" content="default-src 'self';/,
      );
      await page.close();
    });

    it(`SCORM ${version}: a run left half way resumes where it was when the LMS launches the package again`, async () => {
      const { page, frame, problems } = await open(version);
      await playInFrame(page, frame, 3);
      const before = parseResumeString(scenario, analysis, at(await lastCommit(page), "suspend_data"));
      expect(before?.steps).toHaveLength(3);
      await page.evaluate("window.closeSco()");
      await expect.poll(() => page.evaluate("window.finishes")).toBe(1);
      const closed = await lastCommit(page);
      expect(at(closed, version === "1.2" ? "core.exit" : "exit")).toBe("suspend");
      expect(at(closed, version === "1.2" ? "core.lesson_status" : "completion_status")).toBe("incomplete");

      // Another device, as far as this browser's own saved runs go: the run can only come from the LMS.
      await page.evaluate("localStorage.clear()");
      await page.evaluate("window.launchSco()");
      const again = await scoFrame(page);
      await again.locator(".player[data-phase='deciding']").waitFor();
      await expect(again.locator(".step-count").textContent()).resolves.toBe("Decision 4");
      // The options are in the run's own order again (its seed came back with it).
      const scene = scenario.scenes.find((s) => s.id === before?.steps.at(-1)?.to);
      expect(await again.locator("h2#scene-title").textContent()).toBe(scene?.title ?? scene?.id);
      await playInFrame(page, again);
      const after = parseResumeString(scenario, analysis, at(await lastCommit(page), "suspend_data"));
      expect(after?.steps.slice(0, 3)).toEqual(before?.steps);
      expect(after?.ending).toBeTruthy();
      expect(at(await lastCommit(page), version === "1.2" ? "core.lesson_status" : "completion_status")).toBe(
        "completed",
      );
      expect(problems).toEqual([]);
      await page.close();
    });
  }
});
