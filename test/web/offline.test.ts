/**
 * A run that survives a bad connection (issue #13, bugs 1 and 2): offline at the first choice, the debrief
 * still appears once the connection is back (or after Try again); and after one visit the site works offline,
 * through its service worker: reload, another scenario to its debrief, the projector pages.
 */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axe, launch, PHONE, PROJECTOR, screenshot } from "./browser.ts";
import { serveStatic } from "./server.ts";

const base = inject("baseURL");
const ID = "what-stays-in-the-circle";
const OTHER = "the-screenshot";

let browser: Browser;
beforeAll(async () => {
  mkdirSync("test-results/screenshots", { recursive: true });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function open(
  options: Parameters<Browser["newContext"]>[0] = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: PROJECTOR, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { context, page, errors };
}

const phase = (page: Page) => page.locator(".player").getAttribute("data-phase");

/** Key 1 at every decision, Enter after every feedback, until the run ends (the debrief, or its failure). */
async function playToEnd(page: Page) {
  for (let i = 0; i < 40; i++) {
    const now = await phase(page);
    if (now === "ended") return;
    if (now === "loading") await page.locator(".player:not([data-phase='loading'])").waitFor();
    else if (now === "deciding") {
      await page.keyboard.press("1");
      await page.locator(".player[data-phase='feedback']").waitFor();
    } else {
      await page.keyboard.press("Enter");
      await page.locator(".player:not([data-phase='feedback'])").waitFor();
    }
  }
  throw new Error("the run did not end in 40 steps");
}

/** The page with the whole scenario fetched (the first interaction fetches it). */
async function started(page: Page, id = ID) {
  await page.goto(`${base}/scenarios/${id}/`);
  await page.locator(".player[data-ready]").waitFor({ state: "attached" });
  await page.mouse.move(10, 10);
  await page.waitForLoadState("networkidle");
}

describe("the debrief after a brief loss of connection", () => {
  it("appears when the connection is back before the ending, with no uncaught error", async () => {
    const { context, page, errors } = await open();
    await started(page);
    await context.setOffline(true);
    await page.keyboard.press("1");
    await page.locator(".player[data-phase='feedback']").waitFor();
    await page.waitForTimeout(300);
    await context.setOffline(false);
    await page.keyboard.press("Enter");
    await playToEnd(page);
    await page.locator(".debrief").waitFor({ timeout: 10_000 });
    expect(await page.getByText("Preparing your debrief").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("says so and offers Try again when the run ends offline; the debrief comes with the connection, the run kept", async () => {
    const { context, page, errors } = await open({ viewport: PHONE });
    await started(page);
    await context.setOffline(true);
    await playToEnd(page);
    const failure = page.getByText("Your debrief could not be loaded (no connection). Your run is saved.");
    await failure.waitFor();
    const tryAgain = page.getByRole("button", { name: "Try again" });
    expect(await tryAgain.isVisible()).toBe(true);
    expect(await axe(page)).toEqual([]);
    await screenshot(page, "offline-debrief-failed-phone");
    // Offline still: Try again fails again, and says so again.
    await tryAgain.click();
    await failure.waitFor();
    const saved = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "null"), `rehearse:run:${ID}`);
    expect(saved.finishedAt).not.toBeNull();
    await context.setOffline(false);
    if (await tryAgain.isVisible()) await tryAgain.click().catch(() => {});
    await page.locator(".debrief").waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("offline after one visit (service worker)", () => {
  it("reloads offline, opens another scenario and plays it to its debrief, and serves the projector pages", async () => {
    const { context, page, errors } = await open({ serviceWorkers: "allow" });
    await page.goto(`${base}/scenarios/${ID}/`);
    // Installed and active: every page, script and scenario.json is in its cache.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>("link[rel=manifest]")?.href;
      return href ? (await fetch(href)).json() : null;
    });
    expect(manifest).toMatchObject({ short_name: "rehearse", start_url: "/", display: "standalone" });
    await context.setOffline(true);
    await page.reload();
    expect(await page.locator("h1").textContent()).toBeTruthy();
    await started(page, OTHER);
    await playToEnd(page);
    await page.locator(".debrief").waitFor({ timeout: 10_000 });
    await screenshot(page, "offline-other-scenario-debrief");
    for (const path of ["/", "/progress/", `/present/${ID}/`, "/code/"]) {
      const response = await page.goto(base + path);
      expect(response?.ok(), path).toBe(true);
      expect(await page.locator("h1, main").first().isVisible(), path).toBe(true);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it("tells the trainee when a new build is ready and updates when asked", async () => {
    // A copy of the site, so that a new deployment can be made under the open page.
    const root = mkdtempSync(join(tmpdir(), "rehearse-offline-"));
    cpSync("dist", root, { recursive: true });
    const { url, server } = await serveStatic(root);
    const { context, page, errors } = await open({ serviceWorkers: "allow" });
    await page.goto(`${url}/`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    // A new deployment: a worker that differs, as a rebuild with changed files gives.
    appendFileSync(join(root, "sw.js"), "\n// a new build\n");
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    const notice = page.getByText("A new version of rehearse is ready.");
    await notice.waitFor({ timeout: 20_000 });
    expect(await axe(page)).toEqual([]);
    await screenshot(page, "offline-update-ready");
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Update now" }).click()]);
    expect(await page.getByText("A new version of rehearse is ready.").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
    server.close();
    rmSync(root, { recursive: true, force: true });
  });
});
