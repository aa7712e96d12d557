/**
 * Reflection and support on the built site: the support page, linked from every
 * content note (player, script) and from the debrief of a scenario that has one,
 * and a `<Reflect>` question shown after the feedback and in the debrief.
 *
 * The bundled scenarios' own questions are content that changes; this test gives
 * the scenario it plays questions of its own, through the scenario.json the
 * player fetches (the page's opening stays as built), so it holds whatever the
 * library says.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Block, Scenario } from "../../engine/model.ts";
import type { PlayerScenario } from "../../web/islands/Player.tsx";
import { axe, launch, PHONE } from "./browser.ts";

const base = inject("baseURL");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const ID = "the-limits-of-confidentiality";
const paragraph = (text: string): Block[] => [{ type: "paragraph", children: [{ type: "text", value: text }] }];
const PAUSE = "Which part of that choice would you find hardest to explain to the person?";
const TAKE = "Who in your own group would you want beside you on a night like this?";

async function page(): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE });
  const p = await context.newPage();
  p.on("pageerror", (error) => {
    throw error;
  });
  return p;
}

/** Every scene and ending of the scenario the player fetches gets a question. */
async function withQuestions(p: Page) {
  await p.route(`**/scenarios/${ID}/scenario.json`, async (route) => {
    const response = await route.fetch();
    const whole = (await response.json()) as PlayerScenario;
    const scenario: Scenario = {
      ...whole.scenario,
      scenes: whole.scenario.scenes.map((s) => ({ ...s, reflect: paragraph(PAUSE) })),
      endings: whole.scenario.endings.map((e) => ({ ...e, reflect: paragraph(TAKE) })),
    };
    await route.fulfill({ response, json: { ...whole, scenario } });
  });
}

describe("the support page", () => {
  it("lists the group's contacts, says when they are still blanks, and passes axe", async () => {
    const p = await page();
    const response = await p.goto(`${base}/support/`);
    expect(response?.status()).toBe(200);
    expect(await p.locator("h1").textContent()).toBe("Support");
    expect(await p.locator(".contact h2").allInnerTexts()).toEqual([
      "In an emergency",
      "In a crisis",
      "After a hard session",
      "For your own wellbeing",
    ]);
    expect(await p.locator(".contact .reach").first().textContent()).toBe("[your local emergency number]");
    expect(await p.locator("#not-filled-in").textContent()).toBe("This page is not filled in yet");
    expect(await axe(p)).toEqual([]);
    await p.context().close();
  });

  it("is linked from every page's footer", async () => {
    const p = await page();
    await p.goto(`${base}/`);
    await p.locator(".site-footer a[href='/support/']").click();
    await p.waitForURL(`${base}/support/`);
    await p.context().close();
  });
});

describe("a scenario with a content note", () => {
  it("links the support page from the content note on the player and on the script", async () => {
    const p = await page();
    await p.goto(`${base}/scenarios/${ID}/`);
    const note = p.locator(".content-note");
    expect(await note.textContent()).toContain("This scenario touches on:");
    await note.locator("a[href='/support/']").click();
    await p.waitForURL(`${base}/support/`);
    await p.goto(`${base}/scenarios/${ID}/script/`);
    expect(await p.locator(".content-note a[href='/support/']").count()).toBe(1);
    await p.context().close();
  });

  it("asks a question after the feedback and another in the debrief, which links the support page", async () => {
    const p = await page();
    await withQuestions(p);
    await p.goto(`${base}/scenarios/${ID}/`);
    await p.locator(".player[data-ready]").waitFor({ state: "attached" });
    let paused = 0;
    for (let step = 0; step < 40; step++) {
      await p.locator(".player:not([data-phase='loading'])").waitFor();
      const phase = await p.locator(".player").getAttribute("data-phase");
      if (phase === "ended") break;
      if (phase === "deciding") {
        await p.locator("button.choice:not([disabled])").first().click();
        await p.locator(".player[data-phase='feedback']").waitFor();
        // The question comes with the feedback, after it, in a box of its own.
        const box = p.locator(".feedback .reflect");
        await box.waitFor();
        expect(await box.locator("p").allTextContents()).toEqual(["A question to pause on", PAUSE]);
        expect(await p.locator(".feedback").evaluate((f) => f.lastElementChild?.className)).toBe("reflect");
        if (paused++ === 0) expect(await axe(p)).toEqual([]);
      }
      await p.locator("button.continue").click();
      await p.locator(".player:not([data-phase='feedback'])").waitFor();
    }
    expect(paused).toBeGreaterThanOrEqual(3);
    const debrief = p.locator(".debrief");
    await debrief.waitFor();
    expect(await debrief.locator(".reflect p").allTextContents()).toEqual(["A question to take with you", TAKE]);
    // Before the scores: the question follows the ending's own words.
    expect(
      await debrief.evaluate((d) => {
        const all = [...d.querySelectorAll(".reflect, .scores")];
        return all.map((e) => e.className);
      }),
    ).toEqual(["reflect", "scores"]);
    await debrief.locator(".support-link a[href='/support/']").click();
    await p.waitForURL(`${base}/support/`);
    await p.context().close();
  });
});
