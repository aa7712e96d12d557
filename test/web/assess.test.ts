/**
 * The self-assessment and the training record against the built site (issue #15 §1–2): the
 * "before" answers, a scenario played by keyboard, the "after" answers, the change per principle
 * on /progress/, and "Share with my coordinator", whose file reads as a rehearse.record/1 with no scores.
 */
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { compileCode } from "../../engine/compile/compile-code.ts";
import { parseTrainingRecord } from "../../engine/training-record.ts";
import { axe, launch, offOrigin, PHONE, PROJECTOR, recordRequests } from "./browser.ts";

const base = inject("baseURL");
const ID = "what-stays-in-the-circle";
const code = compileCode(readFileSync("scenarios/code.mdx", "utf8"), "code.mdx").value;
if (!code) throw new Error("scenarios/code.mdx does not compile");
const statements = code.principles.flatMap((p) => p.statements);
const firstText = statements[0]?.text ?? "";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** Answers every statement by keyboard: Tab into each group of radios, arrow keys to the answer, as a trainee would. */
async function answerAll(page: Page, answer: (i: number) => string) {
  for (const [i, s] of statements.entries()) {
    const group = page.getByRole("group", { name: s.text });
    await group.getByRole("radio", { name: answer(i), exact: true }).check();
  }
}

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

describe("self-assessment and sharing with a coordinator", () => {
  it("takes the before, plays, takes the after, shows the change, and shares a record without scores", async () => {
    const context = await browser.newContext({ viewport: PROJECTOR, acceptDownloads: true });
    const requests = recordRequests(context);
    const page = await context.newPage();
    const errors: Error[] = [];
    page.on("pageerror", (e) => errors.push(e));

    // The home page offers it before the first scenario.
    await page.goto(`${base}/`);
    await page.getByRole("link", { name: "self-assessment" }).click();
    await page.getByText("Before you start.").waitFor();
    expect(await axe(page), "axe on /assess/").toEqual([]);
    const save = page.getByRole("button", { name: "Save my answers" });
    expect(await save.isDisabled()).toBe(true);
    // Keyboard: Tab to the first radio group, arrow keys move and check within it.
    await page.getByRole("group", { name: firstText }).getByRole("radio").first().focus();
    await page.keyboard.press("ArrowRight");
    expect(
      await page
        .getByRole("group", { name: firstText })
        .getByRole("radio", { name: "Disagree", exact: true })
        .isChecked(),
    ).toBe(true);
    await answerAll(page, () => "Disagree");
    await page.getByText(`${statements.length} of ${statements.length} answered`).waitFor();
    await save.click();
    await page.getByRole("heading", { name: "Your answers are saved" }).waitFor();

    // A scenario, played by keyboard to its debrief.
    await page.goto(`${base}/scenarios/${ID}/`);
    await page.locator(".player[data-ready]").waitFor({ state: "attached" });
    await playToDebrief(page);

    // The after, whenever the trainee chooses: the page knows the before was taken.
    await page.goto(`${base}/assess/`);
    await page.getByText("Again, after some practice.").waitFor();
    await page.getByText("You have completed 1 scenario since.").waitFor();
    await answerAll(page, (i) => (i % 2 === 0 ? "Strongly agree" : "Agree"));
    await save.click();
    await page.getByRole("heading", { name: "Your answers are saved" }).waitFor();

    // /progress/: the change per principle next to what the runs tested.
    await page.goto(`${base}/progress/`);
    const table = page.locator("section.evaluation table");
    await table.waitFor();
    const rows = await table
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent?.trim())));
    expect(rows).toHaveLength(code.principles.length);
    for (const [i, p] of code.principles.entries()) {
      const first = statements.findIndex((s) => s.id === p.statements[0]?.id);
      const afterMean =
        p.statements.reduce((sum, _, j) => sum + ((first + j) % 2 === 0 ? 5 : 4), 0) / p.statements.length;
      const expected = Math.round(afterMean * 10) / 10;
      expect(rows[i]?.slice(0, 4)).toEqual([p.name, "2", String(expected), `+${Math.round((expected - 2) * 10) / 10}`]);
    }
    // Next to it, what the run tested: the principles the scenario scores count one run each.
    const tested = rows.filter((r) => r[4] === "1").length;
    expect(tested).toBeGreaterThan(0);
    expect(rows.filter((r) => r[4] === "0").every((r) => r[5] === "not tested")).toBe(true);
    expect(await axe(page), "axe on /progress/").toEqual([]);

    // Share: the plain-language screen first, then the file.
    await page.getByRole("button", { name: "Share with my coordinator" }).click();
    const box = page.getByRole("region", { name: "What the file holds" });
    await box.waitFor();
    const said = await box.textContent();
    expect(said).toContain("Your 1 completed run");
    expect(said).toContain("Not in the file: your scores");
    expect(await axe(page), "axe on the share screen").toEqual([]);
    await box.getByLabel("Name or pseudonym (optional)").fill("  Kestrel ");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      box.getByRole("button", { name: "Save the file" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^rehearse-record-\d{4}-\d{2}-\d{2}\.json$/);
    const text = await streamText(await download.createReadStream());
    const parsed = parseTrainingRecord(text);
    expect(parsed.ok, parsed.ok ? "" : parsed.error).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.record.pseudonym).toBe("Kestrel");
    expect(parsed.record.code).toEqual({ title: code.title, hash: code.hash });
    expect(parsed.record.assessments.map((a) => a.when)).toEqual(["before", "after"]);
    expect(Object.keys(parsed.record.assessments[0]?.answers ?? {}).sort()).toEqual(statements.map((s) => s.id).sort());
    expect(parsed.record.runs).toHaveLength(1);
    expect(parsed.record.runs[0]?.scenario).toBe(ID);
    expect(parsed.record.runs[0]?.steps.length).toBeGreaterThan(0);
    // No scores of any kind, in the file as saved (not only after parsing).
    for (const word of ['"scores"', '"percent"', '"reach"', '"flags"']) expect(text).not.toContain(word);
    await page.getByText("Nothing was sent").waitFor();

    expect(offOrigin(requests, base)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("fits a phone and 320 px without sideways scrolling, on /assess/ and with the change table on /progress/", async () => {
    for (const viewport of [PHONE, { width: 320, height: 640 }]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${base}/`);
      await page.evaluate(
        (answers) =>
          localStorage.setItem(
            "rehearse:assessments",
            JSON.stringify([
              { when: "before", at: "2026-11-01T10:00:00.000Z", answers },
              { when: "after", at: "2026-11-20T10:00:00.000Z", answers },
              { when: "during", at: "2026-11-21T10:00:00.000Z", answers },
            ]),
          ),
        Object.fromEntries(statements.map((s) => [s.id, 3])),
      );
      for (const path of ["/progress/", "/assess/"]) {
        await page.goto(base + path);
        if (path === "/progress/")
          await page.getByText("Some saved self-assessment answers could not be read").waitFor();
        await page.locator(path === "/assess/" ? "form" : "section.evaluation table").waitFor();
        const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        expect(wide, `${path} at ${viewport.width}px`).toBe(false);
        expect(await axe(page), `${path} at ${viewport.width}px`).toEqual([]);
      }
      // The damaged third answer was set aside once, and said so once; the two that read are kept.
      expect(
        await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("rehearse:corrupt:")).length),
      ).toBe(1);
      // The after is offered again: the page knows both were taken.
      await page.goto(`${base}/assess/`);
      await page.getByText("Again, after some practice.").waitFor();
      await context.close();
    }
  });
});
