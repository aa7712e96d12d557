/**
 * Layout against the built site (issue 13, items 3–9): the choices in view once a run has
 * started (measured for every scene of the bundled library at 1280×800 and 375×812), the
 * heading's focus marker, keyboard hints only for a fine pointer or after a key, a legible
 * debrief map and score charts, the script page, finished scenarios in the catalog and damaged
 * data in a trainee's words; axe on each page and state, light and dark, with screenshots
 * kept in test-results/screenshots/layout-*.png.
 */
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axe, launch, PHONE, PROJECTOR } from "./browser.ts";
import { type Fold, libraryIds, measureFold, openAt, sceneStops } from "./fold.ts";

const base = inject("baseURL");
const ID = "what-stays-in-the-circle";
const WIDE = { width: 1920, height: 1080 };
/** Everything above a started scene (site header, the collapsed title and the run's controls) stays within this. */
const CHROME_MAX = { phone: 215, projector: 160 };

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
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: PROJECTOR, ...options });
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return { context, page };
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/layout-${name}.png`, fullPage: true });

/** The page scrolls sideways (nothing may, except inside a scroll box). */
const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Plays by keyboard to the debrief, choosing the option `pick` returns the key of. */
async function playToDebrief(page: Page) {
  for (let i = 0; i < 40; i++) {
    const phase = await page.locator(".player").getAttribute("data-phase");
    if (phase === "ended") break;
    if (phase === "loading") await page.locator(".player:not([data-phase='loading'])").waitFor();
    else if (phase === "deciding") {
      await page.keyboard.press("1");
      await page.locator(".player[data-phase='feedback']").waitFor();
    } else {
      await page.keyboard.press("Enter");
      await page.locator(".player:not([data-phase='feedback'])").waitFor();
    }
  }
  await page.locator(".debrief").waitFor();
}

describe("the choices in view", () => {
  for (const [size, viewport] of [
    ["projector", PROJECTOR],
    ["phone", PHONE],
  ] as const) {
    it(`shows the first choice of every started scene without scrolling at ${viewport.width}×${viewport.height} whenever its prose fits`, async () => {
      const { context, page } = await open({ viewport });
      await page.goto(`${base}/`);
      const rows: { id: string; scene: string; fold: Fold }[] = [];
      for (const id of await libraryIds(base)) {
        for (const stop of await sceneStops(base, id)) {
          await openAt(page, base, id, stop);
          rows.push({ id, scene: stop.scene, fold: await measureFold(page) });
        }
      }
      await context.close();
      const limit = CHROME_MAX[size];
      const fits = rows.filter((r) => r.fold.choiceBottom - r.fold.sceneTop <= viewport.height - limit);
      const hidden = fits.filter((r) => r.fold.choiceBottom > viewport.height);
      const visible = rows.filter((r) => r.fold.choiceBottom <= viewport.height);
      const tops = rows.map((r) => r.fold.choiceTop).sort((a, b) => a - b);
      const chrome = rows.map((r) => r.fold.sceneTop);
      console.info(
        `${size}: ${visible.length}/${rows.length} first choices in view; prose fits in ${fits.length}; ` +
          `first choice top ${tops[0]}–${tops.at(-1)} px (median ${tops[tops.length >> 1]}); ` +
          `above the scene ${Math.min(...chrome)}–${Math.max(...chrome)} px`,
      );
      expect(rows.length).toBeGreaterThan(50);
      expect(Math.max(...chrome)).toBeLessThanOrEqual(limit);
      expect(hidden.map((r) => `${r.id}/${r.scene} ${JSON.stringify(r.fold)}`)).toEqual([]);
      // The bar is real: at the projector size most scenes' choices must show.
      if (size === "projector") expect(visible.length / rows.length).toBeGreaterThan(0.6);
    }, 600_000);
  }

  it("keeps the summary and principles on the start screen and collapses the header once the run has started", async () => {
    const { context, page } = await open({ viewport: PHONE });
    await page.goto(`${base}/scenarios/${ID}/`);
    await page.locator(".player[data-ready]").waitFor({ state: "attached" });
    await expect.poll(() => page.locator(".scenario-head .lede").isVisible()).toBe(true);
    expect(await page.locator(".scenario-head").getByText("Scores:").isVisible()).toBe(true);
    const before = await page.locator(".scenario-head").boundingBox();
    await page.locator(".choice").first().click();
    await page.locator(".continue").click();
    await page.locator(".player[data-phase='deciding']").waitFor();
    expect(await page.locator(".scenario-head .lede").isVisible()).toBe(false);
    expect(await page.locator(".scenario-head h1").isVisible()).toBe(true);
    const after = await page.locator(".scenario-head").boundingBox();
    console.info(
      `phone header: ${Math.round(before?.height ?? 0)} px on the start screen, ${Math.round(after?.height ?? 0)} px once started`,
    );
    expect(after?.height ?? 999).toBeLessThan(60);
    // The run's controls come first, under the title: Back, Restart and the script link.
    const controls = page.locator(".player > .run-controls");
    expect(await controls.getByRole("button", { name: "Back" }).isVisible()).toBe(true);
    expect(await controls.getByRole("link", { name: /script/ }).isVisible()).toBe(true);
    const bar = await controls.boundingBox();
    const scene = await page.locator(".scene").boundingBox();
    expect((bar?.y ?? 999) < (scene?.y ?? 0)).toBe(true);
    // The first choice's top is in view after a played Continue, not only after a reload.
    const first = await page.locator(".choice").first().boundingBox();
    console.info(
      `phone, played: scene at ${Math.round(scene?.y ?? 0)} px, first choice at ${Math.round(first?.y ?? 0)} px`,
    );
    expect(await axe(page)).toEqual([]);
    await context.close();
  });
});

describe("focus and hints", () => {
  it("marks the focused new scene heading with a bar, not a text field's box", async () => {
    const { context, page } = await open();
    await page.goto(`${base}/scenarios/${ID}/`);
    await page.locator(".player[data-ready]").waitFor({ state: "attached" });
    await page.keyboard.press("1");
    await page.locator(".player[data-phase='feedback']").waitFor();
    await page.keyboard.press("Enter");
    await page.locator(".player[data-phase='deciding']").waitFor();
    const heading = page.locator("h2#scene-title");
    await expect.poll(() => heading.evaluate((h) => document.activeElement === h)).toBe(true);
    const style = await heading.evaluate((h) => {
      const s = getComputedStyle(h);
      return { outline: s.outlineStyle, shadow: s.boxShadow, visible: h.matches(":focus-visible") };
    });
    expect(style.visible).toBe(true);
    expect(style.outline).toBe("none");
    expect(style.shadow).not.toBe("none");
    await page.screenshot({ path: "test-results/screenshots/layout-heading-focus.png" });
    await context.close();
  });

  it("shows keyboard hints for a fine pointer, and on a touch screen only once a key was used", async () => {
    const { context: desk, page: deskPage } = await open();
    await deskPage.goto(`${base}/scenarios/${ID}/`);
    await deskPage.locator(".player[data-ready]").waitFor({ state: "attached" });
    expect(await deskPage.locator(".scene .hint").isVisible()).toBe(true);
    await desk.close();

    const { context, page } = await open({ viewport: PHONE, hasTouch: true, isMobile: true });
    await page.goto(`${base}/scenarios/${ID}/`);
    await page.locator(".player[data-ready]").waitFor({ state: "attached" });
    expect(await page.evaluate(() => matchMedia("(pointer: fine)").matches)).toBe(false);
    expect(await page.locator(".scene .hint").isVisible()).toBe(false);
    await page.locator(".choice").first().tap();
    await page.locator(".player[data-phase='feedback']").waitFor();
    expect(await page.getByText("or press Enter").isVisible()).toBe(false);
    // A keyboard attached to the phone: the hints appear.
    await page.keyboard.press("Shift");
    expect(await page.getByText("or press Enter").isVisible()).toBe(true);
    await context.close();
  });
});

describe("the debrief", () => {
  for (const [size, viewport] of [
    ["phone", PHONE],
    ["projector", PROJECTOR],
    ["wide", WIDE],
  ] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      it(`reads at ${size} size in ${colorScheme}: map, legend, score charts, no sideways scroll, axe clean`, async () => {
        const { context, page } = await open({ viewport, colorScheme });
        await page.goto(`${base}/scenarios/${ID}/`);
        await page.locator(".player[data-ready]").waitFor({ state: "attached" });
        await playToDebrief(page);
        expect(await sideways(page)).toBeLessThanOrEqual(0);
        expect(await axe(page)).toEqual([]);
        await shot(page, `debrief-${size}-${colorScheme}`);

        // Score charts: as wide as the column, the track starts and ends at the min and max ticks.
        const charts = await page.locator(".score-chart:not(.untested)").evaluateAll((svgs) =>
          svgs.map((svg) => {
            const [track, min, max] = ["line.track", "line.tick", "line.tick:last-of-type"].map((s) =>
              (svg.querySelector(s) as SVGGraphicsElement).getBoundingClientRect(),
            );
            const list = (svg.closest(".scores") as HTMLElement).getBoundingClientRect();
            return {
              width: svg.getBoundingClientRect().width / list.width,
              left: (track as DOMRect).left - ((min as DOMRect).left + (min as DOMRect).width / 2),
              right: (track as DOMRect).right - ((max as DOMRect).left + (max as DOMRect).width / 2),
            };
          }),
        );
        expect(charts.length).toBeGreaterThan(0);
        for (const c of charts) {
          expect(c.width).toBeGreaterThan(0.95);
          expect(c.left).toBeGreaterThanOrEqual(-0.5);
          expect(c.right).toBeLessThanOrEqual(0.5);
        }

        if (size === "phone") {
          // The path alone, top to bottom, instead of a map wider than the screen.
          expect(await page.locator(".path-steps").isVisible()).toBe(true);
          expect(await page.locator(".scenario-map").isVisible()).toBe(false);
          await page
            .locator(".path-steps")
            .screenshot({ path: `test-results/screenshots/layout-path-${colorScheme}.png` });
          const steps = await page.locator(".path-steps li").count();
          expect(steps).toBeGreaterThan(2);
        } else {
          expect(await page.locator(".path-steps").isVisible()).toBe(false);
          const legend = (await page.locator(".map-legend").textContent()) ?? "";
          for (const key of ["Your path", "Other ways", "Scene", "Ending"]) expect(legend).toContain(key);
          const map = await page.locator(".scenario-map").evaluate((svg) => {
            const scale = svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width;
            const spill: string[] = [];
            for (const g of svg.querySelectorAll("g.node")) {
              const box = (g.querySelector("rect") as SVGRectElement).getBBox();
              const text = (g.querySelector("text") as SVGTextElement).getBBox();
              if (
                text.x < box.x + 2 ||
                text.x + text.width > box.x + box.width - 2 ||
                text.y < box.y ||
                text.y + text.height > box.y + box.height
              )
                spill.push(g.textContent ?? "");
            }
            const cut = [...svg.querySelectorAll("g.node")].filter((g) => g.textContent?.includes("…"));
            const untitled = cut.filter((g) => !g.querySelector("title")?.textContent);
            const markers = [...svg.querySelectorAll("marker")].map((m) => m.getAttribute("markerUnits"));
            const ends = [...svg.querySelectorAll("polyline")].map((p) => p.getAttribute("points")?.split(" ").at(-1));
            const label = svg.querySelector("text") as SVGTextElement;
            return {
              fontPx: Number.parseFloat(getComputedStyle(label).fontSize) * scale,
              spill,
              untitled: untitled.length,
              markers,
              sharedEnds: ends.length - new Set(ends).size,
            };
          });
          console.info(`${size} map: labels at ${map.fontPx.toFixed(1)} px`);
          await page
            .locator(".map-wide")
            .screenshot({ path: `test-results/screenshots/layout-map-${size}-${colorScheme}.png` });
          expect(map.spill).toEqual([]);
          expect(map.untitled).toBe(0);
          expect(map.markers.every((u) => u === "userSpaceOnUse")).toBe(true);
          expect(map.sharedEnds).toBe(0);
          expect(map.fontPx).toBeGreaterThanOrEqual(11);
        }
        await context.close();
      });
    }
  }
});

describe("the script page", () => {
  for (const [size, viewport] of [
    ["phone", PHONE],
    ["projector", PROJECTOR],
  ] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      it(`styles its facts, gives ranges as the debrief does, and has no axe violations (${size}, ${colorScheme})`, async () => {
        const { context, page } = await open({ viewport, colorScheme });
        await page.goto(`${base}/scenarios/${ID}/script/`);
        const facts = page.locator("dl.script-facts");
        expect(await facts.evaluate((dl) => getComputedStyle(dl).display)).toBe("grid");
        const ranges = await page.locator(".score-ranges li").allInnerTexts();
        expect(ranges.length).toBeGreaterThan(0);
        for (const r of ranges) expect(r).toMatch(/ (−\d+|0) to (\+\d+|0)$/);
        expect(await page.locator("main").textContent()).not.toMatch(/\(-\d+ to \d+\)/);
        expect(await page.locator(".note").count()).toBeGreaterThan(1);
        expect(await axe(page)).toEqual([]);
        expect(await sideways(page)).toBeLessThanOrEqual(0);
        await shot(page, `script-${size}-${colorScheme}`);
        await context.close();
      }, 120_000);
    }
  }
});

describe("the catalog and damaged data", () => {
  it("marks a finished scenario with the ending reached", async () => {
    const { context, page } = await open({ viewport: PHONE });
    await page.goto(`${base}/scenarios/${ID}/`);
    await page.locator(".player[data-ready]").waitFor({ state: "attached" });
    await playToDebrief(page);
    const ending = ((await page.locator("#ending-title").textContent()) ?? "").trim();
    await page.goto(`${base}/`);
    const mark = page.locator(`.card[data-id='${ID}'] [data-done]`);
    await expect.poll(() => mark.isVisible()).toBe(true);
    expect(await mark.textContent()).toBe(`Finished: last ending “${ending}”`);
    // Only that card.
    expect(await page.locator("[data-done]:visible").count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await shot(page, "catalog-finished-phone");
    await context.close();
  });

  it("tells a trainee what damaged saved data means, with the technical detail behind a disclosure", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const { context, page } = await open({ viewport: PHONE, colorScheme });
      await page.goto(`${base}/`);
      await page.evaluate(
        ([run, done]) => {
          localStorage.setItem(run as string, "{not json");
          localStorage.setItem("rehearse:completed", JSON.stringify([...Array(300)].map((_, i) => ({ junk: i }))));
          void done;
        },
        [`rehearse:run:${ID}`, ""],
      );
      await page.goto(`${base}/scenarios/${ID}/`);
      await page.locator(".player[data-ready]").waitFor({ state: "attached" });
      await page.locator(".notice").first().waitFor();
      // Finishing a run reads the damaged list of finished runs: one notice for its 300 items.
      await playToDebrief(page);
      const notices = page.locator(".notice");
      await expect.poll(() => notices.count()).toBe(2);
      const shown = (await notices.allInnerTexts()).join("\n");
      expect(shown).toMatch(/starts again from the beginning/);
      // However many items were damaged (the whole list, or its 300 items one by one): one notice.
      expect(shown).toMatch(/(300 runs|list of runs) you finished (in this browser )?could not be read/);
      // The words a trainee reads: no parser errors, storage keys or JSON.
      expect(shown).not.toMatch(/rehearse:|JSON|schema|parse/i);
      const details = page.locator(".notice details").first();
      await details.locator("summary").click();
      expect(await details.textContent()).toMatch(/rehearse:run:/);
      expect(await axe(page)).toEqual([]);
      await shot(page, `damaged-notices-phone-${colorScheme}`);
      await context.close();
    }
  });
});

describe("screenshots of a started scene", () => {
  for (const [size, viewport] of [
    ["phone", PHONE],
    ["projector", PROJECTOR],
    ["wide", WIDE],
  ] as const) {
    it(`at ${size} size, light and dark, axe clean at the start, a started scene and its feedback`, async () => {
      for (const colorScheme of ["light", "dark"] as const) {
        const { context, page } = await open({ viewport, colorScheme });
        await page.goto(`${base}/scenarios/${ID}/`);
        await page.locator(".player[data-ready]").waitFor({ state: "attached" });
        expect(await axe(page)).toEqual([]);
        await shot(page, `start-${size}-${colorScheme}`);
        await page.keyboard.press("1");
        await page.locator(".player[data-phase='feedback']").waitFor();
        expect(await axe(page)).toEqual([]);
        await shot(page, `feedback-${size}-${colorScheme}`);
        await page.keyboard.press("Enter");
        await page.locator(".player[data-phase='deciding']").waitFor();
        expect(await axe(page)).toEqual([]);
        expect(await sideways(page)).toBeLessThanOrEqual(0);
        await page.screenshot({ path: `test-results/screenshots/layout-scene-${size}-${colorScheme}.png` });
        await context.close();
      }
    });
  }
});
