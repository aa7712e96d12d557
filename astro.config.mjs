// The training site: static pages from scenarios/ (compiled at build time by
// engine/load.ts), one Preact island for the player and one for progress.

import { resolve } from "node:path";
import mdx from "@astrojs/mdx";
import preact from "@astrojs/preact";
import { defineConfig } from "astro/config";
import offline from "./web/integrations/offline.mjs";

/**
 * `npm start`: scenarios are read by web/lib/library.ts, not imported, so Vite
 * does not see them. Watch the folder and reload the page when a file changes
 * (library() notices the change and compiles again).
 */
function reloadOnScenarioChange() {
  const dir = resolve(process.env.REHEARSE_SCENARIOS ?? "scenarios");
  return {
    name: "rehearse:reload-on-scenario-change",
    apply: "serve",
    configureServer(server) {
      server.watcher.add(dir);
      const reload = (file) => {
        if (!file.startsWith(dir) || !file.endsWith(".mdx")) return;
        for (const environment of Object.values(server.environments ?? {})) {
          const module = environment.moduleGraph?.getModulesByFile?.(resolve("web/lib/library.ts"));
          for (const m of module ?? []) environment.moduleGraph.invalidateModule(m);
        }
        server.ws.send({ type: "full-reload", path: "*" });
      };
      server.watcher.on("change", reload);
      server.watcher.on("add", reload);
      server.watcher.on("unlink", reload);
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

export default defineConfig({
  srcDir: "./web",
  publicDir: "./web/public",
  output: "static",
  // The benchmark builds generated libraries elsewhere; normally dist/.
  outDir: process.env.REHEARSE_OUT_DIR ?? "./dist",
  trailingSlash: "always",
  build: { format: "directory", inlineStylesheets: "never" },
  // offline(): a Workbox service worker precaching the finished site (web/integrations/offline.mjs).
  integrations: [mdx(), preact(), offline()],
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
        "connect-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
    },
  },
  vite: {
    plugins: [smallPreloadHelper(), reloadOnScenarioChange()],
    // The debrief chunk is fetched on the first choice; no preload helper in the first load.
    build: { modulePreload: false },
    // The compiler's native parser runs only at build time, in Node.
    ssr: { external: ["satteri"] },
    server: { watch: { ignored: ["**/dist/**", "**/test-results/**"] } },
  },
});
