/**
 * What every LMS package holds, whatever its format: the scenario's player
 * page from the site build, made to run from inside a zip on an LMS's server
 * (every site URL relative, links to pages the package does not carry taken
 * out, no service worker), its `scenario.json`, its script page, the support
 * page, and every script and stylesheet the page loads, at once or later.
 * The page keeps the site's Content-Security-Policy: the package's own script
 * is a file beside it, which `'self'` allows. A format (scorm.ts, cmi5.ts)
 * adds its runtime script and its manifest.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, posix, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Analysis } from "../../engine/analyze.ts";
import type { Code, Scenario } from "../../engine/model.ts";
import type { Io } from "../io.ts";

/** The checkout this CLI runs from (two levels above this module, and above build/cli/ when bundled). */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A package's files: archive path → bytes or text. */
export type Files = Map<string, Uint8Array | string>;

/** What a format's exporter gets from `rehearse export`. */
export type ExportJob = {
  readonly scenarios: readonly { readonly scenario: Scenario; readonly analysis: Analysis }[];
  readonly code: Code;
  /** The built site the packages are made from. */
  readonly site: string;
  /** Where the zips go (exists). */
  readonly out: string;
  /** The command's options, for the format's own (`--version`). */
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
};

/** An export that cannot go on: printed as `rehearse: <message>`, exit 1. */
export class ExportError extends Error {}

/**
 * The footer's paragraph about where runs go ("rehearse keeps your runs in this browser only. Nothing you
 * choose is sent anywhere.", or its wording for a site that can send to an LRS): a package says where its runs go.
 */
const SITE_FOOTER = /<p>rehearse keeps your runs in this browser[^<]*<\/p>/;
const SITE_NOTE = "Nothing you choose leaves this browser.";

/**
 * A built site whose pages hold these scenarios as compiled now: `--site`, or
 * `dist/` when it is newer than every source it is built from, or else a
 * fresh build into a temporary folder (removed by `done()`).
 */
export function siteFor(
  scenarios: readonly Scenario[],
  scenariosDir: string,
  given: string | undefined,
  io: Io,
): { dir: string; done(): void } {
  const mismatch = (dir: string) =>
    scenarios.find((s) => {
      const file = join(dir, "scenarios", s.id, "scenario.json");
      if (!existsSync(file)) return true;
      try {
        return (JSON.parse(readFileSync(file, "utf8")) as { scenario?: { hash?: string } }).scenario?.hash !== s.hash;
      } catch {
        return true;
      }
    });
  if (given !== undefined) {
    const dir = resolve(io.cwd, given);
    if (!existsSync(join(dir, "index.html")))
      throw new ExportError(`--site ${given} is not a built site (no index.html): run \`npm run build\` first`);
    const stale = mismatch(dir);
    if (stale)
      throw new ExportError(
        `--site ${given} does not hold "${stale.id}" as it is now (built from another version, or without it): build the site again, or leave --site out`,
      );
    if (!hasBridge(dir))
      throw new ExportError(`--site ${given} was built by an older rehearse whose player cannot report to an LMS`);
    return { dir, done() {} };
  }
  const dist = join(ROOT, "dist");
  if (existsSync(join(dist, "index.html")) && !mismatch(dist) && hasBridge(dist)) {
    const built = statSync(join(dist, "index.html")).mtimeMs;
    const sources = [join(ROOT, "web"), join(ROOT, "engine"), join(ROOT, "astro.config.mjs"), resolve(scenariosDir)];
    if (sources.every((source) => newest(source) < built)) return { dir: dist, done() {} };
  }
  const astro = join(ROOT, "node_modules", "astro", "bin", "astro.mjs");
  if (!existsSync(astro) || !existsSync(join(ROOT, "web")))
    throw new ExportError(
      "export builds the site from a checkout of rehearse (its web/ folder and dependencies): run it there, or pass --site <folder> with a site built by `npm run build`",
    );
  // Inside the checkout (build/ is ignored), so the build's own modules resolve its node_modules.
  let dir: string;
  try {
    mkdirSync(join(ROOT, "build"), { recursive: true });
    dir = mkdtempSync(join(ROOT, "build", "lms-site-"));
  } catch (error) {
    throw new ExportError(
      `cannot build the site in ${join(ROOT, "build")} (${(error as Error).message}): pass --site <folder> with a site built by \`npm run build\``,
    );
  }
  io.err("rehearse: building the site for the packages (about 15 seconds)…\n");
  // A workspace's rehearse.config.json is beside its scenarios/ folder, or in the folder itself (cli/workspace.ts).
  const folder = resolve(io.cwd, scenariosDir);
  const config = [join(folder, "rehearse.config.json"), join(dirname(folder), "rehearse.config.json")].find(
    (file, i) => existsSync(file) && (i === 0 || basename(folder) === "scenarios"),
  );
  try {
    execFileSync(process.execPath, [astro, "build", "--silent"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        // Not the names Vite gives import.meta.env (a test runner's BASE_URL would become the site's base).
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !VITE_NAMES.has(name))),
        ASTRO_TELEMETRY_DISABLED: "1",
        REHEARSE_SCENARIOS: resolve(io.cwd, scenariosDir),
        REHEARSE_OUT_DIR: dir,
        // The workspace's settings (title, accent colour, logo), as `rehearse build` passes them.
        ...(config ? { REHEARSE_CONFIG: config } : {}),
      },
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    throw new ExportError(`the site build failed${stderr ? `:\n${stderr.split("\n").slice(-8).join("\n")}` : ""}`);
  }
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const VITE_NAMES = new Set(["BASE_URL", "MODE", "DEV", "PROD", "SSR", "SITE", "ASSETS_PREFIX"]);

/** Whether the site's player sends `rehearse:run` (older builds do not). */
function hasBridge(site: string): boolean {
  const astro = join(site, "_astro");
  if (!existsSync(astro)) return false;
  return readdirSync(astro).some(
    (f) => f.endsWith(".js") && readFileSync(join(astro, f), "utf8").includes("rehearse:run"),
  );
}

/** The newest modification time under a path (a file or a folder, recursively). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

/** What `playerFiles` adds to the page: the format's runtime script (its archive path and code) and a stylesheet. */
export type PlayerOptions = {
  /** e.g. `lms/scorm.js`: loaded before the player, so it can hand it a run to resume. */
  readonly script: { readonly path: string; readonly code: string };
  /** Replaces the site's "nothing is sent anywhere" sentences: say where the runs go. */
  readonly note: string;
  /**
   * Whether the package carries the scenario's script page (every choice with its scores and the facilitator
   * notes, as the site does; the player links to it). Default true; without it the player's link is not shown.
   */
  readonly scriptPage?: boolean;
};

const escapeHtml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );

/** The package's stylesheet: links the package could not make relative (rendered by the player) are not shown. */
const PACKAGE_CSS = `/* rehearse LMS package: a link to a page this package does not carry is not shown. */
a[href^="/"] { display: none; }
/* The site footer's pointer to the coordinators' guide, a page no package carries. */
.for-coordinators { display: none; }
`;

/**
 * The files that play one scenario from inside a package, under the site's own
 * paths: the page at `scenarios/<id>/index.html` (the launch file).
 */
export function playerFiles(site: string, id: string, options: PlayerOptions): { files: Files; launch: string } {
  const launch = `scenarios/${id}/index.html`;
  const pages = [
    launch,
    ...(options.scriptPage === false ? [] : [`scenarios/${id}/script/index.html`]),
    "support/index.html",
  ].filter((p) => existsSync(join(site, p)));
  if (!pages.includes(launch)) throw new ExportError(`the site has no page for "${id}"`);
  const assets = new Set<string>(
    ["favicon.svg", `scenarios/${id}/scenario.json`].filter((p) => existsSync(join(site, p))),
  );
  const workers = new Set<string>();
  const html = new Map<string, string>();
  // The site's base path (`/`, or `/training/` for a workspace that sets one): where its stylesheets are.
  const base = /\s(?:href|src)="(\/(?:[\w.-]+\/)*)_astro\//.exec(readFileSync(join(site, launch), "utf8"))?.[1] ?? "/";
  const quoted = base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const page of pages) {
    const text = readFileSync(join(site, page), "utf8");
    for (const m of text.matchAll(new RegExp(`\\s(?:href|src)="${quoted}(_astro/[^"]+)"`, "g"))) {
      const asset = m[1] as string;
      if (asset.endsWith(".js") && readFileSync(join(site, asset), "utf8").includes("serviceWorker"))
        workers.add(asset);
      else assets.add(asset);
    }
    html.set(page, text);
  }
  // Every chunk and stylesheet the page's scripts load, at once or later.
  const queue = [...assets].filter((a) => a.endsWith(".js"));
  while (queue.length > 0) {
    const chunk = queue.pop() as string;
    const text = readFileSync(join(site, chunk), "utf8");
    const found = [
      ...[...text.matchAll(/["'`]\.\/([\w.-]+\.(?:js|css))["'`]/g)].map((m) => `_astro/${m[1]}`),
      ...[...text.matchAll(new RegExp(`["'\`]${quoted}(_astro/[\\w.-]+)["'\`]`, "g"))].map((m) => m[1] as string),
    ];
    for (const asset of found) {
      if (assets.has(asset) || workers.has(asset)) continue;
      if (!existsSync(join(site, asset))) throw new ExportError(`${chunk} loads ${asset}, which the site build lacks`);
      assets.add(asset);
      if (asset.endsWith(".js")) queue.push(asset);
    }
  }
  const inPackage = (path: string) => html.has(path) || assets.has(path) || path === options.script.path;
  /** A site URL (`/support/`) as a path inside the package (`support/index.html`), or undefined when not there. */
  const target = (url: string): string | undefined => {
    if (!url.startsWith(base)) return undefined;
    const [path = "", hash = ""] = url.slice(base.length).split(/(?=#)/);
    const file = path === "" || path.endsWith("/") ? `${path}index.html` : path;
    return inPackage(file) ? file + hash : undefined;
  };
  const relativeTo = (from: string, to: string) => posix.relative(posix.dirname(from), to) || posix.basename(to);

  const files: Files = new Map();
  for (const [page, text] of html) {
    let out = text
      .replace(/<link rel="manifest"[^>]*>/, "")
      .replace(/<header class="site-header">[\s\S]*?<\/header>/, "")
      .replace(new RegExp(`<p class="meta"><a href="${quoted}present/[^"]*">[\\s\\S]*?</p>`), "")
      .replaceAll(SITE_NOTE, options.note);
    if (out.includes('class="site-footer"')) {
      if (!SITE_FOOTER.test(out))
        throw new ExportError(
          'the site\'s footer no longer says where runs go ("rehearse keeps your runs in this browser…"): update cli/export/package.ts so a package says where its runs go',
        );
      out = out.replace(SITE_FOOTER, () => `<p>${escapeHtml(options.note)}</p>`);
    }
    for (const worker of workers) out = out.replace(`<script type="module" src="${base}${worker}"></script>`, "");
    if (page === launch) {
      const block = /(<script type="application\/json" id="player-data">)([\s\S]*?)(<\/script>)/;
      const data = JSON.parse(block.exec(out)?.[2] ?? "{}") as Record<string, unknown>;
      // A site's own note about where choices go (an LRS it may send to) is not the package's.
      if (typeof data.note === "string")
        for (const form of [data.note, escapeHtml(data.note), data.note.replace(/[<>&"]/g, (c) => escapeHtml(c))])
          out = out.replaceAll(form, escapeHtml(options.note));
      delete data.note;
      for (const key of ["wholeHref", "scriptHref"]) {
        const to = typeof data[key] === "string" ? target(data[key] as string) : undefined;
        if (to) data[key] = relativeTo(page, to);
      }
      out = out.replace(
        block,
        (_, open, _json, close) => open + JSON.stringify(data).replaceAll("<", "\\u003c") + close,
      );
      const first = out.indexOf('<script type="module"');
      if (first < 0) throw new ExportError(`the page for "${id}" loads no player script`);
      const tag = `<script type="module" src="${relativeTo(page, options.script.path)}"></script>`;
      out = out.slice(0, first) + tag + out.slice(first);
    }
    out = out.replace("</head>", `<link rel="stylesheet" href="${relativeTo(page, "lms/package.css")}"></head>`);
    // Every site URL: relative where the package has it; a link to a page it does not have is no longer a link.
    out = out.replace(/(<a\b[^>]*?)\shref="(\/[^"]*)"/g, (_whole, start, url) => {
      const to = target(url);
      return to ? `${start} href="${relativeTo(page, to)}"` : start;
    });
    out = out.replace(/\s(href|src)="(\/[^"]*)"/g, (_whole, attribute, url) => {
      const to = target(url);
      if (!to) throw new ExportError(`${page} loads ${url}, which the package does not carry`);
      return ` ${attribute}="${relativeTo(page, to)}"`;
    });
    files.set(page, out);
  }
  for (const asset of [...assets].sort()) {
    const bytes = readFileSync(join(site, asset));
    let data: Uint8Array | string = bytes;
    if (asset.endsWith(".js")) {
      // Site paths in the scripts become paths relative to the player page, the one page that runs them.
      data = bytes.toString("utf8").replace(/(["'`])(\/[\w./-]*)\1/g, (whole, quote, url) => {
        const to = target(url);
        return to ? `${quote}${relativeTo(launch, to)}${quote}` : whole;
      });
    }
    files.set(asset, data);
  }
  files.set(options.script.path, options.script.code);
  files.set("lms/package.css", PACKAGE_CSS);
  return { files, launch };
}

/**
 * Bundles a package's runtime (web/lms/<name>.ts, with the engine modules it
 * imports) into one script for browsers, with esbuild from the checkout's
 * dependencies (the one the CLI itself is built with).
 */
export async function bundleScript(entry: string, define: Readonly<Record<string, string>> = {}): Promise<string> {
  let esbuild: typeof import("esbuild");
  try {
    // Resolved at run time (the CLI bundle does not carry it): rehearse's own, else the one Astro depends on.
    const require = createRequire(join(ROOT, "package.json"));
    let path: string;
    try {
      path = require.resolve("esbuild");
    } catch {
      path = createRequire(require.resolve("astro/package.json")).resolve("esbuild");
    }
    esbuild = await import(pathToFileURL(path).href);
  } catch {
    throw new ExportError(
      "export needs esbuild (rehearse's and Astro's dependency), which was not found: run `npm install`",
    );
  }
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify: true,
    legalComments: "none",
    define,
    logLevel: "silent",
  });
  const file = result.outputFiles[0];
  if (!file) throw new ExportError(`bundling ${entry} gave no output`);
  return file.text;
}
