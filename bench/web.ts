/**
 * The site's figures: bytes (raw and gzip) of the JS and CSS a player page
 * loads before the first interaction and of the whole page; what the first
 * interaction and a whole run to the debrief add; and build time for the
 * bundled library and for 50 and 200 generated scenarios.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { launch } from "../test/web/browser.ts";
import { serveStatic } from "../test/web/server.ts";
import { generateScenario } from "./generate.ts";
import { ratio, table, verdict } from "./measure.ts";
import { progressBench } from "./progress.ts";

const KB = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function build(scenarios: string, outDir: string): number {
  const started = performance.now();
  execFileSync(process.execPath, ["node_modules/astro/bin/astro.mjs", "build", "--silent"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1", REHEARSE_SCENARIOS: scenarios, REHEARSE_OUT_DIR: outDir },
  });
  return performance.now() - started;
}

function generatedLibrary(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), `rehearse-bench-${count}-`));
  copyFileSync("scenarios/code.mdx", join(dir, "code.mdx"));
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `generated-${i}.mdx`), generateScenario(12, i + 1));
  return dir;
}

type Body = { kind: string; raw: number; gzip: number; url: string; when: "load" | "first interaction" | "run" };

/**
 * Everything a player page loads before any interaction, by kind, with inline
 * scripts and styles counted too; then what the first interaction (the mouse
 * moving) fetches, and what playing on to the debrief by keyboard adds.
 */
async function pageWeight(root: string, path: string) {
  const { url, server } = await serveStatic(root);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const bodies: Body[] = [];
    let when: Body["when"] = "load";
    const pending: Promise<void>[] = [];
    page.on("response", (response) => {
      const kind = response.request().resourceType();
      const at = when;
      pending.push(
        response
          .body()
          .catch(() => Buffer.alloc(0))
          .then((body) => {
            bodies.push({
              kind,
              raw: body.length,
              gzip: gzipSync(body, { level: 9 }).length,
              url: response.url(),
              when: at,
            });
          }),
      );
    });
    await page.goto(url + path, { waitUntil: "networkidle" });
    await page.waitForTimeout(300);
    // Inline scripts and styles are part of the document's bytes; they are listed (not added) so the JS and CSS
    // budgets can count them. The player's JSON data block is not executed, so it is data, not JS.
    const inline = await page.evaluate(() =>
      [...document.querySelectorAll("script:not([src]), style")].map((e) => ({
        kind:
          e.tagName === "STYLE"
            ? "inline stylesheet"
            : e.getAttribute("type") === "application/json"
              ? "inline data"
              : "inline script",
        text: e.textContent ?? "",
      })),
    );
    for (const { kind, text } of inline) {
      const body = Buffer.from(text);
      bodies.push({
        kind,
        raw: body.length,
        gzip: gzipSync(body, { level: 9 }).length,
        url: "(in the document)",
        when,
      });
    }
    when = "first interaction";
    await page.mouse.move(10, 10);
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(300);
    when = "run";
    for (let i = 0; i < 60 && !(await page.locator(".debrief").count()); i++) {
      const phase = await page.locator(".player").getAttribute("data-phase");
      await page.keyboard.press(phase === "deciding" ? "1" : "Enter");
      await page.waitForTimeout(50);
    }
    await page.locator(".debrief").waitFor();
    await page.waitForLoadState("networkidle");
    await Promise.all(pending);
    return bodies;
  } finally {
    await browser.close();
    server.close();
  }
}

/** The page grows with the first scene, not with the scenario: a 12-scene and a 120-scene scenario side by side. */
function lengthTable(dist: string) {
  const dir = mkdtempSync(join(tmpdir(), "rehearse-bench-long-"));
  try {
    copyFileSync("scenarios/code.mdx", join(dir, "code.mdx"));
    for (const scenes of [12, 120]) writeFileSync(join(dir, `long-${scenes}.mdx`), generateScenario(scenes, scenes));
    build(dir, dist);
    const gz = (path: string) => {
      const body = readFileSync(path);
      return [KB(body.length), KB(gzipSync(body, { level: 9 }).length)];
    };
    console.log("\nSite: the player page's document and the scenario fetched on the first interaction, by length");
    console.log(
      table([
        ["scenario", "page raw", "page gzip", "scenario.json raw", "scenario.json gzip"],
        ...[12, 120].map((scenes) => [
          `generated, ${scenes} scenes`,
          ...gz(join(dist, "scenarios", `long-${scenes}`, "index.html")),
          ...gz(join(dist, "scenarios", `long-${scenes}`, "scenario.json")),
        ]),
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function webBench() {
  const out = mkdtempSync(join(tmpdir(), "rehearse-site-"));
  const times: [string, number, number][] = [];
  try {
    const bundled = build("scenarios", join(out, "bundled"));
    times.push(["bundled library (12 scenarios)", 12, bundled]);
    for (const count of [50, 200]) {
      const dir = generatedLibrary(count);
      const dist = join(out, `generated-${count}`);
      mkdirSync(dist, { recursive: true });
      times.push([`${count} generated scenarios (12 scenes each)`, count, build(dir, dist)]);
      rmSync(dir, { recursive: true, force: true });
    }
    const bodies = await pageWeight(join(out, "bundled"), "/scenarios/what-stays-in-the-circle/");
    const sum = (pick: (b: (typeof bodies)[number]) => boolean) =>
      bodies.filter(pick).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
    const atLoad = (b: Body) => b.when === "load";
    const jsCss = sum((b) => atLoad(b) && /script|stylesheet/.test(b.kind));
    const js = sum((b) => atLoad(b) && /script/.test(b.kind));
    const all = sum((b) => atLoad(b) && !b.kind.startsWith("inline"));
    const first = sum((b) => b.when === "first interaction");
    const run = sum((b) => !b.kind.startsWith("inline"));
    console.log("\nSite: the player page (the largest bundled scenario)");
    console.log(
      table([
        ["what", "raw", "gzip", "goal", ""],
        [
          "JS before the first interaction (files + inline scripts)",
          KB(js.raw),
          KB(js.gzip),
          "≤ 26 KB gzip",
          verdict(js.gzip <= 26 * 1024),
        ],
        [
          "JS + CSS before the first interaction",
          KB(jsCss.raw),
          KB(jsCss.gzip),
          "≤ 26 KB (stricter)",
          verdict(jsCss.gzip <= 26 * 1024),
        ],
        [
          "whole page before the first interaction",
          KB(all.raw),
          KB(all.gzip),
          "≤ 32 KB gzip",
          verdict(all.gzip <= 32 * 1024),
        ],
        ["fetched on the first interaction (the rest of the scenario)", KB(first.raw), KB(first.gzip), "", ""],
        ["everything for a whole run, to the debrief", KB(run.raw), KB(run.gzip), "", ""],
      ]),
    );
    console.log(
      table([
        ["file", "kind", "when", "raw", "gzip"],
        ...bodies.map((b) => [b.url.replace(/^https?:\/\/[^/]+/, ""), b.kind, b.when, KB(b.raw), KB(b.gzip)]),
      ]),
    );
    lengthTable(join(out, "long"));
    await progressBench(join(out, "bundled"));
    console.log("\nSite: build time (astro build, whole process)");
    const [, second, third] = times;
    console.log(table([["library", "build"], ...times.map(([name, , t]) => [name, `${(t / 1000).toFixed(2)} s`])]));
    if (second && third) {
      const growth = third[2] / second[2];
      console.log(
        `200 vs 50 scenarios: ${ratio(growth)} the time for 4× the scenarios (goal: ≤ 4×, no faster than linear) ${verdict(growth <= 4)}`,
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith("bench/web.ts")) await webBench();
