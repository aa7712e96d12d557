/**
 * /cohort/ against the built site (issue #15 §3): a coordinator gives it record files (the file picker, a
 * folder, a zip, a drop), and the page shows the engine's report: the same numbers, small groups as
 * "fewer than 5", bad files with their reason, every table as CSV, nothing sent anywhere, no axe
 * violation, printable on A4.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type CohortFile, type CohortReport, cohortReport, DEFAULT_MINIMUM_GROUP } from "../../engine/cohort.ts";
import { cellText, cohortTables, tableCsv } from "../../engine/cohort-tables.ts";
import { readZip } from "../../web/lib/zip.ts";
import { generateCohort } from "../fixtures/cohort/generate.ts";
import { bundledLibrary } from "../fixtures/cohort/library.ts";
import { zipOf } from "../fixtures/cohort/zip.ts";
import { axe, launch, offOrigin, PHONE, PROJECTOR, recordRequests, screenshot } from "./browser.ts";

const base = inject("baseURL");
const library = bundledLibrary();
const M = DEFAULT_MINIMUM_GROUP;

/** Twelve trainees: enough for every principle's change, too few for most scenarios (suppressed). */
const records = generateCohort(library, { trainees: 12, runsPerTrainee: 4, seed: 15 });
/** A record with a run whose choice this library does not have: counted, that run left out. */
const stale = (() => {
  const r = JSON.parse(records[1]?.text ?? "{}");
  const run = r.runs.find((x: { steps: unknown[] }) => x.steps.length > 0);
  run.steps[0].choice = "an-option-long-gone";
  return { name: "record-2.json", text: JSON.stringify(r) };
})();
const files: CohortFile[] = [
  ...records.map((r, i) => (i === 1 ? stale : r)),
  { name: "copy-of-record-1.json", text: records[0]?.text ?? "" },
  { name: "notes.json", text: "{ these are my notes" },
  {
    name: "runs.json",
    text: JSON.stringify({ schema: "rehearse.run/2", scenario: "the-empty-chair", steps: [] }),
  },
];
const expected = cohortReport(files, library, { minimumGroup: M });
const tables = new Map(cohortTables(expected).map((t) => [t.id, t]));

let dir: string;
let browser: Browser;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rehearse-cohort-"));
  mkdirSync(join(dir, "records"));
  for (const f of files) writeFileSync(join(dir, "records", f.name), f.text);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const paths = () => files.map((f) => join(dir, "records", f.name));

async function open(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(`${base}/cohort/`);
  await page.getByRole("button", { name: "Choose files or a zip" }).waitFor();
  return page;
}

const drawn = (page: Page) => page.locator(".cohort[data-drawn]").waitFor({ timeout: 60_000 });

/** The figures at the top of the report, by their label. */
async function figures(page: Page): Promise<Record<string, string>> {
  const pairs = await page
    .locator(".figures > div")
    .evaluateAll((divs) => divs.map((d) => [d.querySelector("dt")?.textContent, d.querySelector("dd")?.textContent]));
  return Object.fromEntries(pairs);
}

/** A table's body as text, as the page shows it. */
const rowsOf = (page: Page, caption: string) =>
  page
    .locator("table", { has: page.locator("caption", { hasText: caption }) })
    .locator("tbody tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent ?? "")));

/** How the page writes an engine cell: numbers with thousands separators, null as a dash. */
const shown = (cell: Parameters<typeof cellText>[0]) =>
  cell === null ? "–" : typeof cell === "number" ? cell.toLocaleString("en") : cellText(cell, M);

async function text(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe("the cohort report", () => {
  it("shows the engine's report for the files chosen, suppresses small groups, lists bad files, offers CSV, sends nothing", async () => {
    const context = await browser.newContext({ viewport: PROJECTOR, acceptDownloads: true });
    const requests = recordRequests(context);
    const page = await open(context);
    expect(await page.getByText("The files are not uploaded or sent anywhere").count()).toBe(1);
    // The page's policy lets it connect to this site only (the browser enforces it, whatever the code does).
    // Two policies, both enforced: the site's, and this page's own, which allows connections to this site only
    // whatever the site's adds (a Learning Record Store for the player pages, when a group names one).
    const policies = (
      await page
        .locator('meta[http-equiv="content-security-policy"]')
        .evaluateAll((metas) => metas.map((m) => m.getAttribute("content") ?? ""))
    ).map(
      (csp) =>
        new Map(
          csp
            .split(";")
            .filter((d) => d.trim())
            .map((d) => {
              const [name = "", ...values] = d.trim().split(/\s+/);
              return [name, values.join(" ")] as const;
            }),
        ),
    );
    expect(policies.map((p) => [...p.keys()])).toContainEqual(["connect-src"]);
    expect(policies.find((p) => p.size === 1)?.get("connect-src")).toBe("'self'");
    const site = policies.find((p) => p.size > 1);
    expect(site?.get("default-src")).toBe("'self'");
    expect(site?.has("worker-src") ? site.get("worker-src") : "'self'").toBe("'self'");
    await page.waitForLoadState("networkidle");
    const before = requests.length;

    await page.getByLabel("Record files or zips").setInputFiles(paths());
    await drawn(page);
    await page.getByText(`Report ready: ${expected.trainees} trainees from ${files.length} files.`).waitFor();

    // Nothing left the page; what it fetched after the files were given is this site's own code and scenarios.
    expect(offOrigin(requests, base)).toEqual([]);
    for (const url of requests.slice(before))
      expect(url).toMatch(/\/(scenarios\/[a-z0-9-]+\/scenario\.json|_astro\/[^/]+\.js|favicon\.svg)$/);

    // The summary is the engine's.
    expect(expected.files).toMatchObject({ duplicates: 1, rejected: 2, notReplaying: 1 });
    expect(await figures(page)).toEqual({
      Trainees: String(expected.trainees),
      "Files given": String(files.length),
      "Duplicates counted once": "1",
      "Files left out": "2",
      "Records with runs that do not replay": "1",
      "Completed runs": String(expected.runs.completed),
    });
    // Bad files are listed with the engine's reasons; the duplicate and the run that does not replay too.
    const problems = await rowsOf(page, "Files left out or counted apart");
    expect(problems).toEqual(tables.get("problems")?.rows.map((r) => r.map(shown)));
    expect(problems.map((r) => r[0])).toEqual(
      expect.arrayContaining(["notes.json", "runs.json", "copy-of-record-1.json", "record-2.json"]),
    );
    expect(problems.find((r) => r[0] === "runs.json")?.[2]).toContain("a single run record");
    // Pseudonyms are never shown (the generator gives half the trainees one: "Trainee 3").
    expect(files.some((f) => f.text.includes('"pseudonym": "Trainee'))).toBe(true);
    expect(await page.locator("main").textContent()).not.toMatch(/Trainee \d/);

    // Every table alternative holds the engine's numbers; suppressed cells read "fewer than 5".
    for (const summary of await page.getByText("Show as table").all()) await summary.click();
    for (const id of ["change", "answers-before", "tested", "scenarios", "endings", "positions", "divergence"]) {
      const table = tables.get(id);
      if (!table) throw new Error(`no table ${id}`);
      expect(await rowsOf(page, table.title), id).toEqual(table.rows.map((r) => r.map(shown)));
    }
    const suppressedScenario = expected.scenarios.find((s) => s.results.suppressed);
    const visibleScenario = expected.scenarios.find((s) => !s.results.suppressed);
    expect(suppressedScenario && visibleScenario).toBeTruthy();
    const tones = page.getByRole("figure", { name: "Endings by tone, per scenario" });
    expect(await tones.getByRole("img", { name: `${suppressedScenario?.title}: fewer than 5` }).count()).toBe(1);
    expect(await page.locator("td.suppressed").first().textContent()).toBe("fewer than 5");
    // The chart says the same as the table: the change per principle.
    const change = expected.principles[0]?.change;
    if (!change || change.suppressed) throw new Error("the first principle's change should be shown");
    const name = await page
      .getByRole("figure", { name: /Mean change per principle/ })
      .getByRole("img")
      .first()
      .getAttribute("aria-label");
    expect(name).toContain(`${change.n} trainees`);

    expect(await axe(page), "axe on the report").toEqual([]);

    // CSV: one table, then every table in one zip.
    const changeTable = tables.get("change");
    if (!changeTable) throw new Error("no change table");
    const [one] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: `Download “${changeTable.title}” as CSV` }).click(),
    ]);
    expect(one.suggestedFilename()).toBe("cohort-change.csv");
    expect((await text(one)).toString("utf8")).toBe(tableCsv(changeTable, M));
    const [all] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download every table (CSV, in a zip)" }).click(),
    ]);
    const zip = await readZip(new Blob([new Uint8Array(await text(all))]));
    if (!zip.ok) throw new Error(zip.error);
    expect(zip.members.map((m) => m.name)).toEqual([...tables.keys()].map((id) => `cohort-${id}.csv`));
    for (const m of zip.members) {
      const table = tables.get(m.name.replace(/^cohort-|\.csv$/g, ""));
      expect("data" in m && table && new TextDecoder().decode(m.data)).toBe(table && tableCsv(table, M));
    }

    for (const [w, h] of [
      [PHONE.width, PHONE.height],
      [PROJECTOR.width, PROJECTOR.height],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `no sideways scroll at ${w}`).toBe(w);
      await screenshot(page, `cohort-${w}x${h}`);
    }
    // The narrowest phone, or 1280 px at 400% zoom.
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scroll at 320").toBe(320);

    // Printable: no buttons or drop zone, nothing wider than an A4 page (about 718 px between 15 mm margins).
    await page.setViewportSize({ width: 718, height: 1000 });
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".drop-zone").isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Print the report" }).isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(718);
    const breaks = await page
      .locator(".cohort-section")
      .evaluateAll((sections) => sections.map((s) => getComputedStyle(s).breakBefore));
    expect(breaks.slice(1).every((b) => b === "page")).toBe(true);
    await page.emulateMedia({ media: "screen" });

    expect(offOrigin(requests, base)).toEqual([]);
    await context.close();
    // axe over every table and three full-page screenshots of a long report take their time on a busy machine.
  }, 180_000);

  it("reads a zip, a folder and a drop; a zip it cannot read is listed with the reason", async () => {
    const context = await browser.newContext({ viewport: PROJECTOR });
    const requests = recordRequests(context);
    const page = await open(context);

    // A zip of the same files, with macOS's clutter and a member in a method the page cannot read.
    const zip = join(dir, "cohort.zip");
    writeFileSync(
      zip,
      zipOf([
        ...files.map((f) => ({ name: `cohort/${f.name}`, text: f.text })),
        { name: "__MACOSX/cohort/._record-1.json", text: "resource fork" },
        { name: "cohort/old.json", text: "BZh91AY&SY", method: 12 },
      ]),
    );
    writeFileSync(join(dir, "broken.zip"), readFileSync(zip).subarray(0, 100));
    // Not UTF-8: a photo saved under a record's name.
    writeFileSync(join(dir, "scan.json"), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]));
    await page.getByLabel("Record files or zips").setInputFiles([zip, join(dir, "broken.zip"), join(dir, "scan.json")]);
    await drawn(page);
    expect((await figures(page)).Trainees).toBe(String(expected.trainees));
    // What the page could not open is listed by the engine with the rest, with its reason.
    expect(await rowsOf(page, "Files left out or counted apart")).toEqual(
      expect.arrayContaining([
        [
          "cohort.zip › cohort/old.json",
          "left out",
          'it is compressed with a method this page cannot read (BZIP2); make the zip with the ordinary "deflate" setting',
        ],
        ["broken.zip", "left out", "it is not a zip file (no zip directory at its end)"],
        ["scan.json", "left out", "it is not a text file (a record file is JSON text)"],
      ]),
    );
    expect(await figures(page)).toMatchObject({
      "Files given": String(files.length + 3),
      "Files left out": String(expected.files.rejected + 3),
    });
    // The same records again, from a folder: every one is counted once.
    await page.getByLabel("A folder of record files").setInputFiles(join(dir, "records"));
    await page.getByText(`Report ready: ${expected.trainees} trainees from ${files.length * 2 + 3} files.`).waitFor();
    await drawn(page);
    const twice = cohortReport([...files, ...files], library, { minimumGroup: M });
    expect((await figures(page))["Duplicates counted once"]).toBe(String(twice.files.duplicates));

    // Start again, then a drop of two files.
    await page.getByRole("button", { name: "Start again" }).click();
    await page.getByText("Cleared: the page holds no records now.").waitFor();
    const two = files.slice(0, 2);
    await page.evaluate((given) => {
      const transfer = new DataTransfer();
      for (const f of given) transfer.items.add(new File([f.text], f.name, { type: "application/json" }));
      document
        .querySelector(".drop-zone")
        ?.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true }));
    }, two);
    await page.getByText("Report ready: 2 trainees from 2 files.").waitFor();
    await drawn(page);
    const small: CohortReport = cohortReport(two, library, { minimumGroup: M });
    expect(small.trainees).toBe(2);
    // Two trainees: every breakdown is suppressed, and the page says so.
    expect(await page.getByText("fewer than 5", { exact: true }).count()).toBeGreaterThan(0);
    expect(offOrigin(requests, base)).toEqual([]);
    await context.close();
  });
});
