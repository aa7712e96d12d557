/**
 * Saved progress when localStorage is nearly full or half broken (issue #14, item 10): a damaged value too
 * large to copy aside is still removed, so the site does not stay in memory-only mode; and "Clear my data"
 * reports what localStorage really holds afterwards, in memory mode too.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, PROJECTOR } from "./browser.ts";

const base = inject("baseURL");
const ID = "what-stays-in-the-circle";
const RUN_KEY = `rehearse:run:${ID}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function open(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: PROJECTOR });
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return { context, page };
}

const siteKeys = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("rehearse:"))
      .sort(),
  );
const notices = (page: Page) => page.locator(".notice").allTextContents();

describe("saved progress when storage is full or half broken", () => {
  it("removes a 4.5 MB damaged run that no copy fits beside, says so, and keeps saving to localStorage", async () => {
    const { context, page } = await open();
    await page.goto(`${base}/`);
    // Chromium keeps about 5 million characters per origin: the value fits, a copy of it beside it does not.
    await page.evaluate((key) => localStorage.setItem(key, `{${"x".repeat(4_500_000)}`), RUN_KEY);
    await page.goto(`${base}/scenarios/${ID}/`);
    await page.locator(".notice", { hasText: "could not be read" }).waitFor();
    const shown = (await notices(page)).join("\n");
    // In the notice's details (the words on show say what it means for the trainee).
    expect(shown).toContain("removed, as there was no room in this browser's storage to keep a copy");
    expect(shown).not.toContain("kept only until you close this tab");
    expect(await siteKeys(page)).toEqual([]);
    // Saving works in localStorage itself, on this visit and the next.
    await page.locator(".player[data-ready]").waitFor({ state: "attached" });
    await page.keyboard.press("1");
    await page.locator(".player[data-phase='feedback']").waitFor();
    await expect.poll(() => siteKeys(page)).toEqual([RUN_KEY]);
    await page.reload();
    await page.locator(".player[data-ready]").waitFor({ state: "attached" });
    expect((await notices(page)).join("\n")).not.toContain("kept only until you close this tab");
    await context.close();
  });

  it("clears localStorage itself when the tab had fallen back to memory, and counts what it removed", async () => {
    const { context, page } = await open();
    await page.goto(`${base}/`);
    await page.evaluate(() => {
      localStorage.setItem("rehearse:completed", "[]");
      localStorage.setItem("rehearse:setting", "1");
      localStorage.setItem("someone-else", "keep");
    });
    // From now on every write fails as on a full disk: the site keeps runs in memory.
    await context.addInitScript(() => {
      Storage.prototype.setItem = () => {
        throw new DOMException("full", "QuotaExceededError");
      };
    });
    await page.goto(`${base}/progress/`);
    await page.locator(".notice", { hasText: "kept only until you close this tab" }).waitFor();
    await page.getByRole("button", { name: "Clear my data" }).click();
    await page.getByRole("button", { name: "Yes, clear everything" }).click();
    await page.locator(".notice", { hasText: "removed" }).waitFor();
    expect(await siteKeys(page)).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem("someone-else"))).toBe("keep");
    expect((await notices(page)).at(-1)).toBe("Cleared: 2 items removed from this browser.");
    await context.close();
  });

  it("says which items could not be removed instead of claiming a clear that did not happen", async () => {
    const { context, page } = await open();
    await page.goto(`${base}/`);
    await page.evaluate(() => {
      localStorage.setItem("rehearse:completed", "[]");
      localStorage.setItem("rehearse:setting", "1");
    });
    await context.addInitScript(() => {
      Storage.prototype.removeItem = () => {
        throw new DOMException("denied", "SecurityError");
      };
    });
    await page.goto(`${base}/progress/`);
    await page.getByRole("heading", { name: "Profile" }).waitFor();
    await page.getByRole("button", { name: "Clear my data" }).click();
    await page.getByRole("button", { name: "Yes, clear everything" }).click();
    await page.locator(".notice", { hasText: "could not be removed" }).waitFor();
    const last = (await notices(page)).at(-1) ?? "";
    expect(last).toMatch(/^0 items removed, but \d items could not be removed from this browser's storage/);
    expect(last).not.toContain("Cleared:");
    expect(await siteKeys(page)).toEqual(expect.arrayContaining(["rehearse:completed", "rehearse:setting"]));
    await context.close();
  });
});
