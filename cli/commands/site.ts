/**
 * `rehearse build` and `rehearse dev`: the training site of the workspace (or
 * of this repository's scenarios/), made by this package's Astro project. The
 * output folder is Astro's own `--outDir`; the workspace reaches astro.config.mjs,
 * the one place that reads it, as REHEARSE_SCENARIOS (Astro's command line takes no
 * option of a project's own), with REHEARSE_CONFIG for its settings. From there
 * the site's content loader (web/lib/loader.ts) compiles and watches it.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { displayPath } from "../../engine/load.ts";
import { UsageError } from "../args.ts";
import type { Io } from "../io.ts";
import { styles } from "../io.ts";
import { terminalSafe } from "../render/terminal-safe.ts";
import { findWorkspace, type WorkspacePlace } from "../workspace.ts";

type Target = { readonly place: WorkspacePlace | undefined; readonly scenarios: string; readonly root: string };

function target(io: Io, dir: string | undefined): Target {
  const place = dir === undefined ? findWorkspace(io.cwd) : undefined;
  const scenarios = resolve(dir ?? place?.scenarios ?? "scenarios");
  return { place, scenarios, root: place?.root ?? resolve(".") };
}

/** The settings, then every scenario: a site is built only from a workspace without errors. */
async function checked(t: Target, io: Io, command: string): Promise<boolean> {
  if (t.place) {
    const { checkConfig } = await import("./config.ts");
    if (checkConfig(t.place, io) > 0) {
      io.err(`rehearse ${command}: fix ${displayPath(t.place.configFile)} (above), then run it again\n`);
      return false;
    }
  }
  const { runCheck } = await import("./check.ts");
  const code = await runCheck([relative(process.cwd(), t.scenarios) || "."], "text", undefined, io, { quiet: true });
  if (code !== 0) {
    io.err(`rehearse ${command}: the scenarios have errors (above), so nothing was built; fix them and run it again\n`);
    return false;
  }
  return true;
}

/**
 * The environment without the names Vite gives `import.meta.env` (a test runner built on Vite sets
 * BASE_URL=/ in its own environment, and the site build would read it instead of the workspace's base).
 */
function withoutViteNames(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of ["BASE_URL", "MODE", "DEV", "PROD", "SSR", "SITE", "ASSETS_PREFIX"]) delete copy[name];
  return copy;
}

/** Astro's command-line entry, from this package's dependencies. */
function astroBin(root: string): string {
  try {
    return join(dirname(createRequire(join(root, "package.json")).resolve("astro/package.json")), "bin/astro.mjs");
  } catch {
    return join(root, "node_modules/astro/bin/astro.mjs");
  }
}

async function astro(
  args: readonly string[],
  t: Target,
  outDir: string | undefined,
  io: Io,
  pipe: boolean,
): Promise<number> {
  const { projectRoot } = await import("../room/site.ts");
  const root = projectRoot();
  return new Promise((done) => {
    const env = {
      ...withoutViteNames(process.env),
      ASTRO_TELEMETRY_DISABLED: "1",
      REHEARSE_SCENARIOS: t.scenarios,
      ...(t.place ? { REHEARSE_CONFIG: t.place.configFile } : {}),
    };
    const child = spawn(process.execPath, [astroBin(root), ...args, ...(outDir ? ["--outDir", outDir] : [])], {
      cwd: root,
      env,
      stdio: pipe ? ["ignore", "pipe", "pipe"] : "inherit",
    });
    child.stdout?.on("data", (chunk: Buffer) => io.out(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => io.err(chunk.toString()));
    child.on("error", (error) => {
      io.err(`rehearse: could not start Astro: ${terminalSafe(error.message)}\n`);
      done(1);
    });
    // Ctrl+C reaches Astro from the terminal itself; a SIGTERM sent to rehearse alone is passed on.
    const stop = () => child.kill("SIGTERM");
    process.once("SIGTERM", stop);
    child.on("close", (status) => {
      process.off("SIGTERM", stop);
      done(status ?? 1);
    });
  });
}

/** `rehearse build [--out dir]`: check, then the static site in dist/ (or --out). */
export async function runBuild(out: string | undefined, dir: string | undefined, io: Io): Promise<number> {
  const t = target(io, dir);
  const outDir = resolve(out ?? join(t.root, "dist"));
  const shown = displayPath(outDir) || ".";
  const inside = (folder: string, path: string) => path === folder || path.startsWith(`${folder}${sep}`);
  if (inside(outDir, t.scenarios) || inside(outDir, t.root) || inside(outDir, process.cwd()))
    throw new UsageError(`--out ${shown} holds the workspace itself; give a folder of its own, such as dist`);
  if (existsSync(outDir) && readdirSync(outDir).length > 0 && !existsSync(join(outDir, "index.html")))
    throw new UsageError(
      `${shown} is not empty and holds no site built before; give an empty folder (the build replaces what is there)`,
    );
  if (!(await checked(t, io, "build"))) return 1;
  // Astro puts its intermediate files in <cwd>/.astro/ when the output is outside its project folder, where
  // two builds at once (a room's and this one) would trip over each other: build inside it, then move.
  const { projectRoot } = await import("../room/site.ts");
  const staging = join(projectRoot(), "node_modules", ".rehearse-build", String(process.pid));
  rmSync(staging, { recursive: true, force: true });
  try {
    const status = await astro(["build"], t, staging, io, true);
    if (status !== 0) {
      io.err(`rehearse build: the site build stopped (exit ${status}); its messages are above\n`);
      return 1;
    }
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(dirname(outDir), { recursive: true });
    try {
      renameSync(staging, outDir);
    } catch {
      cpSync(staging, outDir, { recursive: true });
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const s = styles(io.color);
  io.out(
    `\n${s.green("✓")} the site is in ${terminalSafe(shown)}: upload that folder to any static host (see the README's "Your own group's site")\n`,
  );
  return 0;
}

/** `rehearse dev`: the site with live reload, at http://localhost:4321 (Astro's dev server), until Ctrl+C. */
export async function runDev(dir: string | undefined, io: Io): Promise<number> {
  const t = target(io, dir);
  if (t.place) {
    const { checkConfig } = await import("./config.ts");
    if (checkConfig(t.place, io) > 0) return 1;
  }
  return astro(["dev"], t, undefined, io, false);
}
