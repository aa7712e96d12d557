/**
 * End to end against the built site: every page type, the player by keyboard
 * to its debrief (scores equal the CLI's for the same path), resume after a
 * reload, damaged and outdated saves, storage that throws, no JavaScript,
 * axe on every page and player state, and no request to another origin.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { realRuns } from "../../bench/progress.ts";
import type { RunRecord } from "../../engine/record.ts";
import { axe, launch, offOrigin, PHONE, PROJECTOR, recordRequests, screenshot } from "./browser.ts";

const base = inject("baseURL");
const ID = "what-stays-in-the-circle";
const RUN_KEY = `rehearse:run:${ID}`;

let browser: Browser;
const requests: string[] = [];

beforeAll(async () => {
  mkdirSync("test-results/screenshots", { recursive: true });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function open(
  options: Parameters<Browser["newContext"]>[0] = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: PROJECTOR, ...options });
  const urls = recordRequests(context);
  context.on("close", () => requests.push(...urls));
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return { context, page };
}

/** Elements wider than the viewport (nothing may scroll sideways except inside a scroll box). */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const wide = [...document.querySelectorAll("body *")]
      .filter(
        (e) => e.getBoundingClientRect().right > width + 1 && !e.parentElement?.closest(".table-scroll, .map-frame"),
      )
      .slice(0, 5)
      .map((e) => e.outerHTML.slice(0, 120));
    return wide.length > 0
      ? wide
      : [`the page is ${document.documentElement.scrollWidth}px wide in a ${width}px viewport`];
  });

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

const heading = (page: Page) => page.locator("h2[tabindex='-1']");

/** Plays by keyboard: key 1 at every decision, Enter after every feedback, until the debrief. */
async function playToDebrief(page: Page, choose = () => "1") {
  for (let i = 0; i < 40; i++) {
    const phase = await page.locator(".player").getAttribute("data-phase");
    if (phase === "ended") break;
    if (phase === "loading") {
      await page.locator(".player:not([data-phase='loading'])").waitFor();
    } else if (phase === "deciding") {
      await page.keyboard.press(choose());
      await page.locator(".player[data-phase='feedback']").waitFor();
    } else {
      await page.keyboard.press("Enter");
      await page.locator(".player:not([data-phase='feedback'])").waitFor();
    }
  }
  await page.locator(".debrief").waitFor();
}

async function hydrated(page: Page) {
  await page.locator(".player[data-ready]").waitFor({ state: "attached" });
}

/** The first choice, its feedback, then Continue: the second decision is on screen. */
async function toSecondDecision(page: Page) {
  await page.keyboard.press("1");
  await page.keyboard.press("Enter");
  await page.locator(".player[data-phase='deciding']").waitFor();
}

/** The options as this run shows them (each run shuffles them with its own seed). */
const shownOptions = (page: Page) => page.locator(".choice .choice-text").allTextContents();

/** The key that chooses the option whose text contains `text`, wherever this run shows it. */
async function keyFor(page: Page, text: string): Promise<string> {
  const options = await shownOptions(page);
  const i = options.findIndex((o) => o.includes(text));
  if (i < 0) throw new Error(`no option “${text}” among: ${options.join(" | ")}`);
  return String(i + 1);
}

/** The run this browser saved for the scenario under test. */
async function savedRun(page: Page) {
  return JSON.parse((await page.evaluate((key) => localStorage.getItem(key), RUN_KEY)) as string);
}

describe("catalog, code, script, authoring and progress pages", () => {
  const pages = [
    "/",
    "/filter/confidentiality/all/",
    "/code/",
    "/authoring/",
    "/progress/",
    `/scenarios/${ID}/script/`,
  ];
  for (const path of pages) {
    it(`${path} has no axe violations at phone and projector sizes`, async () => {
      for (const [size, viewport] of [
        ["phone", PHONE],
        ["projector", PROJECTOR],
      ] as const) {
        const { context, page } = await open({ viewport });
        await page.goto(base + path);
        expect(await page.locator("h1").count()).toBe(1);
        expect(await axe(page)).toEqual([]);
        expect(await overflow(page)).toEqual([]);
        await screenshot(page, `${path === "/" ? "catalog" : path.replaceAll("/", "-").replace(/^-|-$/g, "")}-${size}`);
        await context.close();
      }
    });
  }

  it("filters the catalog with plain links and without JavaScript", async () => {
    const { context, page } = await open({ javaScriptEnabled: false });
    await page.goto(`${base}/`);
    const all = await page.locator(".card:visible").count();
    await page.getByRole("link", { name: "Boundaries", exact: true }).click();
    await page.waitForURL(`${base}/filter/boundaries/all/`);
    const some = await page.locator(".card:visible").count();
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThanOrEqual(all);
    for (const tags of await page.locator(".card:visible .tags").allTextContents())
      expect(tags).toContain("Boundaries");
    await context.close();
  });

  it("filters instantly with JavaScript, and marks a run in progress", async () => {
    const { context, page } = await open();
    await page.goto(`${base}/`);
    await page.evaluate(
      ([key]) =>
        localStorage.setItem(
          key as string,
          JSON.stringify({
            schema: "rehearse.run/1",
            scenario: "what-stays-in-the-circle",
            scenarioHash: "x",
            startedAt: "2026-01-01T00:00:00Z",
            finishedAt: null,
            steps: [{ scene: "market", choice: 2, to: "aside", scores: {} }],
            ending: null,
            scores: {},
            percent: {},
            flags: [],
          }),
        ),
      [RUN_KEY],
    );
    await page.reload();
    await expect.poll(() => page.locator(`.card[data-id='${ID}'] [data-continue]`).isVisible()).toBe(true);
    await page.getByRole("link", { name: "Confidentiality", exact: true }).click();
    expect(page.url()).toBe(`${base}/filter/confidentiality/all/`);
    for (const tags of await page.locator(".card:visible .tags").allTextContents())
      expect(tags).toContain("Confidentiality");
    await context.close();
  });

  it("prints the script without navigation, one scene per page, notes included", async () => {
    const { context, page } = await open();
    await page.goto(`${base}/scenarios/${ID}/script/`);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".site-header").isVisible()).toBe(false);
    const breaks = await page
      .locator(".script-scene")
      .evaluateAll((sections) => sections.map((s) => getComputedStyle(s).breakBefore));
    expect(breaks[0]).toBe("auto");
    expect(breaks.slice(1).every((b) => b === "page")).toBe(true);
    expect(await page.locator(".note").count()).toBeGreaterThan(0);
    await context.close();
  });

  it("links every principle of the code to the scenarios that score it", async () => {
    const { context, page } = await open();
    await page.goto(`${base}/code/`);
    await page.locator("#confidentiality").getByRole("link").first().click();
    await page.locator(".player").waitFor();
    await context.close();
  });

  it("sends a CSP that allows only this origin", async () => {
    const { context, page } = await open();
    await page.goto(`${base}/scenarios/${ID}/`);
    const csp = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute("content");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'sha256-/);
    await context.close();
  });
});

describe("narrow screens and zoom", () => {
  it("fits 320 px and 200% zoom (640 px at 1280) without sideways scrolling, mid-run included", async () => {
    for (const viewport of [
      { width: 320, height: 640 },
      { width: 640, height: 400 },
    ]) {
      const { context, page } = await open({ viewport });
      for (const path of [
        "/",
        "/code/",
        "/authoring/",
        "/progress/",
        `/scenarios/${ID}/script/`,
        `/scenarios/${ID}/`,
      ]) {
        await page.goto(base + path);
        expect(await overflow(page), `${path} at ${viewport.width}px`).toEqual([]);
      }
      await hydrated(page);
      await page.keyboard.press("1");
      await page.locator(".player[data-phase='feedback']").waitFor();
      expect(await overflow(page)).toEqual([]);
      await playToDebrief(page);
      expect(await overflow(page)).toEqual([]);
      if (viewport.width === 320) await screenshot(page, "player-debrief-320");
      await context.close();
    }
  });
});

describe("the player", () => {
  it("shows the first scene in the HTML and says JavaScript is needed without it", async () => {
    const { context, page } = await open({ javaScriptEnabled: false });
    await page.goto(`${base}/scenarios/${ID}/`);
    await expect.poll(() => page.locator(".scene h2").textContent()).toBe("Saturday market");
    expect(await page.locator(".choice").count()).toBeGreaterThan(1);
    const noscript = page.locator(".noscript");
    await expect.poll(() => noscript.textContent()).toContain("needs JavaScript");
    expect(await noscript.getByRole("link").getAttribute("href")).toBe(`/scenarios/${ID}/script/`);
    await context.close();
  });

  it("plays to the debrief by keyboard, with the CLI's scores, axe-clean in every state", async () => {
    for (const [size, viewport] of [
      ["projector", PROJECTOR],
      ["phone", PHONE],
    ] as const) {
      const { context, page } = await open({ viewport });
      await page.goto(`${base}/scenarios/${ID}/`);
      await hydrated(page);
      expect(await axe(page)).toEqual([]);
      await screenshot(page, `player-scene-${size}`);

      await page.keyboard.press(await keyFor(page, "can I borrow you"));
      await page.locator(".player[data-phase='feedback']").waitFor();
      // Focus is on Continue; the feedback and the change per principle are in a live region.
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Continue");
      expect(await page.locator(".feedback[aria-live='polite'] .delta").textContent()).toContain("Confidentiality");
      expect(await axe(page)).toEqual([]);
      await screenshot(page, `player-feedback-${size}`);

      await page.keyboard.press("Enter");
      await page.locator(".player[data-phase='deciding']").waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("H2");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Behind the stall");

      // Backspace goes back to the previous decision.
      await page.keyboard.press("Backspace");
      await expect.poll(() => heading(page).textContent()).toBe("Saturday market");

      await playToDebrief(page);
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("ending-title");
      expect(await axe(page)).toEqual([]);
      await screenshot(page, `player-debrief-${size}`);

      const record = await savedRun(page);
      // Key 1 at every decision since going back: the same numbers with the run's seed replay it in the CLI.
      expect(Number.isInteger(record.seed)).toBe(true);
      const script = record.steps.map(() => 1).join(",");
      const cli = JSON.parse(
        execFileSync(
          process.execPath,
          ["bin/rehearse.js", "play", ID, "--script", script, "--seed", String(record.seed), "--json"],
          { encoding: "utf8" },
        ),
      );
      expect(cli.seed).toBe(record.seed);
      expect(record.scores).toEqual(cli.scores);
      expect(record.percent).toEqual(cli.percent);
      expect(record.ending).toBe(cli.ending);
      expect(record.steps).toEqual(cli.steps);
      // What the trainee reads equals the CLI's percentages too.
      const shown = await page.locator(".scores .score-figures strong").allTextContents();
      expect(shown).toEqual(Object.values(cli.percent).map((p) => `${p}%`));
      // Export this run: the run record as JSON.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Export this run" }).click(),
      ]);
      expect(JSON.parse(await streamText(await download.createReadStream()))).toEqual(record);
      // The completed run is on the progress page.
      await page.goto(`${base}/progress/`);
      await page.getByRole("heading", { name: "Profile" }).waitFor();
      expect(await page.locator(".runs li").first().textContent()).toContain("What stays in the circle");
      expect(await axe(page)).toEqual([]);
      await screenshot(page, `progress-after-run-${size}`);
      await context.close();
    }
  });

  it("saves every step and resumes after a reload", async () => {
    const { context, page } = await open();
    await page.goto(`${base}/scenarios/${ID}/`);
    await hydrated(page);
    await toSecondDecision(page);
    const second = await heading(page).textContent();
    await page.keyboard.press("2");
    await page.locator(".player[data-phase='feedback']").waitFor();
    await page.reload();
    await hydrated(page);
    // The feedback that was on screen is on screen again.
    await page.locator(".player[data-phase='feedback']").waitFor();
    expect(await page.locator(".scene h2").textContent()).toBe(second);
    await page.keyboard.press("Enter");
    await page.locator(".player[data-phase='deciding']").waitFor();
    expect(await page.locator(".step-count").textContent()).toBe("Decision 3");
    await page.goto(`${base}/progress/`);
    await page.getByRole("link", { name: /Resume/ }).click();
    await hydrated(page);
    await page.locator(".player[data-phase='deciding']").waitFor();
    expect(await page.locator(".step-count").textContent()).toBe("Decision 3");
    await context.close();
  });

  it("shows each run's options in its own shuffled order, the same after a reload and after going back", async () => {
    const { context, page } = await open();
    await page.goto(`${base}/scenarios/${ID}/`);
    await hydrated(page);
    const first = await shownOptions(page);
    await toSecondDecision(page);
    const second = await shownOptions(page);
    expect(second.length).toBeGreaterThan(1);
    expect(Number.isInteger((await savedRun(page)).seed)).toBe(true);
    await page.reload();
    await hydrated(page);
    await page.locator(".player[data-phase='deciding']").waitFor();
    expect(await page.locator(".step-count").textContent()).toBe("Decision 2");
    expect(await shownOptions(page)).toEqual(second);
    await page.keyboard.press("Backspace");
    await expect.poll(() => heading(page).textContent()).toBe("Saturday market");
    expect(await shownOptions(page)).toEqual(first);
    // New runs (nothing saved) draw new seeds: the first scene's order is not always the same.
    const orders = new Set([JSON.stringify(first)]);
    for (let i = 0; i < 12 && orders.size < 2; i++) {
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await hydrated(page);
      orders.add(JSON.stringify(await shownOptions(page)));
    }
    expect(orders.size).toBeGreaterThan(1);
    await context.close();
  });

  it("sets corrupt saved data aside, reports it and starts afresh", async () => {
    const { context, page } = await open();
    await context.addInitScript(
      ([key]) => {
        if (!sessionStorage.getItem("seeded")) {
          localStorage.setItem(key as string, "{not json");
          localStorage.setItem("rehearse:completed", '[{"schema":"nope"}]');
          sessionStorage.setItem("seeded", "1");
        }
      },
      [RUN_KEY],
    );
    await page.goto(`${base}/scenarios/${ID}/`);
    await page.locator(".notice").first().waitFor();
    expect(await page.locator(".notice").first().textContent()).toContain("set aside");
    expect(await page.locator(".scene h2").textContent()).toBe("Saturday market");
    const keys = await page.evaluate(() => Object.keys(localStorage));
    expect(keys.some((k) => k.startsWith("rehearse:corrupt:"))).toBe(true);
    expect(keys).not.toContain(RUN_KEY);
    expect(await axe(page)).toEqual([]);
    await page.goto(`${base}/progress/`);
    await page.locator(".notice").first().waitFor();
    expect(await page.locator(".notice").first().textContent()).toContain("set aside");
    await context.close();
  });

  it("replays a save from an edited scenario, or says where it no longer holds", async () => {
    const { context, page } = await open();
    await page.goto(`${base}/scenarios/${ID}/`);
    await hydrated(page);
    await toSecondDecision(page);
    const saved = await savedRun(page);
    // Another version of the scenario, same path: replayed.
    await page.evaluate(
      ([key, value]) => localStorage.setItem(key as string, value as string),
      [RUN_KEY, JSON.stringify({ ...saved, scenarioHash: "0000000000000000" })],
    );
    await page.reload();
    await page.locator(".notice").first().waitFor();
    expect(await page.locator(".notice").first().textContent()).toContain("every choice you made still holds");
    expect(await page.locator(".step-count").textContent()).toBe("Decision 2");
    // A path that no longer holds: told, and offered a fresh start.
    const broken = {
      ...saved,
      scenarioHash: "0000000000000000",
      steps: [...saved.steps, { scene: "gone", choice: "nowhere:gone", to: "nowhere", scores: {} }],
    };
    await page.evaluate(
      ([key, value]) => localStorage.setItem(key as string, value as string),
      [RUN_KEY, JSON.stringify(broken)],
    );
    await page.reload();
    await page.locator(".notice").first().waitFor();
    expect(await page.locator(".notice").first().textContent()).toContain("1 of 2 choices still hold");
    expect(await axe(page)).toEqual([]);
    await page.getByRole("button", { name: "Start again" }).click();
    await expect.poll(() => page.locator(".scene h2").textContent()).toBe("Saturday market");
    await context.close();
  });

  it("carries only the first scene, and fetches the rest of the scenario when the trainee starts", async () => {
    const { context, page } = await open();
    const fetched: string[] = [];
    page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto(`${base}/scenarios/${ID}/`, { waitUntil: "networkidle" });
    await hydrated(page);
    // The page holds the first scene's prose, not the later scenes' (which the script page has).
    const html = await (await context.request.get(`${base}/scenarios/${ID}/`)).text();
    expect(html).toContain("Saturday market");
    expect(html).not.toContain("Among the stacked crates");
    expect(fetched).not.toContain(`/scenarios/${ID}/scenario.json`);
    await page.mouse.move(40, 40);
    await expect.poll(() => fetched).toContain(`/scenarios/${ID}/scenario.json`);
    await page.keyboard.press(await keyFor(page, "can I borrow you"));
    await page.keyboard.press("Enter");
    await expect.poll(() => heading(page).textContent()).toBe("Behind the stall");
    expect(await page.locator(".scene").textContent()).toContain("Among the stacked crates");
    await context.close();
  });

  it("says so when the rest of the scenario cannot be fetched, keeps the trainee's place, and tries again", async () => {
    const { context, page } = await open();
    let offline = true;
    await context.route("**/scenario.json", (route) =>
      offline ? route.abort("internetdisconnected") : route.continue(),
    );
    await page.goto(`${base}/scenarios/${ID}/`);
    await hydrated(page);
    // The first decision and its feedback need nothing more.
    await page.keyboard.press(await keyFor(page, "can I borrow you"));
    await page.locator(".player[data-phase='feedback']").waitFor();
    await page.keyboard.press("Enter");
    const status = page.locator(".loading [role='status']");
    await expect.poll(() => status.textContent()).toContain("could not be loaded (no connection)");
    expect(await page.locator(".player").getAttribute("data-phase")).toBe("loading");
    expect(await axe(page)).toEqual([]);
    await screenshot(page, "player-offline-projector");
    // Keys that would choose or continue do nothing while the scene is missing.
    await page.keyboard.press("1");
    expect(await page.locator(".player").getAttribute("data-phase")).toBe("loading");
    // The place is saved: one step, on its way to the second scene.
    const saved = await savedRun(page);
    expect(saved.steps).toHaveLength(1);
    offline = false;
    await page.getByRole("button", { name: "Try again" }).click();
    await expect.poll(() => heading(page).textContent()).toBe("Behind the stall");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Behind the stall");
    expect(await page.locator(".step-count").textContent()).toBe("Decision 2");
    await context.close();
  });

  it("keeps playing in memory when storage throws, with a quiet notice", async () => {
    const { context, page } = await open();
    await context.addInitScript(() => {
      const fail = () => {
        throw new DOMException("blocked", "SecurityError");
      };
      Storage.prototype.setItem = fail;
      Storage.prototype.getItem = fail;
    });
    await page.goto(`${base}/scenarios/${ID}/`);
    await page.locator(".notice").waitFor();
    expect(await page.locator(".notice").textContent()).toContain("kept only until you close this tab");
    await toSecondDecision(page);
    expect(await page.locator(".step-count").textContent()).toBe("Decision 2");
    await page.goto(`${base}/progress/`);
    await page.locator(".notice").waitFor();
    await context.close();
  });

  it("imports runs from a file, replaying each on its scenario, and exports them all again", async () => {
    const { context, page } = await open({ acceptDownloads: true });
    await page.goto(`${base}/progress/`);
    await page.getByRole("heading", { name: "Profile" }).waitFor();
    const real = realRuns(1)[0] as RunRecord;
    // A finished run with forged figures: they are recomputed (issue #13, item 10).
    const forged = { ...real, percent: Object.fromEntries(Object.keys(real.percent).map((p) => [p, 100])) };
    // A rehearse.run/1 record still imports: its position `choice: 2` is replayed and kept as the option's id.
    const legacy = {
      schema: "rehearse.run/1",
      scenario: ID,
      scenarioHash: "x",
      startedAt: "2026-11-01T10:00:00.000Z",
      finishedAt: null,
      steps: [{ scene: "market", choice: 2, to: "aside", scores: { confidentiality: 2 } }],
      ending: null,
      scores: { confidentiality: 2 },
      percent: {},
      flags: [],
    };
    await page.locator("input[type=file]").setInputFiles({
      name: "runs.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify([forged, legacy, { schema: "broken" }])),
    });
    await page.locator(".notice", { hasText: "Imported 1 run completed and 1 run in progress" }).waitFor();
    expect(await page.locator(".notice").last().textContent()).toContain("1 run in the file could not be checked");
    expect(await page.locator(".runs").last().textContent()).toContain("ending “");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export all" }).click(),
    ]);
    const exported = JSON.parse(await streamText(await download.createReadStream()));
    expect(exported.schema).toBe("rehearse.export/1");
    expect(exported.completed).toHaveLength(1);
    expect(exported.completed[0].percent).toEqual(real.percent);
    expect(exported.completed[0].steps).toEqual(real.steps);
    expect(exported.inProgress).toHaveLength(1);
    expect(exported.inProgress[0].schema).toBe("rehearse.run/2");
    expect(exported.inProgress[0].steps[0].choice).not.toBe("#2");
    expect(exported.inProgress[0].steps[0].to).toBe("aside");
    await context.close();
  });

  it("clears every key the site wrote, after asking", async () => {
    const { context, page } = await open();
    await page.goto(`${base}/progress/`);
    await page.evaluate(() => {
      localStorage.setItem("rehearse:run:x", "{}");
      localStorage.setItem("someone-else", "keep");
    });
    await page.reload();
    await page.getByRole("button", { name: "Clear my data" }).click();
    expect(await axe(page)).toEqual([]);
    await page.getByRole("button", { name: "Yes, clear everything" }).click();
    await page.locator(".notice", { hasText: "Cleared" }).waitFor();
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(["someone-else"]);
    await context.close();
  });
});

describe("privacy", () => {
  it("made no request to another origin in any test above", () => {
    expect(requests.length).toBeGreaterThan(50);
    expect(offOrigin(requests, base)).toEqual([]);
  });
});
