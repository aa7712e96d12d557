/**
 * Workshop mode against the built site: a projector window and a speaker
 * window in one browser context step a bundled scenario to the room summary
 * by keyboard, recording hand tallies; both windows agree at every step,
 * either survives a reload, axe is clean on every phase of both, the
 * projector's type is big enough at 1920×1080 and fits without scrolling at
 * 1280×720 and 1024×768, and it never shows a note, or a score before the
 * reveal. Screenshots go to test-results/present/.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Block } from "../../engine/model.ts";
import type { RoomSummary } from "../../engine/room.ts";
import type { FacilitatorData } from "../../web/islands/present/Speaker.tsx";
import { axe, launch } from "./browser.ts";

const base = inject("baseURL");
const ID = "what-stays-in-the-circle";
const SHOTS = "test-results/present";
const HD = { width: 1920, height: 1080 };

let browser: Browser;
let facilitator: FacilitatorData;
/** Every note's text in the scenario: none may reach the projector. */
let notes: string[];

const noteTexts = (blocks: readonly Block[], inNote = false): string[] =>
  blocks.flatMap((b): string[] => {
    if (b.type === "note") return noteTexts(b.children, true);
    if (b.type === "when" || b.type === "quote") return noteTexts(b.children, inNote);
    if (b.type === "list") return b.items.flatMap((item) => noteTexts(item, inNote));
    if (!inNote || !("children" in b)) return [];
    return [b.children.map((i) => ("value" in i ? i.value : "")).join("")];
  });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launch();
  facilitator = (await (await fetch(`${base}/present/${ID}/facilitator.json`)).json()) as FacilitatorData;
  const { scenario } = facilitator;
  notes = [
    ...scenario.scenes.flatMap((s) => [
      ...noteTexts(s.body),
      ...s.choices.flatMap((c) => [...noteTexts(c.text), ...noteTexts(c.feedback)]),
    ]),
    ...scenario.endings.flatMap((e) => noteTexts(e.body)),
  ]
    .map((t) => t.trim())
    .filter((t) => t.length > 12);
});
afterAll(async () => {
  await browser?.close();
});

async function context(options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: HD, acceptDownloads: true, ...options });
  ctx.on("page", (page) =>
    page.on("pageerror", (error) => {
      throw error;
    }),
  );
  return ctx;
}

type Where = { phase: string | null; page: string | null; step: string | null; revision: string | null };
const where = (page: Page, root: ".projector" | ".speaker"): Promise<Where> =>
  page.locator(root).evaluate((e) => ({
    phase: e.getAttribute("data-phase"),
    page: e.getAttribute("data-page"),
    step: e.getAttribute("data-step"),
    revision: e.getAttribute("data-revision"),
  }));

/** The tally each window shows, as "A 3, B 0" (the projector shows it in the vote and on the reveal). */
const tallyOf = (page: Page) =>
  page.evaluate(() => {
    const chart = document.querySelector(".tally-chart")?.getAttribute("aria-label");
    if (chart) return chart.replace(/^Votes: /, "").replace(/;.*$/, "");
    return [...document.querySelectorAll(".room-options > li")]
      .map(
        (li) => `${li.querySelector(".letter")?.textContent} ${li.querySelector(".count strong")?.textContent ?? "?"}`,
      )
      .join(", ");
  });

/** Both windows show the same place (and the same tally where both show one). */
async function agree(projector: Page, speaker: Page) {
  await expect
    .poll(async () => {
      const [p, s] = await Promise.all([where(projector, ".projector"), where(speaker, ".speaker")]);
      return JSON.stringify(p) === JSON.stringify(s) ? "same" : `${JSON.stringify(p)} vs ${JSON.stringify(s)}`;
    })
    .toBe("same");
  const phase = (await where(projector, ".projector")).phase;
  if (phase === "vote" || phase === "reveal") expect(await tallyOf(projector)).toBe(await tallyOf(speaker));
}

/** What a room could read on the projector: no note, and no score before the reveal. */
async function projectorShowsNothingHidden(projector: Page, phase: string) {
  const text = (await projector.locator(".projector").textContent()) ?? "";
  const html = await projector.content();
  for (const note of notes) {
    expect(text, "a facilitator note on the projector").not.toContain(note);
    expect(html, "a facilitator note in the projector's page").not.toContain(note.slice(0, 40));
  }
  expect(text).not.toMatch(/Facilitator note/i);
  if (phase === "read" || phase === "discuss" || phase === "vote") {
    const names = Object.values(facilitator.names).join("|");
    expect(text, `a score on the projector in the ${phase} phase`).not.toMatch(new RegExp(`(${names})\\s*[+−-]\\d`));
    expect(await projector.locator(".delta, .compare, .taken").count()).toBe(0);
  }
}

const px = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));

/** Whether the projector scrolls or its stage overflows (it must do neither). */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const doc = document.documentElement;
    const stage = document.querySelector(".stage");
    const problems: string[] = [];
    if (doc.scrollHeight > doc.clientHeight + 1) problems.push(`page ${doc.scrollHeight} > ${doc.clientHeight}`);
    if (doc.scrollWidth > doc.clientWidth + 1) problems.push(`page width ${doc.scrollWidth} > ${doc.clientWidth}`);
    if (stage && stage.scrollHeight > stage.clientHeight + 1)
      problems.push(`stage ${stage.scrollHeight} > ${stage.clientHeight}`);
    return problems;
  });

describe("finding workshop mode", () => {
  it("is linked from the catalog, the player and the script; the guide is axe clean; notes stay off the projector's page", async () => {
    for (const path of ["/", `/scenarios/${ID}/`, `/scenarios/${ID}/script/`]) {
      expect(await (await fetch(base + path)).text(), path).toContain(`href="/present/${ID}/"`);
    }
    const projectorHtml = await (await fetch(`${base}/present/${ID}/`)).text();
    const facilitatorJson = await (await fetch(`${base}/present/${ID}/facilitator.json`)).text();
    expect(notes.length).toBeGreaterThan(3);
    for (const note of notes) {
      expect(facilitatorJson).toContain(JSON.stringify(note).slice(1, 30));
      expect(projectorHtml).not.toContain(JSON.stringify(note).slice(1, 30));
    }
    const ctx = await context({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    await page.goto(`${base}/workshop/`);
    expect(await page.locator("h1").textContent()).toBe("Running a workshop");
    expect(await axe(page)).toEqual([]);
    await ctx.close();
  });
});

describe("the projector and the speaker view", () => {
  it("step a scenario to the room summary by keyboard, in step, through reloads, with hand tallies", async () => {
    const ctx = await context();
    const projector = await ctx.newPage();
    await projector.goto(`${base}/present/${ID}/`);
    await projector.locator(".projector[data-phase='read']").waitFor();
    const [speaker] = await Promise.all([ctx.waitForEvent("page"), projector.keyboard.press("s")]);
    await speaker.setViewportSize({ width: 1280, height: 800 });
    await speaker.locator(".speaker-grid").waitFor();
    expect(speaker.url()).toBe(`${base}/present/${ID}/speaker/`);

    // The type, read from the back of the room.
    expect(await px(projector, ".stage .prose p")).toBeGreaterThanOrEqual(32);

    const sent: { step: number; votes: Record<string, number> }[] = [];
    const checked = new Set<string>();
    let reloaded = false;
    for (let i = 0; i < 80; i++) {
      await agree(projector, speaker);
      const here = await where(projector, ".projector");
      const phase = here.phase ?? "";
      await projectorShowsNothingHidden(projector, phase);
      expect(await overflow(projector)).toEqual([]);
      const kind = phase === "ended" ? `ended-${here.page}` : phase;
      if (!checked.has(kind)) {
        checked.add(kind);
        expect(await axe(projector), `axe on the projector, ${kind}`).toEqual([]);
        expect(await axe(speaker), `axe on the speaker view, ${kind}`).toEqual([]);
        await projector.screenshot({ path: `${SHOTS}/projector-1920x1080-${kind}.png` });
        await speaker.screenshot({ path: `${SHOTS}/speaker-${kind}.png`, fullPage: true });
      }
      if (phase === "discuss") expect(await px(projector, ".room-options > li")).toBeGreaterThanOrEqual(36);
      if (phase === "vote") {
        // Hands: A typed as a number, B counted up with +, the last letter with + and one −.
        const step = Number(here.step);
        const letters = await projector.locator(".room-options .letter").allTextContents();
        const votes: Record<string, number> = {};
        await projector.keyboard.press("a");
        for (const digit of String(step + 2)) await projector.keyboard.press(digit);
        votes.A = step + 2;
        await agree(projector, speaker);
        await speaker.keyboard.press("b");
        for (let n = 0; n < step % 3; n++) await speaker.keyboard.press("+");
        votes.B = step % 3;
        await agree(projector, speaker);
        const last = letters.at(-1) ?? "B";
        if (last !== "B") {
          await projector.keyboard.press(last.toLowerCase());
          for (const key of ["+", "+", "+", "-"]) await projector.keyboard.press(key);
          votes[last] = 2;
        }
        sent.push({ step, votes });
        await agree(projector, speaker);
        expect(await tallyOf(projector)).toBe(letters.map((l) => `${l} ${votes[l] ?? 0}`).join(", "));
        if (!reloaded) {
          // Reload the projector mid-vote: the place and the tally come back.
          reloaded = true;
          const tally = await tallyOf(projector);
          await projector.reload();
          await projector.locator(".projector[data-phase='vote']").waitFor();
          expect(await tallyOf(projector)).toBe(tally);
          await agree(projector, speaker);
          // Then the speaker view, and go on from there.
          await speaker.reload();
          await speaker.locator(".speaker-grid").waitFor();
          await agree(projector, speaker);
          await speaker.keyboard.press("PageDown");
          await agree(projector, speaker);
          expect((await where(projector, ".projector")).phase).toBe("reveal");
          continue;
        }
      }
      if (phase === "ended" && here.page !== null) {
        const { pages } = await projector.evaluate(() => ({
          pages: document.querySelector(".page-count")?.textContent,
        }));
        if (pages?.match(/Page (\d+) of \1$/)) break;
      }
      // Step on from either window: a clicker sends → or PageDown.
      await (i % 2 === 0 ? projector : speaker).keyboard.press(i % 3 === 0 ? "PageDown" : "ArrowRight");
    }
    expect((await where(projector, ".projector")).phase).toBe("ended");
    expect(sent.length).toBeGreaterThan(3);

    // The summary, downloaded: its numbers are the hands counted.
    const [json] = await Promise.all([
      projector.waitForEvent("download"),
      projector.getByRole("button", { name: "Download JSON" }).click(),
    ]);
    const summary = JSON.parse(readFileSync((await json.path()) as string, "utf8")) as RoomSummary;
    expect(summary.decisions.map((d) => d.step)).toEqual(sent.map((s) => s.step));
    for (const d of summary.decisions) {
      const mine = sent.find((s) => s.step === d.step)?.votes ?? {};
      expect(Object.fromEntries(d.options.map((o) => [o.letter, o.votes]))).toEqual(
        Object.fromEntries(d.options.map((o) => [o.letter, mine[o.letter] ?? 0])),
      );
      const most = Math.max(...d.options.map((o) => o.votes));
      expect(d.taken.letter).toBe(d.options.find((o) => o.votes === most)?.letter);
    }
    expect(summary.votes).toBe(sent.reduce((n, s) => n + Object.values(s.votes).reduce((a, b) => a + b, 0), 0));
    const [csv] = await Promise.all([
      projector.waitForEvent("download"),
      projector.getByRole("button", { name: "Download CSV" }).click(),
    ]);
    const rows = readFileSync((await csv.path()) as string, "utf8")
      .trim()
      .split("\r\n");
    expect(rows).toHaveLength(1 + summary.decisions.reduce((n, d) => n + d.options.length, 0));

    // Printable: the whole summary, without the projector's frame.
    await projector.emulateMedia({ media: "print" });
    expect(await projector.locator(".print-summary").isVisible()).toBe(true);
    expect(await projector.locator(".stage").isVisible()).toBe(false);
    expect(await projector.locator(".print-summary tbody tr").count()).toBe(summary.decisions.length);
    await projector.pdf({ path: `${SHOTS}/summary.pdf` }).catch(() => undefined);
    await ctx.close();
  });

  it("goes back, jumps to a scene and restarts from the keys, and the speaker view shows the notes", async () => {
    const ctx = await context();
    const projector = await ctx.newPage();
    await projector.goto(`${base}/present/${ID}/`);
    await projector.locator(".projector[data-phase='read']").waitFor();
    const speaker = await ctx.newPage();
    await speaker.goto(`${base}/present/${ID}/speaker/`);
    await speaker.locator(".speaker-grid").waitFor();
    const firstNote = noteTexts(facilitator.scenario.scenes[0]?.body ?? [])[0] ?? "";
    expect(firstNote.length).toBeGreaterThan(0);
    expect(await speaker.locator(".speaker-notes").textContent()).toContain(firstNote.trim().slice(0, 40));
    // Every option's scores, before the reveal.
    expect(await speaker.locator(".speaker-options .delta").count()).toBe(
      await speaker.locator(".speaker-options > li").count(),
    );

    for (const key of ["ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight"])
      await projector.keyboard.press(key);
    await agree(projector, speaker);
    expect((await where(projector, ".projector")).step).toBe("2");
    await projector.keyboard.press("ArrowLeft");
    await agree(projector, speaker);
    expect(await where(projector, ".projector")).toMatchObject({ phase: "compare", step: "1" });

    // The keys overlay.
    await projector.keyboard.press("?");
    await projector.getByRole("dialog", { name: "Keys" }).waitFor();
    expect(await axe(projector)).toEqual([]);
    await projector.screenshot({ path: `${SHOTS}/projector-1920x1080-keys.png` });
    await projector.keyboard.press("Escape");

    // Jump to a scene further on (the shortest path), from the speaker view.
    const target = facilitator.scenario.scenes.at(-1);
    await speaker.keyboard.press("g");
    const jump = speaker.getByRole("dialog", { name: "Go to a scene" });
    await jump.waitFor();
    expect(await axe(speaker)).toEqual([]);
    await jump.getByLabel("Scene or ending").selectOption(target?.id ?? "");
    await jump.getByRole("button", { name: "Go" }).click();
    await agree(projector, speaker);
    expect(await projector.locator("h1").textContent()).toBe(target?.title);

    // A countdown for the discussion.
    await projector.keyboard.press("t");
    const settings = projector.getByRole("dialog", { name: "Countdown and phases" });
    await settings.getByLabel(/Countdown for the discussion/).fill("2");
    await settings.getByRole("button", { name: "Save" }).click();
    // Straight after the panel closes, the keys act again.
    for (let i = 0; i < 4 && (await where(projector, ".projector")).phase !== "discuss"; i++)
      await projector.keyboard.press("ArrowRight");
    expect((await where(projector, ".projector")).phase).toBe("discuss");
    await projector.screenshot({ path: `${SHOTS}/projector-1920x1080-countdown.png` });
    await expect.poll(() => projector.locator("[role='timer']").textContent()).toMatch(/^[12]:\d\d$/);
    await agree(projector, speaker);

    // Restart: back to the first scene, tallies cleared.
    await projector.keyboard.press("r");
    await projector.getByRole("dialog", { name: "Restart the room?" }).getByRole("button", { name: "Restart" }).click();
    await agree(projector, speaker);
    expect(await where(projector, ".projector")).toMatchObject({ phase: "read", step: "1", page: "0" });
    await ctx.close();
  });

  for (const [size, viewport] of [
    ["1280x720", { width: 1280, height: 720 }],
    ["1024x768", { width: 1024, height: 768 }],
  ] as const) {
    it(`fits every phase of every bundled scenario at ${size} without scrolling`, async () => {
      const ctx = await context({ viewport });
      const page = await ctx.newPage();
      const ids = (await (await fetch(`${base}/`)).text()).match(/href="\/scenarios\/([a-z0-9-]+)\/"/g) ?? [];
      const scenarios = [...new Set(ids.map((h) => h.slice(17, -2)))];
      expect(scenarios.length).toBeGreaterThan(5);
      for (const id of scenarios) {
        await page.goto(`${base}/present/${id}/`);
        await page.locator(".projector").waitFor();
        for (let i = 0; i < 120; i++) {
          const here = await where(page, ".projector");
          expect(await overflow(page), `${id} ${JSON.stringify(here)}`).toEqual([]);
          if (id === ID && (here.step === "1" || here.phase === "ended"))
            await page.screenshot({ path: `${SHOTS}/projector-${size}-${here.phase}-${here.page}.png` });
          if (here.phase === "vote") {
            // One size takes the first option, the other the last: between them, more of every scenario is seen.
            const letters = await page.locator(".room-options .letter").allTextContents();
            await page.keyboard.press(((size === "1280x720" ? letters.at(-1) : letters[0]) ?? "A").toLowerCase());
            await page.keyboard.press("7");
          }
          if (await page.locator(".room-controls button:has-text('Next')").isDisabled()) break;
          await page.keyboard.press("ArrowRight");
        }
        expect((await where(page, ".projector")).phase).toBe("ended");
      }
      await ctx.close();
    });
  }

  it("is high contrast in dark mode too (axe), with screenshots", async () => {
    const ctx = await context({ colorScheme: "dark" });
    const projector = await ctx.newPage();
    await projector.goto(`${base}/present/${ID}/`);
    await projector.locator(".projector").waitFor();
    for (const phase of ["read", "discuss", "vote", "reveal", "compare"]) {
      expect(await where(projector, ".projector")).toMatchObject({ phase });
      if (phase === "vote") for (const key of ["b", "4", "a", "+"]) await projector.keyboard.press(key);
      expect(await axe(projector), phase).toEqual([]);
      await projector.screenshot({ path: `${SHOTS}/projector-dark-1920x1080-${phase}.png` });
      await projector.keyboard.press("ArrowRight");
    }
    const speaker = await ctx.newPage();
    await speaker.goto(`${base}/present/${ID}/speaker/`);
    await speaker.locator(".speaker-grid").waitFor();
    expect(await axe(speaker)).toEqual([]);
    await speaker.screenshot({ path: `${SHOTS}/speaker-dark.png`, fullPage: true });
    await ctx.close();
  });
});

/**
 * A stand-in for `rehearse room` in front of the built site: /api/room, an
 * event stream and the decision POST, the rest proxied to the static server.
 * (The real server has its own tests; this checks the projector's side.)
 */
async function fakeRoomServer(): Promise<{
  url: string;
  server: Server;
  decisions: unknown[];
  push(tally: Record<string, number>): void;
  stop(): void;
}> {
  const decisions: unknown[] = [];
  const streams = new Set<import("node:http").ServerResponse>();
  let decision: unknown = null;
  let tally: Record<string, number> = {};
  const state = (url: string) => ({
    code: "K7Q2",
    joinUrl: `${url}/join/`,
    joinQrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><path d="M0 0h2v2H0zM2 2h2v2H2z"/></svg>',
    decision,
    tally,
    devices: 5,
  });
  let address = "";
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/api/room") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(state(address)));
    } else if (path === "/api/room/events") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
      res.write(`retry: 60000\ndata: ${JSON.stringify(state(address))}\n\n`);
      streams.add(res);
      req.on("close", () => streams.delete(res));
    } else if (path === "/api/room/decision" && req.method === "POST") {
      let body = "";
      for await (const chunk of req) body += chunk;
      decision = (JSON.parse(body) as { decision: unknown }).decision;
      decisions.push(decision);
      res.writeHead(204).end();
      for (const s of streams) s.write(`data: ${JSON.stringify({ decision, tally })}\n\n`);
    } else {
      const upstream = await fetch(base + (req.url ?? "/"));
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "text/plain" });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: address,
    server,
    decisions,
    push(next) {
      tally = next;
      for (const s of streams) s.write(`data: ${JSON.stringify({ decision, tally })}\n\n`);
    },
    stop() {
      for (const s of streams) s.destroy();
      if (server.listening) server.close();
      server.closeAllConnections();
    },
  };
}

describe("with phones (a room server)", () => {
  it("shows the join code, opens and closes the vote, adds phone votes to hands, and carries on when the server stops", async () => {
    const room = await fakeRoomServer();
    try {
      const ctx = await context();
      const projector = await ctx.newPage();
      await projector.goto(`${room.url}/present/${ID}/`);
      await projector.locator(".projector.with-join").waitFor();
      expect(await projector.locator(".join").textContent()).toContain("K7Q2");
      expect(await projector.getByRole("img", { name: `QR code for ${room.url}/join/` }).count()).toBe(1);
      expect(await overflow(projector)).toEqual([]);
      expect(await axe(projector)).toEqual([]);
      await projector.screenshot({ path: `${SHOTS}/projector-1920x1080-phones-read.png` });
      await projector.keyboard.press("ArrowRight");
      await projector.keyboard.press("ArrowRight");
      await projector.locator(".projector[data-phase='vote']").waitFor();
      await expect.poll(() => JSON.stringify(room.decisions.at(-1))).toContain('"open":true');
      const open = room.decisions.at(-1) as { key: string; letters: string[] };
      expect(open.key).toBe("1:market");
      room.push({ A: 4, B: 1 });
      await expect.poll(() => tallyOf(projector)).toMatch(/^A 4, B 1/);
      await projector.keyboard.press("b");
      await projector.keyboard.press("3");
      await expect.poll(() => tallyOf(projector)).toMatch(/^A 4, B 4/);
      expect(await projector.locator(".room-options > li").nth(1).textContent()).toContain("3 hands + 1 phone");
      await projector.screenshot({ path: `${SHOTS}/projector-1920x1080-phones-vote.png` });
      await projector.keyboard.press("ArrowRight");
      await expect.poll(() => JSON.stringify(room.decisions.at(-1))).toContain('"open":false');
      // The server stops: the projector says so and the room keeps its place and its tally.
      room.stop();
      await projector.getByText("The room server has stopped").waitFor();
      expect(await where(projector, ".projector")).toMatchObject({ phase: "reveal", step: "1" });
      expect(await tallyOf(projector)).toMatch(/^A 4, B 4/);
      await projector.keyboard.press("ArrowRight");
      await projector.keyboard.press("ArrowRight");
      expect(await where(projector, ".projector")).toMatchObject({ phase: "read", step: "2" });
      await projector.screenshot({ path: `${SHOTS}/projector-1920x1080-server-lost.png` });
      await ctx.close();
    } finally {
      room.stop();
    }
  });
});
