// Bundles the CLI into dist/cli/ so `rehearse` starts fast: one file for the
// commands, and a separate chunk with Ink and React that only interactive
// commands load.

import { fileURLToPath } from "node:url";
import { rmSync } from "node:fs";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));

export async function buildCli({ quiet = false } = {}) {
  const started = performance.now();
  // Chunk names are content hashes: clear old ones so dist/cli holds one build.
  rmSync(new URL("../dist/cli", import.meta.url), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { rehearse: "cli/entry.ts" },
    outdir: "dist/cli",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    jsx: "automatic",
    jsxImportSource: "react",
    // satteri ships a native binary per platform; react-devtools-core is Ink's optional dev tool.
    external: ["satteri", "react-devtools-core"],
    define: { "process.env.NODE_ENV": '"production"' },
    banner: {
      js: "import { createRequire as __rehearseRequire } from 'node:module'; const require = __rehearseRequire(import.meta.url);",
    },
    logLevel: quiet ? "error" : "warning",
    legalComments: "none",
  });
  if (!quiet) console.log(`built dist/cli in ${Math.round(performance.now() - started)} ms`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
