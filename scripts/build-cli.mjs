// Bundles the CLI into build/cli/ (not dist/, which the site build empties) so `rehearse` starts fast: one file for the
// commands, and a separate chunk with Ink and React that only interactive
// commands load.

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { dirname, join, resolve, sep } from "node:path";
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

/**
 * satteri's napi-rs loader looks for its binary at run time: it reads /usr/bin/ldd to tell glibc from
 * musl, tries a path beside the bundle that never exists (an exception), resolves the platform package
 * through node_modules and reads its package.json: ~2 ms of every start. The bundle tries the binary
 * that resolves here at build time first (the bundle is built on the machine that runs it), and falls
 * back to satteri's own search when it is not there or does not load.
 */
const nativeFirst = {
  name: "satteri-native-first",
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]satteri[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const from = createRequire(args.path);
      const binary = ["-gnu", "-musl", "-msvc", ""]
        .map((libc) => `@bruits/satteri-${process.platform}-${process.arch}${libc}`)
        .flatMap((name) => {
          try {
            return [from.resolve(name)];
          } catch {
            return [];
          }
        })[0];
      const call = "nativeBinding = requireNative()";
      if (!binary || !source.includes(call)) return undefined;
      const fast = `(process.env.NAPI_RS_NATIVE_LIBRARY_PATH || process.platform !== ${JSON.stringify(process.platform)} || process.arch !== ${JSON.stringify(process.arch)} ? null : (() => { try { return require(${JSON.stringify(binary)}); } catch { return null; } })())`;
      return { contents: source.replace(call, `nativeBinding = ${fast} ?? requireNative()`), loader: "js" };
    });
  },
};

const ENTRY = "cli/entry.ts";

/**
 * One chunk for everything `rehearse.js` loads. esbuild groups code by the set of entry points (the
 * entry and every dynamic `import()`) that reach it, so each command or screen that shares a different
 * handful of modules with the start split the start-up code into its own small chunk: `check` loaded 18
 * files, and every file costs the ESM loader a resolve (realpath), a read and a cache lookup. Here each
 * dynamically imported module of ours is reached through a wrapper that also imports the entry, so all
 * the code the entry loads is reached by every entry point and lands in one chunk. That changes nothing
 * at run time: the entry and its imports have run before any `import()` (a module runs once).
 */
const oneStartChunk = {
  name: "one-start-chunk",
  setup(build) {
    const entry = join(root, ENTRY);
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind !== "dynamic-import" || args.namespace !== "file") return undefined;
      const target = resolve(dirname(args.importer), args.path);
      if (!/\.tsx?$/.test(target) || target.includes(`${sep}node_modules${sep}`)) return undefined;
      return { path: target, namespace: "with-entry" };
    });
    build.onLoad({ filter: /.*/, namespace: "with-entry" }, (args) => ({
      // Our modules have no default exports (`export *` would leave one out).
      contents: `import ${JSON.stringify(entry)};\nexport * from ${JSON.stringify(args.path)};\n`,
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/**
 * Rewrites the bundle's imports of Node's built-in modules (`import { readFileSync } from "node:fs"`) as
 * `const { readFileSync } = process.getBuiltinModule("node:fs")`. An ESM import of a built-in builds its ESM
 * facade, which reads every export, lazy ones included: `fs.promises` loads fs/promises, readline and the
 * REPL history, `fs.ReadStream` the streams, `util.diff` the diff code, `crypto.webcrypto` Web Crypto;
 * 15–20 ms of a `rehearse check` start for modules it never uses. (Routing built-ins through esbuild's
 * CommonJS interop instead does not help: its `__toESM` reads every property descriptor, which evaluates
 * `util.diff`.) The bindings move to the chunk's top, so, as with `import`, every built-in is there before any
 * of the chunk's code runs.
 */
export function builtinsOnDemand(code) {
  const hoisted = [];
  const rewritten = code.replace(
    /^import\s+(?:([\w$]+)\s*,?\s*)?(?:\{([^}]*)\}|\*\s+as\s+([\w$]+))?\s*from\s*["']([^"']+)["'];?$/gm,
    (statement, defaultName, named, namespace, source) => {
      if (!builtins.has(source)) return statement;
      const module = `process.getBuiltinModule(${JSON.stringify(source.startsWith("node:") ? source : `node:${source}`)})`;
      const bindings = [];
      if (defaultName) bindings.push(`const ${defaultName} = ${module};`);
      if (namespace) bindings.push(`const ${namespace} = ${module};`);
      if (named?.trim()) {
        const names = named
          .split(",")
          .map((n) => n.trim())
          .filter(Boolean)
          .map((n) => n.replace(/^(\S+)\s+as\s+(\S+)$/, "$1: $2"));
        bindings.push(`const { ${names.join(", ")} } = ${module};`);
      }
      hoisted.push(...bindings);
      return "";
    },
  );
  const left = /^import[^;]*?from\s*["'](node:[^"']+)["']/m.exec(rewritten);
  if (left) throw new Error(`build-cli: an import of ${left[1]} was not rewritten: ${left[0]}`);
  // After the banner (the first line), before the chunk's code.
  const banner = rewritten.indexOf("\n") + 1;
  return `${rewritten.slice(0, banner)}${hoisted.map((b) => `${b}\n`).join("")}${rewritten.slice(banner)}`;
}

export async function buildCli({ quiet = false } = {}) {
  const started = performance.now();
  // Build beside the old bundle, then swap it in: a running `rehearse` never sees half a build,
  // and old content-hashed chunks do not pile up.
  const staging = `build/cli-${process.pid}`;
  const { outputFiles } = await build({
    absWorkingDir: root,
    write: false,
    entryPoints: { rehearse: ENTRY },
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
    // `require` for the CommonJS code in the bundle (yaml, Ink's dependencies), created on first use:
    // `createRequire()` in each of the ~15 chunks a command loads cost a few ms at start.
    banner: {
      js: "let __rehearseRequire; const require = (id) => (__rehearseRequire ??= process.getBuiltinModule('node:module').createRequire(import.meta.url))(id);",
    },
    logLevel: quiet ? "error" : "warning",
    legalComments: "none",
    plugins: [lazyYaml, oneStartChunk, nativeFirst],
  });
  for (const file of outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.path.endsWith(".js") ? builtinsOnDemand(file.text) : file.contents);
  }
  const final = new URL("../build/cli", import.meta.url);
  rmSync(final, { recursive: true, force: true });
  renameSync(new URL(`../${staging}`, import.meta.url), final);
  if (!quiet) console.log(`built build/cli in ${Math.round(performance.now() - started)} ms`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
