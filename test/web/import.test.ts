/**
 * /progress/ Import that cannot lie or freeze the page (issue #13, items 10 and 11): a hostile file shows no
 * forged figure, raw date or link for an unknown scenario; 10,000 runs import without freezing the page and
 * the page opens with them; 3,000 junk items in storage give one notice; a file over the cap is refused.
 */
import { mkdirSync, truncateSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { importFile, instrument, progressFigures, realRuns } from "../../bench/progress.ts";
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
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("rehearse:completed") ?? "[]"));
    expect(stored.find((r: { startedAt: string }) => r.startedAt === forged.startedAt).percent).toEqual(real.percent);
    expect(await axe(page)).toEqual([]);
    await screenshot(page, "progress-hostile-import-phone");
    await context.close();
  });

  it("refuses a file over the size cap with a message that says what to do, and changes nothing", async () => {
    const { context, page } = await open();
    const big = importFile("");
    truncateSync(big, 17 * 1024 * 1024);
    await page.locator("input[type=file]").setInputFiles(big);
    await page.getByText(/^That file is 17\.0 MB; rehearse imports files of up to 16\.0 MB/).waitFor();
    expect(await page.evaluate(() => localStorage.getItem("rehearse:completed"))).toBeNull();
    await context.close();
  });
});

describe("a huge import and junk in storage", () => {
  it("replays 10,000 runs without freezing the page, stores 3,000, and opens with 10,000 records (figures: npm run bench -- web)", async () => {
    const { context, page } = await open();
    const f = await progressFigures(page, base);
    console.log(
      `Import 10,000 runs (${(f.import10k.bytes / 1e6).toFixed(1)} MB): ${f.import10k.ms} ms, longest task ${f.import10k.longest} ms; ` +
        `3,000 runs (${(f.import3k.bytes / 1e6).toFixed(1)} MB): ${f.import3k.ms} ms, longest task ${f.import3k.longest} ms; ` +
        `/progress/ opens with 3,000 in ${f.open3k.openMs} ms (longest task ${f.open3k.openLongest} ms), with 10,000 records in ${f.open10k.openMs} ms (longest task ${f.open10k.openLongest} ms)`,
    );
    // 10,000 real runs are replayed, then refused with the reason: they do not fit in this browser's storage.
    expect(f.import10k.message).toMatch(/^There is not enough room in this browser's storage for 10,000 runs/);
    expect(f.import3k.message).toMatch(/^Imported 3,000 runs completed/);
    // Goals (≤ 1 s, no task over 200 ms, open ≤ 300 ms) are the bench's; here, what a trainee would call a freeze.
    for (const longest of [f.import10k.longest, f.import3k.longest, f.open3k.openLongest, f.open10k.openLongest])
      expect(longest).toBeLessThan(1000);
    expect(await page.locator("table.profile").textContent()).toMatch(/of 10,?000\b/);
    expect(await page.locator("ul.runs li").count()).toBe(100);
    await page.getByRole("button", { name: "Show 100 more" }).click();
    expect(await page.locator("ul.runs li").count()).toBe(200);
    expect(await page.getByText("9,800 of 10,000 not shown").count()).toBe(1);
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
    expect(notices[0]).toMatch(/3000 of 3001 saved runs could not be read|3,000/);
    expect(await page.locator("ul.runs li").count()).toBe(1);
    expect(await page.locator(`ul.runs a[href="/scenarios/${ID}/"]`).count()).toBe(1);
    await screenshot(page, "progress-junk-storage");
    await context.close();
  });
});
