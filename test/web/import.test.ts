/**
 * /progress/ Import that cannot lie or freeze the page (issue #13, items 10 and 11): a hostile file shows no
 * forged figure, raw date or link for an unknown scenario; 10,000 runs import without freezing the page and
 * the page opens with them; 3,000 junk items in storage give one notice; a file over the cap is refused.
 */
import { mkdirSync, truncateSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { exportOf, importFile, instrument, progressFigures, realRuns, timeImport } from "../../bench/progress.ts";
import { archivedRuns, parseArchive } from "../../engine/archive.ts";
import type { RunRecord } from "../../engine/record.ts";
import { axe, launch, PHONE, PROJECTOR, screenshot } from "./browser.ts";

const base = inject("baseURL");
const ID = "what-stays-in-the-circle";

let browser: Browser;
beforeAll(async () => {
  mkdirSync("test-results/screenshots", { recursive: true });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function open(viewport = PROJECTOR): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  await instrument(page);
  await page.goto(`${base}/progress/`);
  await page.getByRole("button", { name: "Import (JSON)" }).waitFor();
  return { context, page };
}

/** The finished runs this browser keeps, read from its archive. */
async function archived(page: Page): Promise<RunRecord[]> {
  const parsed = parseArchive((await page.evaluate(() => localStorage.getItem("rehearse:archive"))) ?? "");
  if ("error" in parsed) throw new Error(parsed.error);
  return archivedRuns(parsed.archive);
}

const main = async (page: Page) => (await page.locator("main").textContent()) ?? "";
/** Every "NN%" figure on the page. */
const percentages = async (page: Page) => (await main(page)).match(/-?[\d.e+]+%/g) ?? [];

describe("a hostile import", () => {
  it("replays every run: forged figures, Infinity, huge negatives and script dates are never shown", async () => {
    const { context, page } = await open(PHONE);
    const real = realRuns(1)[0] as RunRecord;
    const forged = {
      ...real,
      startedAt: "2026-02-01T10:00:00.000Z",
      finishedAt: "2026-02-01T10:05:00.000Z",
      scores: { respect: -5000 },
      percent: { respect: 100, confidentiality: 100, safety: 100 },
      reach: { respect: 1e9 },
    };
    const text = JSON.stringify({
      schema: "rehearse.export/1",
      completed: [
        real,
        forged,
        {
          ...real,
          startedAt: "2026-02-02T10:00:00.000Z",
          finishedAt: "2026-02-02T10:05:00.000Z",
          percent: { respect: -1e308 },
        },
        { ...real, startedAt: "2026-02-03T10:00:00.000Z", finishedAt: "javascript:alert(4)" },
        { ...real, startedAt: "2026-02-04T10:00:00.000Z", steps: real.steps.slice(0, 1) },
        {
          ...real,
          scenario: "a-scenario-from-elsewhere",
          startedAt: "2026-02-05T10:00:00.000Z",
          percent: { respect: 99 },
        },
        { ...real, scenario: "javascript:alert(1)" },
      ],
      inProgress: [],
    }).replace('"respect":1e9', '"respect":1e999');
    await page.locator("input[type=file]").setInputFiles(importFile(text));
    await page.getByText(/^Imported /).waitFor();
    const shown = await main(page);
    expect(shown).toContain("Imported 4 runs completed and 0 runs in progress.");
    expect(shown).not.toMatch(/Infinity|e\+308|−5000|-5000|javascript:|NaN|undefined/);
    for (const p of await percentages(page)) expect(Number(p.slice(0, -1)), p).toBeGreaterThanOrEqual(0);
    for (const p of await percentages(page)) expect(Number(p.slice(0, -1)), p).toBeLessThanOrEqual(100);
    // The forged run replays to the real run's path: the same figures, the scenario's, not the file's.
    const rows = await page.locator("ul.runs li", { hasText: "finished" }).allInnerTexts();
    const known = rows.filter((r) => !r.includes("does not have"));
    expect(known).toHaveLength(3);
    expect(new Set(known.map((row) => row.split(":").at(-1))).size).toBe(1);
    // The run for a scenario this site does not have: listed as such, without a link or results.
    expect(shown).toContain("“a-scenario-from-elsewhere”, a scenario this site does not have");
    expect(await page.locator('a[href*="a-scenario-from-elsewhere"]').count()).toBe(0);
    expect(shown).toMatch(/3 runs in the file could not be checked against their scenario/);
    // Tested in 3 of 3: the unknown scenario's run does not count in the profile.
    expect(await page.locator("table.profile").textContent()).toMatch(/of 3\b/);
    // Stored in the archive with the scenario's figures.
    const stored = await archived(page);
    expect(stored.find((r) => r.startedAt === forged.startedAt)?.percent).toEqual(real.percent);
    expect(await axe(page)).toEqual([]);
    await screenshot(page, "progress-hostile-import-phone");
    await context.close();
  });

  it("refuses a file over the size cap with a message that says what to do, and changes nothing", async () => {
    const { context, page } = await open();
    const big = importFile("");
    truncateSync(big, 25 * 1024 * 1024);
    await page.locator("input[type=file]").setInputFiles(big);
    await page.getByText(/^That file is 25\.0 MB; rehearse imports files of up to 24\.0 MB/).waitFor();
    expect(await page.evaluate(() => localStorage.getItem("rehearse:completed"))).toBeNull();
    await context.close();
  });
});

describe("a huge import and junk in storage", () => {
  it("imports and keeps 10,000 runs while the page stays responsive, and opens with them (figures: npm run bench -- web)", async () => {
    const { context, page } = await open();
    const f = await progressFigures(page, base);
    console.log(
      `Import 10,000 runs (${(f.import10k.bytes / 1e6).toFixed(1)} MB): ${f.import10k.ms} ms, longest task ${f.import10k.longest} ms, longest pause ${f.import10k.gap} ms; ` +
        `/progress/ opens with them in ${f.open10k.openMs} ms (longest task ${f.open10k.openLongest} ms; ${f.open10k.chars} characters stored), empty in ${f.open0.openMs} ms; ` +
        `3,000 runs saved before the archive: ${f.migrate3k.openMs} ms, then ${f.open3k.openMs} ms; yardstick ${f.yardstick} ms`,
    );
    // All 10,000 replayed and kept: the archive holds them in far less than a browser's 5 million characters.
    expect(f.import10k.message).toMatch(/^Imported 10,000 runs completed/);
    expect(f.open10k.chars).toBeLessThan(1_000_000);
    // Goals (≤ 1 s, no task over 200 ms, open ≤ 300 ms) are the bench's; here, what a trainee would call a freeze:
    // the replay runs in a worker, so the page keeps running its timers while 15 MB are read and replayed.
    expect(f.import10k.gap).toBeLessThan(1000);
    for (const longest of [f.import10k.longest, f.open10k.openLongest, f.migrate3k.openLongest, f.open3k.openLongest])
      expect(longest).toBeLessThan(1000);
    // Runs saved before the archive existed load, and were moved into it.
    expect(await page.locator("table.profile").textContent()).toMatch(/of 3,?000\b/);
    expect(
      await page.evaluate(() => [
        localStorage.getItem("rehearse:completed"),
        !!localStorage.getItem("rehearse:archive"),
      ]),
    ).toEqual([null, true]);
    // And the 10,000: after a reload the page lists them 100 at a time.
    const { page: again } = { page: await context.newPage() };
    await again.goto(`${base}/progress/`);
    await again.locator("input[type=file]").setInputFiles(importFile(exportOf(realRuns(10_000))));
    await again.getByText(/^Imported 10,000 runs completed/).waitFor({ timeout: 60_000 });
    await again.reload();
    expect(await again.locator("table.profile").textContent()).toMatch(/of 10,?000\b/);
    expect(await again.locator("ul.runs li").count()).toBe(100);
    await again.getByRole("button", { name: "Show 100 more" }).click();
    expect(await again.locator("ul.runs li").count()).toBe(200);
    expect(await again.getByText("9,800 of 10,000 not shown").count()).toBe(1);
    expect(await axe(again)).toEqual([]);
    // The view as it opens (the whole page with 200 runs listed is a 5 MB image).
    await again.evaluate(() => window.scrollTo(0, 0));
    await again.screenshot({ path: "test-results/screenshots/progress-10000-runs.png" });
    await context.close();
  });

  it("imports in the page, in slices, where a worker cannot start", async () => {
    const context = await browser.newContext({ viewport: PROJECTOR });
    await context.addInitScript(() => {
      // As in a browser that refuses workers (a policy, or an old engine).
      Object.defineProperty(window, "Worker", {
        value: class {
          constructor() {
            throw new DOMException("blocked", "SecurityError");
          }
        },
      });
    });
    const page = await context.newPage();
    page.on("pageerror", (error) => {
      throw error;
    });
    await instrument(page);
    await page.goto(`${base}/progress/`);
    await page.getByRole("button", { name: "Import (JSON)" }).waitFor();
    const f = await timeImport(page, importFile(exportOf(realRuns(2_000))));
    expect(f.message).toMatch(/^Imported 2,000 runs completed/);
    expect(f.gap).toBeLessThan(1000);
    expect(await page.locator("table.profile").textContent()).toMatch(/of 2,?000\b/);
    await context.close();
  });

  it("works out again the figures of runs saved on an earlier version of a scenario, lists a path that no longer fits without results, and the catalog still counts both", async () => {
    const { context, page } = await open();
    const [real, other] = realRuns(2) as [RunRecord, RunRecord];
    const older = { ...real, scenarioHash: "0000000000000000", percent: { respect: 100, safety: 100 } };
    const gone = {
      ...other,
      scenarioHash: "0000000000000000",
      steps: [...other.steps.slice(0, 2), { scene: "a-scene-since-removed", choice: "x", to: "y", scores: {} }],
      percent: { respect: 100 },
    };
    // Saved as the player saved them before the archive existed.
    await page.evaluate((list) => localStorage.setItem("rehearse:completed", list), JSON.stringify([older, gone]));
    await page.reload();
    await page.getByText(/which its choices no longer fit, so it has no results/).waitFor();
    await expect.poll(async () => (await archived(page))[0]?.scenarioHash).toBe(real.scenarioHash);
    const [replayed, broken] = await archived(page);
    expect(replayed?.percent).toEqual(real.percent);
    expect(broken?.percent).toEqual({});
    // Only the run that replays counts, with this version's figures.
    expect(await page.locator("table.profile").textContent()).toMatch(/of 1\b/);
    expect(await main(page)).not.toMatch(/being worked out again/);
    expect(real.percent.respect).not.toBe(100);
    expect(await main(page)).not.toContain("Respect 100%");
    expect(await axe(page)).toEqual([]);
    await screenshot(page, "progress-earlier-version");
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator(`[data-id="${ID}"] [data-done]`).textContent()).toMatch(/^Finished 2 times/);
    await context.close();
  });

  it("gives one notice for 3,000 damaged runs in the archive, and keeps the readable one", async () => {
    const { context, page } = await open();
    await page.locator("input[type=file]").setInputFiles(importFile(exportOf(realRuns(1))));
    await page.getByText(/^Imported 1 run completed/).waitFor();
    await page.evaluate(() => {
      const archive = JSON.parse(localStorage.getItem("rehearse:archive") ?? "{}");
      archive.runs.push(...Array.from({ length: 12_000 }, (_, i) => (i % 4 === 0 ? 5 : Number.MAX_VALUE)));
      localStorage.setItem("rehearse:archive", JSON.stringify(archive));
    });
    await page.reload();
    await page.locator(".notice").first().waitFor();
    await page.waitForTimeout(500);
    const notices = await page.locator(".notice").allInnerTexts();
    expect(notices).toHaveLength(1);
    // In a trainee's words, with the technical reason behind Details.
    expect(notices[0]).toMatch(
      /^3,000 runs you finished could not be read, so they are left out of your progress\. Your other runs are kept\./,
    );
    expect(notices[0]).not.toMatch(/rehearse:|JSON|archive/);
    await page.locator(".notice summary").click();
    expect(await page.locator(".notice-detail").isVisible()).toBe(true);
    expect(await page.locator(".notice-detail").textContent()).toMatch(/3000 of 3001 archived runs could not be read/);
    expect(await page.locator("ul.runs li").count()).toBe(1);
    await page.reload();
    await page.locator("table.profile").waitFor();
    expect(await page.locator(".notice").count()).toBe(0);
    await context.close();
  });

  it("gives one notice for 3,000 junk items in the saved list, and keeps the readable run", async () => {
    const context = await browser.newContext({ viewport: PROJECTOR });
    const page = await context.newPage();
    await page.goto(`${base}/progress/`);
    const real = realRuns(1)[0] as RunRecord;
    await page.evaluate(
      (list) => localStorage.setItem("rehearse:completed", JSON.stringify(list)),
      [...Array.from({ length: 3000 }, (_, i) => ({ junk: i, percent: Number.MAX_VALUE })), real],
    );
    await page.reload();
    await page.locator("table.profile").waitFor();
    await page.locator(".notice").first().waitFor();
    await page.waitForTimeout(500);
    const notices = await page.locator(".notice").allInnerTexts();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^3,000 runs you finished could not be read/);
    expect(await page.locator("ul.runs li").count()).toBe(1);
    expect(await page.locator(`ul.runs a[href="/scenarios/${ID}/"]`).count()).toBe(1);
    await screenshot(page, "progress-junk-storage");
    await context.close();
  });
});
