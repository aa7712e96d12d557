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

/**
 * What `npm start` serves as `/sw.js`: a worker that removes itself. A browser that visited a build on the same
 * address (`astro preview` and `astro dev` share port 4321) would otherwise keep serving that build's precached
 * pages, hiding every edit; its pages ask for `/sw.js` and get this one, which takes over once the build's
 * tabs are closed (or at once on "Update now") and reloads them from the dev server. A page nothing controlled
 * is not reloaded.
 */
const REMOVE_SELF = `self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("message", (event) => event.data?.type === "SKIP_WAITING" && self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(
  self.registration.unregister()
    .then(() => self.clients.matchAll({ type: "window" }))
    .then((clients) => Promise.all(clients.map((client) => client.navigate(client.url)))),
));
`;

export default function offline() {
  return {
    name: "rehearse:offline",
    hooks: {
      "astro:server:setup": ({ server }) => {
        server.middlewares.use((req, res, next) => {
          if (req.url?.split("?")[0] !== "/sw.js") return next();
          res.setHeader("Content-Type", "text/javascript");
          res.setHeader("Cache-Control", "no-store");
          res.end(REMOVE_SELF);
        });
      },
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
