/**
 * The guide for coordinators (issue #15 §5): /coordinators/ is built, axe clean and fits a
 * phone; a coordinator finds it from every page's footer, from the sharing section of
 * /progress/ and from /cohort/; every link on it leads somewhere on this site.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axe, launch, PHONE, PROJECTOR, screenshot } from "./browser.ts";

const base = inject("baseURL");
const GUIDE = "/coordinators/";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function open(viewport = PROJECTOR): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return page;
}

/** The page scrolls sideways (nothing may). */
const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe("the guide for coordinators", () => {
  it("has one heading, the sections a coordinator scans for, no axe violations, and fits 320 px", async () => {
    for (const viewport of [PHONE, PROJECTOR, { width: 320, height: 640 }]) {
      const page = await open(viewport);
      await page.goto(base + GUIDE);
      expect(await page.locator("h1").allTextContents()).toEqual(["A guide for coordinators"]);
      const sections = await page.locator("article h2").allTextContents();
      for (const s of [
        "Before and after: the self-assessment",
        "How trainees share their record",
        "Reading the cohort report",
        "Scenarios inside Moodle or Canvas",
      ])
        expect(sections).toContain(s);
      expect(await page.locator("article h3").allTextContents()).toEqual(
        expect.arrayContaining([
          "What the report cannot show",
          "Moodle: a SCORM package",
          "Canvas: a SCORM package",
          "What we could and could not test",
        ]),
      );
      expect(await sideways(page), `${viewport.width}px`).toBeLessThanOrEqual(0);
      if (viewport.width !== 320) {
        expect(await axe(page)).toEqual([]);
        await screenshot(page, `coordinators-${viewport.width}`);
      }
      await page.context().close();
    }
  });

  it("links only to pages and sections this site has", async () => {
    const page = await open();
    await page.goto(base + GUIDE);
    const hrefs = await page
      .locator("article a[href]")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(hrefs.length).toBeGreaterThanOrEqual(7);
    for (const href of new Set(hrefs)) {
      expect(href, "a link off this site").toMatch(/^[/#]/);
      const [path, fragment] = href.split("#");
      if (path) expect((await fetch(base + path)).status, href).toBe(200);
      if (fragment) {
        if (path && path !== GUIDE) await page.goto(base + path);
        expect(await page.locator(`[id="${fragment}"]`).count(), href).toBe(1);
        if (path && path !== GUIDE) await page.goto(base + GUIDE);
      }
    }
    await page.context().close();
  });

  it("is linked from every page's footer, from the sharing section on /progress/ and from /cohort/", async () => {
    const page = await open();
    for (const path of ["/", "/code/", "/support/"]) {
      await page.goto(base + path);
      expect(await page.locator(`.site-footer a[href='${GUIDE}']`).count(), path).toBe(1);
    }
    await page.locator(`.site-footer a[href='${GUIDE}']`).click();
    await page.waitForURL(base + GUIDE);

    await page.goto(`${base}/progress/`);
    const share = page.locator("section.evaluation");
    await share.locator("#share").waitFor();
    await share.locator(`a[href='${GUIDE}']`).click();
    await page.waitForURL(base + GUIDE);

    await page.goto(`${base}/cohort/`);
    await page.locator(`main a[href^='${GUIDE}#']`).click();
    await page.waitForURL(`${base}${GUIDE}#reading-the-cohort-report`);
    expect(await page.locator("#reading-the-cohort-report").textContent()).toBe("Reading the cohort report");
    await page.context().close();
  });
});
