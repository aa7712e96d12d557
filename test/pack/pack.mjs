/**
 * rehearse as a user installs it (issue #16): `npm pack`, then, in an empty
 * temporary folder outside this repository, install the tarball, `rehearse
 * init`, `rehearse check`, `rehearse build`, serve `dist/` on 127.0.0.1 and play
 * the first decision of a player page in Chromium. Exit 0 when every step
 * holds; prints the tarball's size, the installed size and the time of init +
 * first build. `node test/pack/pack.mjs` (CI runs it after `npm test`);
 * `npm run bench -- pack` prints the same figures.
 *
 * The install fetches rehearse's dependencies from the npm registry (or the
 * local cache); nothing in the temporary folder points back at this checkout.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SCENARIO = "the-screenshot";
/** The first scene's feedback, one of which appears whichever option is taken first. */
const FEEDBACK = [
  "You answer quickly and kindly",
  "Not being on call is a fair boundary",
  "You turn up when it matters",
];

/** An environment without npm's per-run settings (npm run sets npm_config_* from this checkout). */
function cleanEnv() {
  const env = { ...process.env, NO_COLOR: "1", ASTRO_TELEMETRY_DISABLED: "1" };
  for (const name of Object.keys(env)) if (name.startsWith("npm_")) delete env[name];
  return env;
}

function run(command, args, cwd, timeout = 600_000) {
  const result = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: "utf8", timeout });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} (in ${cwd}) exited ${result.status ?? result.signal}:\n${(result.stdout ?? "").slice(-3000)}\n${(result.stderr ?? "").slice(-3000)}`,
    );
  return result.stdout;
}

function sizeOf(path) {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.size;
  let total = 0;
  for (const name of readdirSync(path)) total += sizeOf(join(path, name));
  return total;
}

const TYPES = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".webmanifest": "application/manifest+json",
};

/** A static server for `dir` on 127.0.0.1 (a free port), as any plain web server would serve it. */
function serve(dir) {
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent((req.url ?? "/").split("?")[0]));
    if (path.endsWith("/")) path += "index.html";
    const file = resolve(dir, `.${path}`);
    if (!file.startsWith(resolve(dir)) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

async function playFirstDecision(base) {
  const { chromium } = await import("playwright-core");
  const which = ["chromium", "chromium-browser", "google-chrome"].map((name) => {
    try {
      return execFileSync("which", [name], { encoding: "utf8" }).trim();
    } catch {
      return "";
    }
  });
  const executablePath = process.env.CHROMIUM_PATH ?? which.find(Boolean);
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
    headless: true,
  });
  try {
    const page = await browser.newPage({ serviceWorkers: "block" });
    const problems = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("response", (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    try {
      await page.goto(`${base}/scenarios/${SCENARIO}/`, { timeout: 30_000 });
      await page.getByRole("heading", { name: "The screenshot" }).first().waitFor({ timeout: 15_000 });
      // Once the island is up, keys 1–9 choose an option; its feedback follows.
      await page.locator(".player[data-ready]").waitFor({ state: "attached", timeout: 30_000 });
      await page.keyboard.press("1");
      await page.locator(".player[data-phase='feedback']").waitFor({ timeout: 20_000 });
      await page
        .getByText(new RegExp(FEEDBACK.join("|")))
        .first()
        .waitFor({ timeout: 20_000 });
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message.split("\n")[0] : error}\n${problems.join("\n")}`);
    }
    if (problems.length) throw new Error(`the player page had problems:\n${problems.join("\n")}`);
  } finally {
    await browser.close();
  }
}

/** Runs every step; returns the figures. Throws with the failing step's output. */
export async function packTest({ log = () => {} } = {}) {
  return runSteps(log);
}

/** Plays the first decision of a site already built (`node test/pack/pack.mjs --site dist`), to try the browser step alone. */
export async function playSite(dir) {
  const server = await serve(dir);
  try {
    await playFirstDecision(`http://127.0.0.1:${server.address().port}`);
  } finally {
    server.close();
  }
}

async function runSteps(log) {
  const temp = mkdtempSync(join(tmpdir(), "rehearse-pack-"));
  let server;
  try {
    log("npm pack…");
    const packed = run("npm", ["pack", "--json", "--pack-destination", temp], ROOT);
    const info = JSON.parse(packed.slice(packed.indexOf("[")))[0];
    const tarball = join(temp, info.filename);

    log("installing the tarball in an empty folder…");
    const app = join(temp, "app");
    mkdirSync(app);
    writeFileSync(
      join(app, "package.json"),
      `${JSON.stringify({ name: "rehearse-pack-test", private: true }, null, 2)}\n`,
    );
    run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball], app);
    const installed = sizeOf(join(app, "node_modules"));

    const rehearse = join(app, "node_modules", ".bin", "rehearse");
    const started = performance.now();
    log("rehearse init, check, build…");
    run(rehearse, ["init", "ws", "--pick", `${SCENARIO},what-stays-in-the-circle`], app);
    const ws = join(app, "ws");
    run(rehearse, ["check", "--quiet"], ws);
    run(rehearse, ["build"], ws);
    const initAndBuild = performance.now() - started;
    if (!existsSync(join(ws, "dist", "scenarios", SCENARIO, "index.html")))
      throw new Error("the build wrote no player page");

    log("serving dist/ and playing a decision in Chromium…");
    server = await serve(join(ws, "dist"));
    await playFirstDecision(`http://127.0.0.1:${server.address().port}`);
    return { tarball: info.size, unpacked: info.unpackedSize, files: info.entryCount, installed, initAndBuild };
  } finally {
    server?.close();
    rmSync(temp, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const MB = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  try {
    const site = process.argv.indexOf("--site");
    if (site > 0) {
      await playSite(process.argv[site + 1]);
      console.log("pack: the site plays");
      process.exit(0);
    }
    const f = await packTest({ log: (step) => console.log(`pack: ${step}`) });
    console.log(
      `pack: ok: tarball ${MB(f.tarball)} (${f.files} files, ${MB(f.unpacked)} unpacked); installed ${MB(f.installed)}; init + first build ${(f.initAndBuild / 1000).toFixed(1)} s`,
    );
  } catch (error) {
    console.error(`pack: FAILED: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
