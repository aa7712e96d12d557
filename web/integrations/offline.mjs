/**
 * The site offline: after `astro build` has written every page, Workbox's
 * `generateSW` writes `sw.js`, a service worker that precaches every page
 * (the /present/ projector pages too), script, stylesheet, icon and every
 * `scenario.json`, each under its content hash. A new build changes the
 * hashes of what changed, so the browser finds a new `sw.js`; it waits until
 * the trainee agrees to update (web/lib/offline-client.ts) or closes every tab.
 *
 * Why not `@vite-pwa/astro`: its 1.2 release supports Astro 1–5 only (peer
 * `astro: ^1.6.0 || … || ^5.0.0`), and `vite-plugin-pwa` alone runs before
 * Astro writes its pages, so it would miss them. Workbox's own build tool,
 * run from Astro's `astro:build:done` hook, sees the finished site.
 */
import { fileURLToPath } from "node:url";
import { generateSW } from "workbox-build";

/** Precached by content hash: pages, code, styles, icons, the manifest and every scenario's data. */
const PATTERNS = ["**/*.{html,js,css,json,svg,png,webmanifest}"];

export default function offline() {
  return {
    name: "rehearse:offline",
    hooks: {
      "astro:build:done": async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const { count, size, warnings } = await generateSW({
          globDirectory: root,
          globPatterns: PATTERNS,
          globIgnores: ["sw.js", "workbox-*.js"],
          swDest: `${root}/sw.js`,
          // The worker's own runtime inlined: one file to fetch, no importScripts.
          inlineWorkboxRuntime: true,
          sourcemap: false,
          mode: "production",
          // `/scenarios/x/` is served from the precached `/scenarios/x/index.html`.
          directoryIndex: "index.html",
          ignoreURLParametersMatching: [/.*/],
          // Astro's `_astro/` files carry their hash in their name already.
          dontCacheBustURLsMatching: /^_astro\//,
          // A scenario's data is at most a few hundred KB; the guard lets through 8 MiB of prose.
          maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
          cleanupOutdatedCaches: true,
          // The new version waits for the trainee's yes (a SKIP_WAITING message), so a page never mixes two builds.
          skipWaiting: false,
          clientsClaim: false,
        });
        for (const warning of warnings) logger.warn(warning);
        logger.info(`sw.js precaches ${count} files (${(size / 1024 / 1024).toFixed(1)} MB)`);
      },
    },
  };
}
