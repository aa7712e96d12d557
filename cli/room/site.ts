/**
 * The projector and speaker pages the room serves: the static site built for
 * this one scenario (and its code) into a cache folder, reused while the
 * scenario, its code and the site's sources are unchanged. Works for a
 * scenario anywhere on disk: it is copied into a one-scenario library first.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CODE_FILE, SUPPORT_FILE, supportContacts } from "../../engine/load.ts";
import { CONFIG_FILE } from "../../engine/workspace-config.ts";

export class SiteError extends Error {}

/** The project checkout this command runs from: the site's sources and Astro live there. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && existsSync(join(dir, "astro.config.mjs"))) {
      try {
        if (JSON.parse(readFileSync(pkg, "utf8")).name === "rehearse") return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir)
      throw new SiteError(
        "rehearse room builds the projector pages from the project's checkout (its web/ folder and Astro), and none was found; run it from a checkout, or serve a site built with `npm run build` with --site <folder>.",
      );
    dir = up;
  }
}

/**
 * The base path a built site was made for (`/training/` when rehearse.config.json's `site.base` said so), from the
 * `scope` of its web manifest; `/` for a site built at the root, or without a manifest.
 */
export function builtBase(siteDir: string): string {
  try {
    const scope = JSON.parse(readFileSync(join(siteDir, "manifest.webmanifest"), "utf8"))?.scope;
    if (typeof scope === "string" && /^\/([\w.~-]+\/)*$/.test(scope)) return scope;
  } catch {
    // no manifest, or not one of ours: served from the root
  }
  return "/";
}

/** `$XDG_CACHE_HOME/rehearse/room`, default `~/.cache/rehearse/room`. */
export function cacheDir(env: Readonly<Record<string, string | undefined>>): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "rehearse", "room");
}

/** Sizes and times of every file the site build reads, with the text of the scenario and of its code (and support). */
function signature(root: string, id: string, scenario: string, code: string): string {
  const hash = createHash("sha256").update(`${id}\0${scenario}\0${code}\0`);
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const s = statSync(path);
      if (s.isDirectory()) walk(path);
      else hash.update(`${path}:${s.size}:${s.mtimeMs}\n`);
    }
  };
  for (const dir of ["web", "engine"]) walk(join(root, dir));
  for (const file of ["astro.config.mjs", "package-lock.json"]) {
    const s = statSync(join(root, file));
    hash.update(`${file}:${s.size}:${s.mtimeMs}\n`);
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * The built site's folder for this scenario: from the cache when it is up to
 * date, else built now (`onBuild` is called first, for "Preparing the room…").
 */
export async function prepareSite(options: {
  readonly id: string;
  readonly scenarioFile: string;
  readonly codeFile: string;
  readonly cache: string;
  readonly onBuild: () => void;
}): Promise<string> {
  const root = projectRoot();
  const scenario = readFileSync(options.scenarioFile, "utf8");
  const code = readFileSync(options.codeFile, "utf8");
  // The group's support contacts (support.mdx beside the code), which the pages link to, when there are some.
  const supportFile = join(dirname(options.codeFile), SUPPORT_FILE);
  const support = existsSync(supportFile) ? readFileSync(supportFile, "utf8") : undefined;
  // And how to reach them, when the workspace's rehearse.config.json fills them in (`support`).
  const reach = support === undefined ? undefined : supportContacts(dirname(options.codeFile))?.reach;
  const settings = reach ? `${JSON.stringify({ support: reach }, null, 2)}\n` : "";
  const prefix = `site-${options.id}-`;
  const final = join(
    options.cache,
    prefix + signature(root, options.id, scenario, `${code}\0${support ?? ""}\0${settings}`),
  );
  if (existsSync(join(final, "index.html"))) return final;
  options.onBuild();
  mkdirSync(options.cache, { recursive: true });
  const library = mkdtempSync(join(tmpdir(), "rehearse-room-library-"));
  const staging = `${final}.building-${process.pid}`;
  try {
    writeFileSync(join(library, `${options.id}.mdx`), scenario);
    writeFileSync(join(library, CODE_FILE), code);
    if (support !== undefined) writeFileSync(join(library, SUPPORT_FILE), support);
    if (settings) writeFileSync(join(library, CONFIG_FILE), settings);
    await astroBuild(root, library, staging);
    if (existsSync(final)) rmSync(staging, { recursive: true, force: true });
    else renameSync(staging, final);
  } finally {
    rmSync(library, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
  }
  // Older builds of this scenario are of no further use (left alone for a while in case another room serves one).
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(options.cache)) {
    const path = join(options.cache, name);
    if (name.startsWith(prefix) && path !== final && statSync(path).mtimeMs < hourAgo)
      rmSync(path, { recursive: true, force: true });
  }
  return final;
}

function astroBuild(root: string, library: string, outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "node_modules/astro/bin/astro.mjs"), "build", "--silent"], {
      cwd: root,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1", REHEARSE_SCENARIOS: library, REHEARSE_OUT_DIR: outDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", (error) => reject(new SiteError(`could not build the projector pages: ${error.message}`)));
    child.on("close", (status) => {
      if (status === 0) resolve();
      else {
        const tail = output.trim().split("\n").slice(-15).join("\n");
        reject(new SiteError(`could not build the projector pages (astro build exited with ${status}):\n${tail}`));
      }
    });
  });
}
