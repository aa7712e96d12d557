// Bundles the CLI into build/cli/ (not dist/, which the site build empties) so `rehearse` starts fast: one file for the
// commands, and a separate chunk with Ink and React that only interactive
// commands load.

import { renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * The YAML library takes ~25 ms to load, and the frontmatter fast path
 * (engine/compile/simple-yaml.ts) makes it rarely needed: the CLI loads it
 * on first use instead of at start.
 */
const lazyYaml = {
  name: "lazy-yaml",
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, (args) =>
      // The proxy's own require("yaml") stays a run-time require of node_modules/yaml.
      args.namespace === "lazy-yaml" ? { path: "yaml", external: true } : { path: "yaml", namespace: "lazy-yaml" },
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-yaml" }, () => ({
      contents: `
        let yaml;
        const load = () => (yaml ??= require("yaml"));
        export function parseDocument(...args) { return load().parseDocument(...args); }
        export function isMap(node) { return load().isMap(node); }
        export function isScalar(node) { return load().isScalar(node); }
        export function isSeq(node) { return load().isSeq(node); }
        export function LineCounter() { return new (load().LineCounter)(); }
      `,
      loader: "js",
    }));
  },
};

export async function buildCli({ quiet = false } = {}) {
  const started = performance.now();
  // Build beside the old bundle, then swap it in: a running `rehearse` never sees half a build,
  // and old content-hashed chunks do not pile up.
  const staging = `build/cli-${process.pid}`;
  await build({
    absWorkingDir: root,
    entryPoints: { rehearse: "cli/entry.ts" },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    jsx: "automatic",
    jsxImportSource: "react",
    // satteri's JS is bundled; its native binary (one package per platform, @bruits/*) is loaded at run time.
    // react-devtools-core is Ink's optional dev tool.
    external: ["@bruits/*", "react-devtools-core"],
    define: { "process.env.NODE_ENV": '"production"' },
    banner: {
      js: "import { createRequire as __rehearseRequire } from 'node:module'; const require = __rehearseRequire(import.meta.url);",
    },
    logLevel: quiet ? "error" : "warning",
    legalComments: "none",
    plugins: [lazyYaml],
  });
  const final = new URL("../build/cli", import.meta.url);
  rmSync(final, { recursive: true, force: true });
  renameSync(new URL(`../${staging}`, import.meta.url), final);
  if (!quiet) console.log(`built build/cli in ${Math.round(performance.now() - started)} ms`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
