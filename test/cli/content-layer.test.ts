import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./run-cli.ts";

// The site reads a workspace through Astro's content layer (web/content.config.ts, web/lib/loader.ts):
// a scenario with an error stops the build with the engine's positioned message, and the dev server
// shows a saved change without a restart. Astro is run as the room, exports and the benchmark run it.

const temp = mkdtempSync(join(tmpdir(), "rehearse-content-layer-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const SCENARIO = "the-screenshot.mdx";

/** A workspace with the bundled code and one scenario. */
function workspace(name: string): string {
  const dir = join(temp, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(ROOT, "scenarios/code.mdx"), join(dir, "code.mdx"));
  copyFileSync(join(ROOT, "scenarios", SCENARIO), join(dir, SCENARIO));
  return dir;
}

/**
 * The environment Astro gets from rehearse: not the test runner's own names (NODE_ENV=test and VITEST make
 * Astro's dev server answer 404 to every page; BASE_URL would become the site's base).
 */
const astroEnv = (scenarios: string) => ({
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith("VITEST") && !["NODE_ENV", "BASE_URL", "MODE", "DEV", "PROD", "SSR"].includes(name),
    ),
  ),
  ASTRO_TELEMETRY_DISABLED: "1",
  NO_COLOR: "1",
  REHEARSE_SCENARIOS: scenarios,
});

function edit(file: string, from: string, to: string) {
  const text = readFileSync(file, "utf8");
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

describe("the site's content layer", () => {
  it("stops the build at a scenario error with its file:line:column, not a stack trace", { timeout: 180_000 }, () => {
    const dir = workspace("broken");
    edit(join(dir, SCENARIO), '<Choice to="in-the-group"', '<Choice to="in-the-grup"');
    const out = join(temp, "broken-site");
    const result = spawnSync(
      process.execPath,
      [join(ROOT, "node_modules/astro/bin/astro.mjs"), "build", "--outDir", out],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: astroEnv(dir),
        timeout: 170_000,
      },
    );
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status).not.toBe(0);
    expect(output).toMatch(
      /the-screenshot\.mdx:\d+:9 {2}error {2}Unexpected target `in-the-grup`, expected `in-the-group`/,
    );
    expect(output).not.toMatch(/Stack trace|^\s+at /m);
    // Stopped before any page was written.
    expect(existsSync(join(out, "index.html"))).toBe(false);
  });

  it("shows a saved change in the dev server without a restart", { timeout: 180_000 }, async () => {
    const dir = workspace("live");
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // --ignore-lock: another dev server of this checkout (an engineer's `npm start`) must not stop the test.
    const dev: ChildProcess = spawn(
      process.execPath,
      [
        join(ROOT, "node_modules/astro/bin/astro.mjs"),
        "dev",
        "--ignore-lock",
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
      ],
      { cwd: ROOT, env: astroEnv(dir), stdio: "ignore" },
    );
    try {
      const page = async (path: string) => {
        try {
          const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(20_000) });
          return { status: response.status, text: await response.text() };
        } catch {
          return { status: 0, text: "" };
        }
      };
      const until = async (path: string, test: (p: { status: number; text: string }) => boolean, seconds: number) => {
        for (let i = 0; i < seconds * 2; i++) {
          const p = await page(path);
          if (test(p)) return p;
          await new Promise((r) => setTimeout(r, 500));
        }
        return page(path);
      };
      const first = await until("/scenarios/the-screenshot/", (p) => p.status === 200, 90);
      expect(first.status).toBe(200);
      expect(first.text).toContain("The screenshot");
      expect(first.text).not.toContain("The screenshot, saved again");

      edit(join(dir, SCENARIO), "title: The screenshot\n", "title: The screenshot, saved again\n");
      const after = await until(
        "/scenarios/the-screenshot/",
        (p) => p.text.includes("The screenshot, saved again"),
        30,
      );
      expect(after.text).toContain("The screenshot, saved again");

      // An error shows as the engine's positioned message in Astro's error overlay (sent over Vite's
      // socket to the page), and goes when it is fixed.
      const overlay: string[] = [];
      const socket = new WebSocket(`ws://127.0.0.1:${port}/`, "vite-hmr");
      socket.onmessage = (message) => overlay.push(String(message.data));
      await new Promise((opened) => {
        socket.onopen = opened;
        socket.onerror = opened;
      });
      edit(join(dir, SCENARIO), '<Choice to="in-the-group"', '<Choice to="in-the-grup"');
      const broken = await until("/code/", (p) => p.status === 500, 30);
      expect(broken.status).toBe(500);
      for (let i = 0; i < 20 && !overlay.some((m) => m.includes('"type":"error"')); i++)
        await new Promise((r) => setTimeout(r, 250));
      socket.close();
      const error = JSON.parse(overlay.find((m) => m.includes('"type":"error"')) ?? "{}");
      expect(error.err?.message).toMatch(/the-screenshot\.mdx:\d+:9 {2}error {2}Unexpected target/);
      edit(join(dir, SCENARIO), '<Choice to="in-the-grup"', '<Choice to="in-the-group"');
      const fixed = await until("/code/", (p) => p.status === 200, 30);
      expect(fixed.status).toBe(200);
    } finally {
      dev.kill("SIGTERM");
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
