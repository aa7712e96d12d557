#!/usr/bin/env node
// rehearse's command: checks the Node version, builds the CLI bundle on first
// use in a fresh checkout, then runs it.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`rehearse needs Node.js 22.12 or newer (this is ${process.version}). See README.md.\n`);
  process.exit(1);
}
// Built-ins through process.getBuiltinModule(), not `import`: an ESM import of node:fs reads every export,
// lazy ones included, and costs a command's start ~15 ms (see scripts/build-cli.mjs).
const { existsSync } = process.getBuiltinModule("node:fs");
const module = process.getBuiltinModule("node:module");
// Reuse V8's compiled code across runs (Node 22.1+): a second start skips most parsing.
module.enableCompileCache?.();
const bundle = new URL("../build/cli/rehearse.js", import.meta.url);
if (!existsSync(bundle)) {
  const { buildCli } = await import("../scripts/build-cli.mjs");
  await buildCli({ quiet: true });
}
await import(bundle.href);
