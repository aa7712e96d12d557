// Completes package-lock.json with the platform packages a registry mirror may
// lack. Some mirrors carry only some platforms' builds of packages like
// @biomejs/cli-* or @astrojs/compiler-binding-*; npm then leaves those
// optional dependencies out of the lock, and `npm ci` refuses the lock as out
// of sync. Each missing entry is added as npm itself writes an optional,
// platform-specific package (name, version, os/cpu/libc), so `npm ci` skips it
// on other platforms and fetches it by version where it is needed.
// Idempotent; prints what it added. `--check` only reports, exit 1 if incomplete.
import { readFileSync, writeFileSync } from "node:fs";

const OS = ["android", "darwin", "linux", "win32", "freebsd", "openbsd", "netbsd", "sunos", "aix", "openharmony"];
const CPU = ["arm64", "x64", "arm", "ia32", "riscv64", "ppc64", "s390x", "loong64", "wasm32"];
const LIBC = { gnu: "glibc", musl: "musl" };

function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p));
  const libc = parts.map((p) => LIBC[p]).find(Boolean);
  return {
    ...(os ? { os: [os] } : {}),
    ...(cpu ? { cpu: [cpu] } : {}),
    ...(os === "linux" && libc ? { libc: [libc] } : {}),
  };
}

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const packages = lock.packages;
const added = [];
for (const [path, node] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(node.optionalDependencies ?? {})) {
    // npm resolves a dependency next to its parent first, then up the tree: look where it would.
    const candidates = [];
    for (let base = path; ; base = base.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, "")) {
      candidates.push(`${base ? `${base}/` : ""}node_modules/${name}`);
      if (!base) break;
    }
    if (candidates.some((c) => packages[c])) continue;
    const key = `node_modules/${name}`;
    packages[key] = {
      version,
      ...(node.dev ? { dev: true } : {}),
      optional: true,
      ...platformOf(name),
    };
    added.push(`${name}@${version}`);
  }
}
if (process.argv.includes("--check")) {
  if (added.length) {
    console.error(
      `package-lock.json lacks ${added.length} platform package(s): ${added.join(", ")}\nRun: node scripts/complete-lock.mjs`,
    );
    process.exit(1);
  }
} else if (added.length) {
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(
    `package-lock.json: added ${added.length} platform package(s) the registry mirror lacks: ${added.join(", ")}`,
  );
}
