import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Runs the built `rehearse` binary as a user would, without a TTY, from this repository. */
export function rehearse(args: readonly string[], options: { env?: Record<string, string>; input?: string } = {}) {
  return rehearseIn(args, ROOT, 20_000, options);
}

/** Runs the built `rehearse` binary from a folder of a user's (a workspace), without a TTY. */
export function rehearseIn(
  args: readonly string[],
  cwd: string,
  timeout = 30_000,
  options: { env?: Record<string, string>; input?: string } = {},
) {
  const result = spawnSync(process.execPath, [join(ROOT, "bin/rehearse.js"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    input: options.input ?? "",
    timeout,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
