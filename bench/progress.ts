/**
 * /progress/ with many runs (issue #13, item 11): how long Import takes for a
 * file of real runs and the longest task it blocks the page with (Long Tasks
 * API), then how long the page takes to open with them stored. Shared by
 * `npm run bench -- web` and test/web/import.test.ts.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { analyzeScenario } from "../engine/analyze.ts";
import { readCode, readScenario } from "../engine/load.ts";
import type { RunRecord } from "../engine/record.ts";
import { createSession } from "../engine/session.ts";
import { launch } from "../test/web/browser.ts";
import { serveStatic } from "../test/web/server.ts";
import { table, verdict } from "./measure.ts";

/** `count` completed runs of real paths through a bundled scenario, each with its own start time, newest last. */
export function realRuns(count: number, id = "what-stays-in-the-circle", dir = "scenarios"): RunRecord[] {
  const code = readCode(`${dir}/code.mdx`).value;
  const scenario = readScenario(`${dir}/${id}.mdx`, code).value;
  if (!scenario) throw new Error(`${id} does not compile`);
  const analysis = analyzeScenario(scenario);
  const paths: RunRecord[] = [];
  for (let p = 0; p < 24; p++) {
    const session = createSession(scenario, { analysis, seed: p });
    for (let i = 0; i < 60 && session.view().phase !== "ended"; i++) {
      const view = session.view();
      if (view.phase === "deciding") session.choose(((p + i) % view.choices.length) + 1);
      else session.continue();
    }
    paths.push(session.save());
  }
  const start = Date.parse("2025-01-01T00:00:00.000Z");
  return Array.from({ length: count }, (_, i) => {
    const path = paths[i % paths.length] as RunRecord;
    const at = start + i * 3_600_000;
    return { ...path, startedAt: new Date(at).toISOString(), finishedAt: new Date(at + 600_000).toISOString() };
  });
}

export const exportOf = (runs: readonly RunRecord[]) =>
  JSON.stringify({
    schema: "rehearse.export/1",
    exportedAt: new Date().toISOString(),
    completed: runs,
    inProgress: [],
  });

type Watched = { __longTasks: number[]; __profileAt?: number };

/** On every page load: records long tasks (`__longTasks`, ms) and when the profile table first appears (`__profileAt`). */
export async function instrument(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as Watched;
    const tasks: number[] = [];
    w.__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration);
    }).observe({ type: "longtask", buffered: true });
    const seen = new MutationObserver(() => {
      if (document.querySelector("table.profile")) {
        w.__profileAt = performance.now();
        seen.disconnect();
      }
    });
    seen.observe(document, { childList: true, subtree: true });
  });
}

const longTasks = (page: Page) => page.evaluate(() => [...(window as unknown as Watched).__longTasks]);

/** Writes an import file to a temporary path (handing the browser a path, not a buffer it must copy in the page). */
export function importFile(json: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "rehearse-import-")), "runs.json");
  writeFileSync(path, json);
  return path;
}

/** What Import ends with: its summary, or why nothing was imported. */
export const IMPORT_DONE = /^(Imported |There is not enough room|Importing this file would keep|That file )/;

/** Imports the file at `path` on /progress/ (already open): the time to Import's message, the long tasks meanwhile. */
export async function timeImport(
  page: Page,
  path: string,
): Promise<{ ms: number; longest: number; tasks: number; message: string }> {
  const before = (await longTasks(page)).length;
  const count = await page.locator(".notice").count();
  const started = Date.now();
  await page.locator("input[type=file]").setInputFiles(path);
  const notice = page.locator(".notice").nth(count);
  await notice.waitFor({ timeout: 60_000 });
  const ms = Date.now() - started;
  const tasks = (await longTasks(page)).slice(before);
  return {
    ms,
    longest: Math.round(Math.max(0, ...tasks)),
    tasks: tasks.length,
    message: (await notice.textContent()) ?? "",
  };
}

/** Opens /progress/: the time from the navigation's start to the profile table in the page, and the longest task. */
export async function timeOpen(page: Page, url: string): Promise<{ openMs: number; openLongest: number }> {
  await page.goto(url);
  await page.locator("table.profile").waitFor();
  const at = await page.evaluate(() => (window as unknown as Watched).__profileAt ?? Number.NaN);
  return { openMs: Math.round(at), openLongest: Math.round(Math.max(0, ...(await longTasks(page)))) };
}

/**
 * Records as /progress/ reads them from storage, without their steps: 10,000 real runs do not fit in a
 * browser's 5 million characters of storage, so opening with 10,000 is measured on these (about 4 MB).
 */
export const storedRuns = (count: number): RunRecord[] =>
  realRuns(count).map((r) => ({ ...r, steps: [], scores: {}, flags: [] }));

/**
 * The figures against a served site: Import of 10,000 real runs (as exported, about 15 MB: replayed, then
 * refused for want of room), Import of 3,000 (stored), /progress/ opening with them, and with 10,000 stored records.
 */
export async function progressFigures(page: Page, base: string) {
  const json10k = exportOf(realRuns(10_000));
  const json3k = exportOf(realRuns(3_000));
  await instrument(page);
  await page.goto(`${base}/progress/`);
  await page.getByRole("button", { name: "Import (JSON)" }).waitFor();
  const import10k = { bytes: Buffer.byteLength(json10k), ...(await timeImport(page, importFile(json10k))) };
  const import3k = { bytes: Buffer.byteLength(json3k), ...(await timeImport(page, importFile(json3k))) };
  const open3k = await timeOpen(page, `${base}/progress/`);
  const stored = JSON.stringify(storedRuns(10_000));
  await page.evaluate((list) => localStorage.setItem("rehearse:completed", list), stored);
  const open10k = { chars: stored.length, ...(await timeOpen(page, `${base}/progress/`)) };
  return { import10k, import3k, open3k, open10k };
}

/** `npm run bench -- web`: the /progress/ figures against a built site in `root`, with their goals. */
export async function progressBench(root: string) {
  const { url, server } = await serveStatic(root);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const f = await progressFigures(page, url);
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    console.log("\nSite: /progress/ with many runs (Import replays every run on its scenario)");
    console.log(
      table([
        ["what", "time", "goal", "", "longest task", "goal", ""],
        [
          `Import 10,000 runs as exported (${mb(f.import10k.bytes)}; replayed, then refused: no room)`,
          `${f.import10k.ms} ms`,
          "≤ 1 s",
          verdict(f.import10k.ms <= 1000),
          `${f.import10k.longest} ms`,
          "≤ 200 ms",
          verdict(f.import10k.longest <= 200),
        ],
        [
          `Import 3,000 runs (${mb(f.import3k.bytes)}; stored)`,
          `${f.import3k.ms} ms`,
          "≤ 1 s",
          verdict(f.import3k.ms <= 1000),
          `${f.import3k.longest} ms`,
          "≤ 200 ms",
          verdict(f.import3k.longest <= 200),
        ],
        [
          "open /progress/ with those 3,000 runs",
          `${f.open3k.openMs} ms`,
          "≤ 300 ms",
          verdict(f.open3k.openMs <= 300),
          `${f.open3k.openLongest} ms`,
          "",
          "",
        ],
        [
          `open /progress/ with 10,000 stored records (${mb(f.open10k.chars)}, steps left out to fit storage)`,
          `${f.open10k.openMs} ms`,
          "≤ 300 ms",
          verdict(f.open10k.openMs <= 300),
          `${f.open10k.openLongest} ms`,
          "",
          "",
        ],
      ]),
    );
  } finally {
    await browser.close();
    server.close();
  }
}
