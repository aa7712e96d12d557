/** The smallest group /cohort/ shows comes from the config the site is built with (web/lib/cohort-config.ts). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cohortMinimumGroup } from "../../web/lib/cohort-config.ts";

describe("cohortMinimumGroup", () => {
  it("reads cohort.minimumGroup from the workspace's config, else beside the scenarios, else the default", () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-cohort-config-"));
    const workspace = join(dir, "rehearse.config.json");
    writeFileSync(workspace, '{ "cohort": { "minimumGroup": 8 } }');
    expect(cohortMinimumGroup({ REHEARSE_CONFIG: workspace, REHEARSE_SCENARIOS: dir })).toBe(8);
    expect(cohortMinimumGroup({ REHEARSE_SCENARIOS: dir })).toBe(8);
    // This repository's scenarios/rehearse.config.json has no cohort settings: the default, 5.
    expect(cohortMinimumGroup({})).toBe(5);
  });

  it("fails the build on a config with errors, at its line and column", () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-cohort-config-"));
    const file = join(dir, "rehearse.config.json");
    writeFileSync(file, '{ "cohort": { "minimumGroup": "five" } }');
    expect(() => cohortMinimumGroup({ REHEARSE_CONFIG: file })).toThrow(/rehearse\.config\.json:1:\d+.*minimumGroup/);
  });
});
