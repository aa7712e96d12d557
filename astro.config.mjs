// The training site: static pages from scenarios/ (compiled at build time by
// engine/load.ts), one Preact island for the player and one for progress.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import mdx from "@astrojs/mdx";
import preact from "@astrojs/preact";
import { defineConfig } from "astro/config";
import offline from "./web/integrations/offline.mjs";
import { basePath, theme, workspace, workspacePublish, workspaceSettings } from "./web/integrations/workspace.mjs";
import { lrsShare, siteLrs } from "./web/lms/xapi-config.mjs";

/** A group's workspace (`rehearse build`/`dev` pass its rehearse.config.json): base path, address, accent, logo. */
const settings = workspaceSettings();
const lrs = siteLrs();

/**
 * The workspace the site shows, where web/lib/loader.ts (the content loader of web/content.config.ts) finds it:
 * the `api` of this Vite plugin, in the config Astro hands every loader. The scenarios folder arrives here, and
 * only here, from `rehearse build`/`dev`, the room, exports and the benchmark (REHEARSE_SCENARIOS; by default
 * this repository's scenarios/); the published scenarios from the workspace's rehearse.config.json. Astro
 * watches the folder in dev (the loader adds it to Astro's watcher) and reloads pages when the store changes.
 */
function libraryPlace() {
  const library = { dir: resolve(process.env.REHEARSE_SCENARIOS ?? "scenarios"), publish: workspacePublish() };
  return { name: "rehearse:library", api: { library } };
}

/**
 * `astro build`: the content layer's data store in a folder of this build's own (Astro's default is shared
 * by every build in the project, and the room, exports, tests and benchmarks build other libraries at once),
 * removed when the build is done. The loader compiles the library on every build, so nothing is lost.
 */
function ownBuildCache() {
  let dir;
  return {
    name: "rehearse:own-build-cache",
    hooks: {
      "astro:config:setup": ({ command, updateConfig }) => {
        if (command !== "build") return;
        dir = mkdtempSync(join(tmpdir(), "rehearse-astro-"));
        // A build that stops (a scenario with errors) does not reach astro:build:done.
        process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
        updateConfig({ cacheDir: pathToFileURL(`${dir}/`).href });
      },
      "astro:build:done": () => {
        if (dir) rmSync(dir, { recursive: true, force: true });
      },
    },
  };
}

const PRELOAD_HELPER = "\0vite/preload-helper.js";

/**
 * Vite wraps every dynamic import in a preload helper (about 1 KB gzip on the
 * player page) that adds <link rel=modulepreload> hints and loads the CSS of
 * lazy chunks. Here the lazy chunks' modules are already loaded when they are
 * imported, and no lazy chunk imports CSS (the player loads the debrief's
 * stylesheet itself and waits for it), so the helper only has to import.
 * The build fails if a lazy chunk ever does import CSS.
 */
function smallPreloadHelper() {
  return {
    name: "rehearse:small-preload-helper",
    enforce: "pre",
    applyToEnvironment: (environment) => environment.name === "client",
    load(id) {
      return id === PRELOAD_HELPER ? "export const __vitePreload = (load) => load();" : null;
    },
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === "chunk" && chunk.isDynamicEntry && chunk.viteMetadata?.importedCss.size) {
          this.error(
            `${chunk.fileName} is loaded lazily and imports CSS, which the small preload helper does not load: import the stylesheet with ?url and load it as web/islands/Player.tsx does.`,
          );
        }
      }
    },
  };
}

const PLAYER = resolve("web/islands/mount-player.tsx");
const ENGINE = resolve("engine/session-core.ts");
const PREACT = /[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.module\.js$/;

/**
 * The player page has the tightest budget, and each chunk it loads costs its
 * own gzip dictionary and import lines (0.3–0.4 KB gzip apiece), so it loads
 * its code in two chunks, not five: `player`, its own code and what only
 * pages that run the engine load too (XState, the session, the renderers,
 * shared with the projector and the speaker view); `islands`, Preact and what
 * the progress island shares with the player, so that page does not load the
 * engine. What every page loads (the preload helper) gets `common`. A group
 * takes its modules' imports along, so the groups other pages load claim
 * theirs first.
 */
const playerChunks = ["common", "islands", "player"].map((name, i, all) => ({
  name: (id, ctx) => (chunkOf(id, ctx) === name ? name : null),
  priority: all.length - i,
}));

let graph;
/** The group of a module the player page loads at once; null for any other module. */
function chunkOf(id, ctx) {
  if (graph?.ctx !== ctx) {
    const reach = (from) => {
      const seen = new Set();
      const stack = [from];
      while (stack.length > 0) {
        const m = stack.pop();
        if (seen.has(m)) continue;
        seen.add(m);
        for (const dep of ctx.getModuleInfo(m)?.importedIds ?? []) stack.push(dep);
      }
      return seen;
    };
    graph = { ctx, reach, player: reach(PLAYER), loads: new Map(), chunk: new Map() };
  }
  if (!graph.player.has(id)) return null;
  if (!graph.chunk.has(id)) {
    // The entries that load it at once (a lazily loaded module's page has loaded its importer).
    const entries = new Set();
    const seen = new Set();
    const up = [id];
    while (up.length > 0) {
      const m = up.pop();
      if (seen.has(m)) continue;
      seen.add(m);
      const info = ctx.getModuleInfo(m);
      if (info?.isEntry) entries.add(m);
      up.push(...(info?.importers ?? []));
    }
    const everyEntryLoads = (test) =>
      [...entries].every((entry) => {
        if (!graph.loads.has(entry)) graph.loads.set(entry, [...graph.reach(entry)]);
        return graph.loads.get(entry).some(test);
      });
    graph.chunk.set(
      id,
      everyEntryLoads((m) => m === ENGINE) ? "player" : everyEntryLoads((m) => PREACT.test(m)) ? "islands" : "common",
    );
  }
  return graph.chunk.get(id);
}

export default defineConfig({
  srcDir: "./web",
  publicDir: "./web/public",
  output: "static",
  // The benchmark builds generated libraries elsewhere; normally dist/.
  outDir: process.env.REHEARSE_OUT_DIR ?? "./dist",
  base: settings.base,
  ...(settings.url ? { site: settings.url } : {}),
  trailingSlash: "always",
  build: { format: "directory", inlineStylesheets: "never" },
  // offline(): a Workbox service worker precaching the finished site (web/integrations/offline.mjs).
  integrations: [mdx(), preact(), workspace(settings), offline(), ownBuildCache()],
  // Shiki writes inline styles, which the CSP forbids; code in the guide is plain.
  markdown: { syntaxHighlight: false },
  devToolbar: { enabled: false },
  // Everything comes from this origin; nothing else may load.
  security: {
    csp: {
      algorithm: "SHA-256",
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        // A group's LRS (rehearse.config.json `lrs`), which the player pages send to once a trainee agrees.
        `connect-src 'self'${lrs ? ` ${lrs.origin}` : ""}`,
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
    },
  },
  vite: {
    // JSX is Preact's everywhere in the site. Said here, not only in web/tsconfig.json: installed as a package,
    // the site's sources sit under node_modules/, where no tsconfig is read and JSX would compile for React.
    oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
    plugins: [smallPreloadHelper(), libraryPlace(), basePath(settings.base), theme(settings.accent), lrsShare(lrs)],
    // Web workers are bundled apart, with their own plugins: their fetches stay under the base path too.
    worker: { plugins: () => [basePath(settings.base)] },
    // The debrief chunk is fetched on the first choice; no preload helper in the first load.
    build: { modulePreload: false },
    environments: { client: { build: { rolldownOptions: { output: { codeSplitting: { groups: playerChunks } } } } } },
    // The compiler's native parser runs only at build time, in Node.
    ssr: { external: ["satteri"] },
    server: { watch: { ignored: ["**/dist/**", "**/test-results/**"] } },
  },
});
