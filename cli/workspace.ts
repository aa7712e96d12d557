/**
 * Where a group's workspace is: the nearest folder, from the working folder
 * up, with a `rehearse.config.json`. Its scenarios (with code.mdx and
 * support.mdx) are in `scenarios/` beside the file, or beside the file itself
 * when there is no such folder (as in this repository's scenarios/). Without
 * one, commands use `scenarios/` in the working folder, as they always have.
 */
import { statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

export type WorkspacePlace = {
  /** The folder holding rehearse.config.json. */
  readonly root: string;
  readonly configFile: string;
  /** The scenarios folder. */
  readonly scenarios: string;
};

/** engine/workspace-config.ts's CONFIG_FILE, here without loading the config reader (start-up time). */
const CONFIG_FILE = "rehearse.config.json";

const kind = (path: string) => {
  try {
    const s = statSync(path);
    return s.isFile() ? "file" : s.isDirectory() ? "folder" : "other";
  } catch {
    return undefined;
  }
};

export function findWorkspace(cwd: string): WorkspacePlace | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const configFile = join(dir, CONFIG_FILE);
    if (kind(configFile) === "file") {
      const nested = join(dir, "scenarios");
      return { root: dir, configFile, scenarios: kind(nested) === "folder" ? nested : dir };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The scenarios folder commands use by default, as shown to the user (relative to the working folder). */
export function defaultScenarios(cwd: string): string {
  const place = findWorkspace(cwd);
  if (!place) return "scenarios";
  return relative(process.cwd(), place.scenarios) || ".";
}
