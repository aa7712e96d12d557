/**
 * A cmi5 course as an LMS runs it: the exported package (through the zip
 * writer and back) is served from one loopback origin, and a test LMS/LRS on
 * another answers what the AU asks for (the fetch URL's auth token, the
 * LMS.LaunchData state, the learner preferences profile, the AU's own state,
 * statements). Chromium opens an AU's launch URL with the cmi5 query string
 * and plays the run by keyboard. Every statement the LRS received is checked
 * with an independent xAPI validator (xapi-validation, Learning Locker's), and
 * its numbers must be the engine's debrief of the run the player reported.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import validate from "xapi-validation";
import { auId, cmi5Package } from "../../cli/export/cmi5.ts";
import { unzip, zip } from "../../cli/export/zip.ts";
import { analyzeScenario } from "../../engine/analyze.ts";
import { LMS_NOTE, lmsResult } from "../../engine/lms.ts";
import { readCode, readScenario } from "../../engine/load.ts";
import type { Code, Scenario } from "../../engine/model.ts";
import type { RunRecord } from "../../engine/record.ts";
import { debriefRun } from "../../engine/score.ts";
import {
  CMI5_CATEGORY,
  CMI5_STATUS,
  ENDING,
  MOVEON_CATEGORY,
  PRINCIPLE_CHANGES,
  PRINCIPLE_RESULTS,
  runRegistration,
  SESSION_ID,
  VERBS,
  type XapiStatement,
} from "../../engine/xapi.ts";
import { axe, launch, playByKeyboard } from "./browser.ts";
import { serveStatic } from "./server.ts";

const ID = "the-empty-chair";
const code = readCode("scenarios/code.mdx").value as Code;
const scenario = readScenario(`scenarios/${ID}.mdx`, code).value as Scenario;
if (!scenario) throw new Error(`${ID} does not compile`);
const analysis = analyzeScenario(scenario);
const ROOT = "test-results/cmi5";
/** Where the LMS serves the course, deep as LMSs do. */
const COURSE_PATH = "/lms/course/7/content";

const TOKEN = Buffer.from("au-session:not-a-real-secret").toString("base64");
const REGISTRATION = "5d2c4c8e-52a3-4ab6-9f0c-0a8f1f3f4c11";
const SESSION = "0c1b5e8a-4a3d-4a57-9d8f-3f0a6d5b2e77";
const ACTOR = { objectType: "Agent", name: "Trainee", account: { homePage: "https://lms.example.org", name: "t-17" } };
const COURSE = "https://lms.example.org/course/7";

/** What the test LRS saw: every request (method, path, auth) and every statement, in order. */
type Seen = { method: string; path: string; auth: string | undefined; stateId: string | null };
const lrs = {
  seen: [] as Seen[],
  statements: [] as XapiStatement[],
  state: new Map<string, string>(),
  fetches: 0,
  launchData: {} as Record<string, unknown>,
  /** How many of the next statement requests to refuse with 503 (an LRS briefly down). */
  refuse: 0,
};

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The test LMS/LRS: loopback only, answering what an AU needs and nothing else. */
function lrsServer(allowOrigin: () => string): Server {
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const cors = {
      "access-control-allow-origin": allowOrigin(),
      "access-control-allow-headers": "Authorization, Content-Type, X-Experience-API-Version",
      "access-control-allow-methods": "GET, PUT, POST, OPTIONS",
    };
    if (req.method === "OPTIONS") return void res.writeHead(204, cors).end();
    const auth = req.headers.authorization;
    lrs.seen.push({ method: req.method ?? "", path: url.pathname, auth, stateId: url.searchParams.get("stateId") });
    const json = (status: number, value?: unknown) =>
      res
        .writeHead(status, { ...cors, "content-type": "application/json", "x-experience-api-version": "1.0.3" })
        .end(value === undefined ? undefined : JSON.stringify(value));
    try {
      if (url.pathname === "/lms/fetch" && req.method === "POST") {
        lrs.fetches++;
        // cmi5 8.2.3: the token is given once; later calls get an error.
        return lrs.fetches === 1
          ? json(200, { "auth-token": TOKEN })
          : json(200, { "error-code": "1", "error-text": "already in use" });
      }
      if (!url.pathname.startsWith("/xapi/")) return json(404);
      if (auth !== `Basic ${TOKEN}` || req.headers["x-experience-api-version"] !== "1.0.3") return json(401);
      const stateKey = `${url.searchParams.get("activityId")}|${url.searchParams.get("registration")}|${url.searchParams.get("stateId")}`;
      if (url.pathname === "/xapi/activities/state" && req.method === "GET") {
        if (url.searchParams.get("stateId") === "LMS.LaunchData") return json(200, lrs.launchData);
        const kept = lrs.state.get(stateKey);
        return kept === undefined ? json(404) : json(200, JSON.parse(kept));
      }
      if (url.pathname === "/xapi/activities/state" && req.method === "PUT") {
        lrs.state.set(stateKey, await body(req));
        return json(204);
      }
      if (url.pathname === "/xapi/agents/profile" && req.method === "GET") return json(404);
      if (url.pathname === "/xapi/statements" && req.method === "POST" && lrs.refuse > 0) {
        lrs.refuse--;
        return json(503);
      }
      if (url.pathname === "/xapi/statements" && req.method === "POST") {
        const sent = JSON.parse(await body(req)) as XapiStatement | XapiStatement[];
        const list = Array.isArray(sent) ? sent : [sent];
        lrs.statements.push(...list);
        return json(
          200,
          list.map((s) => s.id),
        );
      }
      return json(404);
    } catch {
      return json(400);
    }
  });
}

let browser: Browser;
let site: Server;
let lrsHttp: Server;
let siteBase: string;
let lrsBase: string;
let files: Map<string, Buffer>;
/** The origin the test LRS allows (CORS): the course's, or the site's in the last describe. */
let siteOriginForLrs = "";

beforeAll(async () => {
  rmSync(ROOT, { recursive: true, force: true });
  lrsHttp = lrsServer(() => siteOriginForLrs);
  await new Promise<void>((done) => lrsHttp.listen(0, "127.0.0.1", done));
  lrsBase = `http://127.0.0.1:${(lrsHttp.address() as AddressInfo).port}`;
  // The AU may reach the test LRS's origin only (as `--lrs` sets it).
  const built = await cmi5Package({ scenarios: [{ scenario, analysis }], site: "dist" }, scenario.title, [lrsBase]);
  files = unzip(zip([...built].map(([path, data]) => ({ path, data }))));
  for (const [path, data] of files) {
    const file = join(ROOT, COURSE_PATH, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
  }
  ({ url: siteBase, server: site } = await serveStatic(ROOT));
  siteOriginForLrs = siteBase;
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  for (const server of [site, lrsHttp])
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
});

/** The AU's launch URL, with the query string an LMS adds (cmi5 8.1). */
function launchUrl(fetchPath = "/lms/fetch"): string {
  const au = /<au id="([^"]+)"[\s\S]*?<url>([^<]+)<\/url>/.exec(files.get("cmi5.xml")?.toString() ?? "");
  if (!au) throw new Error("cmi5.xml names no AU");
  const query = new URLSearchParams({
    endpoint: `${lrsBase}/xapi/`,
    fetch: `${lrsBase}${fetchPath}`,
    actor: JSON.stringify(ACTOR),
    registration: REGISTRATION,
    activityId: au[1] as string,
  });
  return `${siteBase}${COURSE_PATH}/${au[2]}?${query}`;
}

/** Plays by keyboard to the debrief (see browser.ts), with keys going to the page, not to the sharing switch. */
async function playToDebrief(page: Page) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await playByKeyboard(page);
}

const verb = (s: XapiStatement) => s.verb.id.split("/").pop();
const categories = (s: XapiStatement) => (s.context.contextActivities?.category ?? []).map((c) => c.id);

describe("a cmi5 AU launched by an LMS", () => {
  it("sends initialized, an answered statement per decision, completed and terminated: valid xAPI, the debrief's numbers", async () => {
    lrs.launchData = {
      contextTemplate: {
        contextActivities: { grouping: [{ objectType: "Activity", id: COURSE }] },
        extensions: { [SESSION_ID]: SESSION },
      },
      launchMode: "Normal",
      moveOn: "Completed",
      returnURL: "https://lms.example.org/course/7",
    };
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || /Content.Security.Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    const missing: string[] = [];
    page.on("response", (r) => {
      if (r.status() === 404) missing.push(new URL(r.url()).searchParams.get("stateId") ?? new URL(r.url()).pathname);
    });
    // The run as the player reports it at every step (the same event the AU listens to).
    await page.addInitScript(() => {
      addEventListener("rehearse:run", (e) => {
        (window as unknown as { lastRun: unknown }).lastRun = (e as CustomEvent).detail;
      });
    });
    await page.goto(launchUrl());
    await page.locator(".player[data-ready]").waitFor({ state: "attached" });
    await expect(page.locator(".content-note").textContent()).resolves.toContain(LMS_NOTE);
    await expect.poll(() => lrs.statements.map(verb)).toEqual(["initialized"]);

    await playToDebrief(page);
    await expect.poll(() => lrs.statements.at(-1)?.verb.id, { timeout: 10_000 }).toBe(VERBS.terminated);
    // The trainee is told the result went to the course, with the way back the LMS gave.
    const line = page.locator("#lms-status");
    await expect.poll(() => line.textContent()).toBe(`${CMI5_STATUS.sent} Back to your course`);
    expect(await line.getAttribute("role")).toBe("status");
    expect(await line.locator("a").getAttribute("href")).toBe("https://lms.example.org/course/7");
    expect(await axe(page)).toEqual([]);
    const run = (await page.evaluate("window.lastRun")) as RunRecord;
    expect(run.ending).toBeTruthy();
    const steps = run.steps;
    const statements = lrs.statements;
    expect(statements.map(verb)).toEqual(["initialized", ...steps.map(() => "answered"), "completed", "terminated"]);

    // Every statement is valid xAPI (an independent validator), with the launch's actor, registration and session.
    for (const s of statements) {
      expect(validate(s), `${verb(s)}: ${JSON.stringify(s)}`).toEqual([]);
      expect(s.actor).toEqual(ACTOR);
      expect(s.context.registration).toBe(REGISTRATION);
      expect(s.context.extensions?.[SESSION_ID]).toBe(SESSION);
      expect(s.context.contextActivities?.grouping?.map((g) => g.id)).toEqual([COURSE]);
      expect(new Set(statements.map((x) => x.id)).size).toBe(statements.length);
    }
    const defined = statements.filter((s) => verb(s) !== "answered");
    for (const s of defined) {
      expect(s.object.id).toBe(auId(scenario));
      expect(categories(s)).toContain(CMI5_CATEGORY);
    }

    // Numbers: the engine's debrief of the run the player reported.
    const debrief = debriefRun(scenario, analysis, steps);
    const answered = statements.filter((s) => verb(s) === "answered");
    answered.forEach((s, i) => {
      const step = steps[i] as RunRecord["steps"][number];
      const decision = debrief.decisions[i];
      expect(s.object.id).toBe(`${auId(scenario)}/scene/${step.scene}`);
      expect(decision?.scene).toBe(step.scene);
      expect(s.result?.response).toBe(step.choice);
      expect(s.object.definition?.choices?.map((c) => c.id)).toEqual(
        scenario.scenes.find((x) => x.id === step.scene)?.choices.map((c) => c.id),
      );
      // Every option has its words (the AU read the whole scenario, not only the first scene's prose).
      for (const c of s.object.definition?.choices ?? []) expect(c.description?.en?.length).toBeGreaterThan(0);
      const moved = Object.fromEntries(Object.entries(step.scores).filter(([, v]) => v !== 0));
      expect(s.result?.extensions?.[PRINCIPLE_CHANGES]).toEqual(moved);
      expect(categories(s)).not.toContain(CMI5_CATEGORY);
    });
    const completed = statements.find((s) => verb(s) === "completed") as XapiStatement;
    const tested = debrief.principles.filter((p) => p.tested);
    const mean = Math.round(tested.reduce((a, p) => a + (p.percent ?? 0), 0) / tested.length);
    expect(completed.result?.completion).toBe(true);
    expect(completed.result?.score).toEqual({ scaled: mean / 100, raw: mean, min: 0, max: 100 });
    expect(completed.result?.score).toEqual(lmsResult(scenario, analysis, run).score);
    expect(completed.result?.extensions?.[PRINCIPLE_RESULTS]).toEqual(
      Object.fromEntries(tested.map((p) => [p.id, { raw: p.raw, min: p.min, max: p.max, percent: p.percent }])),
    );
    expect(completed.result?.extensions?.[ENDING]).toEqual({ id: debrief.ending?.id, tone: debrief.ending?.tone });
    expect(categories(completed)).toEqual([CMI5_CATEGORY, MOVEON_CATEGORY]);
    expect(completed.result?.duration).toMatch(/^PT(\d+H)?(\d+M)?[\d.]+S$/);
    expect(statements.some((s) => verb(s) === "passed" || verb(s) === "failed")).toBe(false);

    // The LMS's side: one token fetch, the launch data read, every xAPI call authorised; the AU kept "completed" in its state.
    expect(lrs.fetches).toBe(1);
    expect(lrs.seen.some((r) => r.stateId === "LMS.LaunchData")).toBe(true);
    expect([...lrs.state.values()].map((v) => JSON.parse(v))).toEqual([{ completed: true, passed: false }]);
    // Only the package's origin and the LRS were asked for anything, and the CSP let the LRS through and nothing else.
    expect(requests.filter((u) => !u.startsWith(`${siteBase}${COURSE_PATH}/`) && !u.startsWith(`${lrsBase}/`))).toEqual(
      [],
    );
    const elsewhere = await page.evaluate(() =>
      fetch("http://127.0.0.2:9/").then(
        () => "reached",
        () => "blocked",
      ),
    );
    expect(elsewhere).toBe("blocked");
    // What an LRS answers 404 for, as xAPI says: no learner preferences, and no state of the AU's own yet.
    expect(missing.sort()).toEqual(["/xapi/agents/profile", "https://rehearse.invalid/xapi/state/progress"]);
    expect(problems.filter((p) => !p.includes("127.0.0.2") && !p.includes("status of 404"))).toEqual([]);
    await context.close();
  });

  it("a second launch in the same registration sends no second completed (cmi5 9.3.3), and passed once the LMS sets a mastery score", async () => {
    lrs.statements = [];
    lrs.fetches = 0;
    lrs.launchData = { ...lrs.launchData, masteryScore: 0 };
    const page = await browser.newPage();
    await page.goto(launchUrl());
    await page.locator(".player[data-ready]").waitFor({ state: "attached" });
    await playToDebrief(page);
    await expect.poll(() => lrs.statements.at(-1)?.verb.id, { timeout: 10_000 }).toBe(VERBS.terminated);
    const verbs = lrs.statements.map(verb);
    expect(verbs).not.toContain("completed");
    expect(verbs.filter((v) => v === "passed")).toHaveLength(1);
    const passed = lrs.statements.find((s) => verb(s) === "passed") as XapiStatement;
    expect(passed.result?.success).toBe(true);
    expect(passed.context.extensions?.["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"]).toBe(0);
    for (const s of lrs.statements) expect(validate(s)).toEqual([]);
    await page.close();
  });

  it("rehearse export cmi5 writes one course zip: cmi5.xml (well-formed to the browser's XML parser) and every AU's page, CSP and runtime", async () => {
    const out = join(ROOT, "cli-out");
    const ids = [ID, "what-stays-in-the-circle"];
    const r = spawnSync(
      process.execPath,
      ["bin/rehearse.js", "export", "cmi5", ...ids, "--site", "dist", "--out", out, "--lrs", "https://lrs.example.org"],
      { encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } },
    );
    // The bundled support page still has its placeholders, which export warns about; nothing else.
    expect(
      r.stderr.split("\n").filter((l) => l !== "" && !l.startsWith("rehearse: warning: scenarios/support.mdx")),
      r.stderr,
    ).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /rehearse-cmi5\.zip {2}cmi5, 2 AUs, \d+ files, \d+ KB; connects to https:\/\/lrs\.example\.org\n$/,
    );
    const zipped = unzip(readFileSync(join(out, "rehearse-cmi5.zip")));
    const xml = zipped.get("cmi5.xml")?.toString() ?? "";
    const page = await browser.newPage();
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, "application/xml");
      const ns = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";
      return {
        error: doc.getElementsByTagName("parsererror").length > 0,
        root: doc.documentElement.namespaceURI === ns ? doc.documentElement.localName : null,
        aus: [...doc.getElementsByTagNameNS(ns, "au")].map((au) => ({
          id: au.getAttribute("id"),
          url: au.getElementsByTagNameNS(ns, "url")[0]?.textContent,
        })),
      };
    }, xml);
    await page.close();
    expect(parsed.error).toBe(false);
    expect(parsed.root).toBe("courseStructure");
    expect(parsed.aus.map((a) => a.id)).toEqual(ids.map((id) => auId({ id })));
    for (const au of parsed.aus) {
      const html = zipped.get(au.url ?? "")?.toString() ?? "";
      expect(html, `${au.url} is in the zip`).toContain('id="player-data"');
      expect(html).toContain("connect-src 'self' https://lrs.example.org;");
      expect(html).toContain('<script type="module" src="../../lms/cmi5.js"></script>');
    }
    expect(zipped.get("lms/cmi5.js")?.toString()).toContain("rehearse:run");
    expect(zipped.has(`scenarios/${ID}/script/index.html`)).toBe(true);
    // --without-script leaves the script pages (every choice's scores, the facilitator notes) out.
    const bare = spawnSync(
      process.execPath,
      ["bin/rehearse.js", "export", "cmi5", ID, "--site", "dist", "--out", out, "--without-script"],
      { encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } },
    );
    expect(bare.status, bare.stderr).toBe(0);
    const bareZip = unzip(readFileSync(join(out, `${ID}-cmi5.zip`)));
    expect([...bareZip.keys()].filter((p) => p.includes("/script/"))).toEqual([]);
    expect(bareZip.has(`scenarios/${ID}/index.html`)).toBe(true);
  });

  it("says so when the course cannot be reached, and the run can still be played", async () => {
    lrs.statements = [];
    const page = await browser.newPage();
    await page.goto(launchUrl("/lms/no-such-fetch-url"));
    await page.locator(".player[data-ready]").waitFor({ state: "attached" });
    await expect.poll(() => page.locator("#lms-status").textContent()).toBe(`${CMI5_STATUS.failed} `);
    await page.locator("h1").click();
    await page.keyboard.press("1");
    await page.locator(".player[data-phase='feedback']").waitFor();
    expect(lrs.statements).toEqual([]);
    await page.close();
  });

  it("in Browse mode: the decisions and terminated, no completed, and the page says no result is recorded", async () => {
    lrs.statements = [];
    lrs.fetches = 0;
    lrs.state.clear();
    const normal = lrs.launchData;
    lrs.launchData = { ...normal, launchMode: "Browse", masteryScore: undefined };
    const page = await browser.newPage();
    await page.goto(launchUrl());
    await page.locator(".player[data-ready]").waitFor({ state: "attached" });
    await playToDebrief(page);
    await expect.poll(() => lrs.statements.at(-1)?.verb.id, { timeout: 10_000 }).toBe(VERBS.terminated);
    const verbs = lrs.statements.map(verb);
    expect(verbs.filter((v) => v !== "answered")).toEqual(["initialized", "terminated"]);
    await expect.poll(() => page.locator("#lms-status").textContent()).toContain(CMI5_STATUS.preview);
    lrs.launchData = normal;
    await page.close();
  });

  it("a statement the LRS refuses is sent again at the next step, once, in order; the page says so meanwhile", async () => {
    lrs.statements = [];
    lrs.fetches = 0;
    lrs.state.clear();
    lrs.launchData = { ...lrs.launchData, launchMode: "Normal", masteryScore: undefined };
    const page = await browser.newPage();
    await page.addInitScript(() => {
      addEventListener("rehearse:run", (e) => {
        (window as unknown as { lastRun: unknown }).lastRun = (e as CustomEvent).detail;
      });
    });
    await page.goto(launchUrl());
    await page.locator(".player[data-ready]").waitFor({ state: "attached" });
    await expect.poll(() => lrs.statements.map(verb)).toEqual(["initialized"]);
    lrs.refuse = 1;
    await page.locator("h1").click();
    await page.keyboard.press("1");
    await page.locator(".player[data-phase='feedback']").waitFor();
    await expect.poll(() => page.locator("#lms-status").textContent()).toBe(`${CMI5_STATUS.failed} `);
    expect(lrs.statements.map(verb)).toEqual(["initialized"]);
    await page.keyboard.press("Enter");
    await page.locator(".player[data-phase='deciding']").waitFor();
    await page.keyboard.press("1");
    await expect.poll(() => lrs.statements.map(verb)).toEqual(["initialized", "answered", "answered"]);
    await expect.poll(() => page.locator("#lms-status").count()).toBe(0);
    await playToDebrief(page);
    await expect.poll(() => lrs.statements.at(-1)?.verb.id, { timeout: 10_000 }).toBe(VERBS.terminated);
    const run = (await page.evaluate("window.lastRun")) as RunRecord;
    const statements = lrs.statements;
    expect(new Set(statements.map((s) => s.id)).size).toBe(statements.length);
    expect(statements.filter((s) => verb(s) === "answered").map((s) => s.result?.response)).toEqual(
      run.steps.map((s) => s.choice),
    );
    expect(statements.map(verb).filter((v) => v !== "answered")).toEqual(["initialized", "completed", "terminated"]);
    await page.close();
  });

  it("a trainee who leaves before the ending: the decisions so far, then terminated as the page goes away, and no completed", async () => {
    lrs.statements = [];
    lrs.fetches = 0;
    lrs.state.clear();
    const page = await browser.newPage();
    await page.goto(launchUrl());
    await page.locator(".player[data-ready]").waitFor({ state: "attached" });
    await page.locator("h1").click();
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press("1");
      await page.locator(".player[data-phase='feedback']").waitFor();
      await page.keyboard.press("Enter");
      await page.locator(".player[data-phase='deciding']").waitFor();
    }
    await expect.poll(() => lrs.statements.map(verb)).toEqual(["initialized", "answered", "answered"]);
    await page.goto("about:blank");
    await expect
      .poll(() => lrs.statements.map(verb), { timeout: 10_000 })
      .toEqual(["initialized", "answered", "answered", "terminated"]);
    for (const s of lrs.statements) expect(validate(s)).toEqual([]);
    await page.close();
  });
});

/**
 * The site itself, for a group whose rehearse.config.json names an LRS: a
 * build with that config (one scenario published, to keep it short), the
 * test LRS as the record store. Nothing leaves the browser until the trainee
 * turns sharing on; then the same statements as the AU's, as plain xAPI.
 */
describe("a site whose config names an LRS", () => {
  const SITE = join(ROOT, "lrs-site");
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const config = join(ROOT, "rehearse.config.json");
    mkdirSync(ROOT, { recursive: true });
    writeFileSync(
      config,
      JSON.stringify({
        group: "Riverside Peer Support",
        publish: [ID],
        lrs: { endpoint: `${lrsBase}/xapi/`, auth: `Basic ${TOKEN}` },
      }),
    );
    try {
      execFileSync(process.execPath, ["node_modules/astro/bin/astro.mjs", "build", "--silent"], {
        stdio: ["ignore", "ignore", "pipe"],
        env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1", REHEARSE_CONFIG: config, REHEARSE_OUT_DIR: SITE },
      });
    } catch (error) {
      throw new Error(`the site build with an LRS failed:\n${String((error as { stderr?: unknown }).stderr ?? error)}`);
    }
    ({ url: base, server } = await serveStatic(SITE));
  });
  afterAll(async () => {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  });

  it("sends nothing until the trainee turns sharing on, then the run's answered and completed statements: valid, pseudonymous, the debrief's numbers", async () => {
    lrs.statements = [];
    const allowed = `${base}`;
    const page0 = await browser.newContext();
    const page = await page0.newPage();
    // The test LRS answers this site's origin now.
    siteOriginForLrs = allowed;
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.addInitScript(() => {
      addEventListener("rehearse:run", (e) => {
        (window as unknown as { lastRun: unknown }).lastRun = (e as CustomEvent).detail;
      });
    });
    await page.goto(`${base}/scenarios/${ID}/`);
    await page.locator(".player[data-ready]").waitFor({ state: "attached" });
    const toggle = page.getByLabel("Send my choices and results from this browser");
    expect(await toggle.isChecked()).toBe(false);
    await expect(page.locator("#lrs-consent").textContent()).resolves.toContain(
      "Riverside Peer Support collect training results in a learning record store (127.0.0.1:",
    );
    await expect(page.locator(".content-note").textContent()).resolves.toContain(
      "Nothing you choose leaves this browser unless you turn sharing on, above.",
    );
    await expect(page.locator(".site-footer").textContent()).resolves.toContain(
      "only if you turn sharing on, on a scenario page",
    );
    expect(await page.locator("meta[http-equiv='content-security-policy']").getAttribute("content")).toContain(
      `connect-src 'self' ${lrsBase};`,
    );

    // Two decisions with sharing off: not one request to the LRS.
    await page.locator("h1").click();
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press("1");
      await page.locator(".player[data-phase='feedback']").waitFor();
      await page.keyboard.press("Enter");
      await page.locator(".player[data-phase='deciding']").waitFor();
    }
    expect(requests.filter((u) => u.startsWith(lrsBase))).toEqual([]);
    expect(lrs.statements).toEqual([]);

    // Sharing on: the decisions so far go at once.
    await toggle.check();
    await expect.poll(() => lrs.statements.map(verb)).toEqual(["answered", "answered"]);
    await expect
      .poll(() => page.locator("#lrs-status").textContent())
      .toBe("Your choices in this scenario so far have been sent.");
    expect(await page.evaluate((k) => localStorage.getItem(k), "rehearse:lrs-consent")).toBe("yes");
    expect(await axe(page)).toEqual([]);

    await playToDebrief(page);
    await expect.poll(() => lrs.statements.at(-1)?.verb.id, { timeout: 10_000 }).toBe(VERBS.completed);
    const run = (await page.evaluate("window.lastRun")) as RunRecord;
    const statements = lrs.statements;
    expect(statements.map(verb)).toEqual([...run.steps.map(() => "answered"), "completed"]);
    const id = await page.evaluate((k) => localStorage.getItem(k), "rehearse:lrs-id");
    const debrief = debriefRun(scenario, analysis, run.steps);
    for (const [i, s] of statements.entries()) {
      expect(validate(s), JSON.stringify(s)).toEqual([]);
      // Pseudonymous: an account on this site named by the browser's random code; one registration per run.
      expect(s.actor).toEqual({ objectType: "Agent", account: { homePage: base, name: id } });
      expect(s.context.registration).toBe(runRegistration(run));
      expect(categories(s)).toEqual([]);
      const step = run.steps[i];
      if (step) {
        expect(s.object.id).toBe(`${base}/scenarios/${ID}/scene/${step.scene}`);
        expect(s.result?.response).toBe(step.choice);
        expect(s.result?.extensions?.[PRINCIPLE_CHANGES]).toEqual(
          Object.fromEntries(Object.entries(step.scores).filter(([, v]) => v !== 0)),
        );
      }
    }
    const tested = debrief.principles.filter((p) => p.tested);
    const mean = Math.round(tested.reduce((a, p) => a + (p.percent ?? 0), 0) / tested.length);
    expect(statements.at(-1)?.result?.score).toEqual({ scaled: mean / 100, raw: mean, min: 0, max: 100 });

    // A reload sends nothing twice.
    const count = lrs.statements.length;
    await page.reload();
    await page.locator(".player[data-ready]").waitFor({ state: "attached" });
    await page.waitForTimeout(500);
    expect(lrs.statements.length).toBe(count);
    expect(problems).toEqual([]);
    await page0.close();
  });
});
