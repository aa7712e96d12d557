/**
 * Build time only: the cohort report's smallest group, `cohort.minimumGroup` in
 * `rehearse.config.json`, read by the engine's config reader: the workspace's
 * file (REHEARSE_CONFIG, as `rehearse build` passes it), else the one beside the
 * scenarios, else the project's; the engine's default without one. A config
 * with errors fails the build with its positioned diagnostics.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULT_MINIMUM_GROUP, minimumGroupOf } from "../../engine/cohort.ts";
import { formatDiagnostic, hasErrors } from "../../engine/diagnostics.ts";
import { CONFIG_FILE, parseWorkspaceConfig } from "../../engine/workspace-config.ts";

export function cohortMinimumGroup(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const scenarios = resolve(env.REHEARSE_SCENARIOS ?? "scenarios");
  const candidates = [env.REHEARSE_CONFIG, join(scenarios, CONFIG_FILE), resolve(CONFIG_FILE)];
  for (const file of candidates) {
    if (!file || !existsSync(file)) continue;
    const { value, diagnostics } = parseWorkspaceConfig(readFileSync(file, "utf8"), file);
    if (hasErrors(diagnostics) || !value) throw new Error(diagnostics.map(formatDiagnostic).join("\n"));
    return minimumGroupOf({ minimumGroup: value.cohort.minimumGroup });
  }
  return DEFAULT_MINIMUM_GROUP;
}
