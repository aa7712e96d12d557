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
import { exportText } from "../engine/archive.ts";
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

/** An export file of `runs`, as /progress/ writes it. */
export const exportOf = (runs: readonly RunRecord[]) => exportText(runs, [], new Date().toISOString());

type Watched = { __longTasks: number[]; __progressAt?: number; __beat?: { last: number; gap: number; timer: number } };

/** On every page load: records long tasks (`__longTasks`, ms) and when the progress view first appears (`__progressAt`). */
export async function instrument(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as Watched;
    const tasks: number[] = [];
    w.__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration);
    }).observe({ type: "longtask", buffered: true });
    const seen = new MutationObserver(() => {
      if (document.querySelector(".progress")) {
        w.__progressAt = performance.now();
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

/**
 * Imports the file at `path` on /progress/ (already open): the time to Import's message, the long tasks
 * meanwhile, and the longest the page went without running a 10 ms timer (`gap`: what a trainee feels as a freeze).
 */
export async function timeImport(
  page: Page,
  path: string,
): Promise<{ ms: number; longest: number; tasks: number; gap: number; message: string }> {
  const before = (await longTasks(page)).length;
  const count = await page.locator(".notice").count();
  await page.evaluate(() => {
    const w = window as unknown as Watched;
    const beat = { last: performance.now(), gap: 0, timer: 0 };
    beat.timer = window.setInterval(() => {
      const now = performance.now();
      beat.gap = Math.max(beat.gap, now - beat.last);
      beat.last = now;
    }, 10);
    w.__beat = beat;
  });
  const started = Date.now();
  await page.locator("input[type=file]").setInputFiles(path);
  const notice = page.locator(".notice").nth(count);
  await notice.waitFor({ timeout: 60_000 });
  const ms = Date.now() - started;
  const gap = await page.evaluate(() => {
    const beat = (window as unknown as Watched).__beat;
    if (!beat) return Number.NaN;
    clearInterval(beat.timer);
    return Math.round(Math.max(beat.gap, performance.now() - beat.last));
  });
  const tasks = (await longTasks(page)).slice(before);
  return {
    ms,
    longest: Math.round(Math.max(0, ...tasks)),
    tasks: tasks.length,
    gap,
    message: (await notice.textContent()) ?? "",
  };
}

/** Opens /progress/: the time from the navigation's start to the progress view in the page, and the longest task. */
export async function timeOpen(page: Page, url: string): Promise<{ openMs: number; openLongest: number }> {
  await page.goto(url);
  await page.locator(".progress").waitFor();
  const at = await page.evaluate(() => (window as unknown as Watched).__progressAt ?? Number.NaN);
  return { openMs: Math.round(at), openLongest: Math.round(Math.max(0, ...(await longTasks(page)))) };
}

/** {@link timeOpen} three times: the median time, and the longest task of any. */
async function medianOpen(page: Page, url: string): Promise<{ openMs: number; openLongest: number }> {
  const opens = [await timeOpen(page, url), await timeOpen(page, url), await timeOpen(page, url)];
  const times = opens.map((o) => o.openMs).sort((a, b) => a - b);
  return { openMs: times[1] as number, openLongest: Math.max(...opens.map((o) => o.openLongest)) };
}

/** The time the page takes to `JSON.parse` a text of `chars` characters: a yardstick for the machine's load. */
async function parseYardstick(page: Page, json: string): Promise<number> {
  return page.evaluate((text) => {
    const started = performance.now();
    JSON.parse(text);
    return Math.round(performance.now() - started);
  }, json);
}

/**
 * The figures against a served site: Import of 10,000 real runs as exported (about 15 MB: replayed in a worker,
 * stored in the archive), /progress/ opening with them and empty, an old browser's 3,000 runs saved in the
 * format before the archive (opened once to move them into it, then again), and a yardstick: the page's
 * `JSON.parse` of the 10,000-run file, which scales with the machine's load as the rest does.
 */
export async function progressFigures(page: Page, base: string) {
  const json10k = exportOf(realRuns(10_000));
  await instrument(page);
  const open0 = await medianOpen(page, `${base}/progress/`);
  const yardstick = await parseYardstick(page, json10k);
  const import10k = { bytes: Buffer.byteLength(json10k), ...(await timeImport(page, importFile(json10k))) };
  const stored = await page.evaluate(() => localStorage.getItem("rehearse:archive")?.length ?? 0);
  const open10k = { chars: stored, ...(await medianOpen(page, `${base}/progress/`)) };
  const legacy = JSON.stringify(realRuns(3_000));
  await page.evaluate((list) => {
    localStorage.clear();
    localStorage.setItem("rehearse:completed", list);
  }, legacy);
  const migrate3k = { chars: legacy.length, ...(await timeOpen(page, `${base}/progress/`)) };
  const open3k = await timeOpen(page, `${base}/progress/`);
  return { open0, yardstick, import10k, open10k, migrate3k, open3k };
}

/** `npm run bench -- web`: the /progress/ figures against a built site in `root`, with their goals. */
export async function progressBench(root: string) {
  const { url, server } = await serveStatic(root);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const f = await progressFigures(page, url);
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    const ratio = (ms: number, of: number) => `${(ms / of).toFixed(1)}×`;
    console.log(
      `\nSite: /progress/ with many runs (Import replays every run on its scenario, in a worker); yardstick: the page's JSON.parse of the 10,000-run file, ${f.yardstick} ms`,
    );
    console.log(
      table([
        ["what", "time", "× yardstick", "goal", "", "longest task", "goal", ""],
        [
          `Import 10,000 runs as exported (${mb(f.import10k.bytes)}; stored: ${mb(f.open10k.chars)} in the archive)`,
          `${f.import10k.ms} ms`,
          ratio(f.import10k.ms, f.yardstick),
          "≤ 1 s",
          verdict(f.import10k.ms <= 1000),
          `${f.import10k.longest} ms (longest pause ${f.import10k.gap} ms)`,
          "≤ 200 ms",
          verdict(f.import10k.longest <= 200),
        ],
        [
          "open /progress/ with those 10,000 runs (median of 3)",
          `${f.open10k.openMs} ms`,
          ratio(f.open10k.openMs, f.yardstick),
          "≤ 300 ms",
          verdict(f.open10k.openMs <= 300),
          `${f.open10k.openLongest} ms`,
          "",
          "",
        ],
        [
          "… with no runs",
          `${f.open0.openMs} ms`,
          ratio(f.open0.openMs, f.yardstick),
          "",
          "",
          `${f.open0.openLongest} ms`,
          "",
          "",
        ],
        [
          `… with 3,000 runs saved before the archive (${mb(f.migrate3k.chars)}; moved into it)`,
          `${f.migrate3k.openMs} ms`,
          ratio(f.migrate3k.openMs, f.yardstick),
          "",
          "",
          `${f.migrate3k.openLongest} ms`,
          "",
          "",
        ],
        [
          "… then again",
          `${f.open3k.openMs} ms`,
          ratio(f.open3k.openMs, f.yardstick),
          "≤ 300 ms",
          verdict(f.open3k.openMs <= 300),
          `${f.open3k.openLongest} ms`,
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
