import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rehearseIn } from "./run-cli.ts";

// A coordinator fills in the group's support contacts in rehearse.config.json, without editing
// support.mdx: check stops warning about those blanks, and the terminal and the site show the numbers.

const temp = mkdtempSync(join(tmpdir(), "rehearse-support-config-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const SETTINGS = {
  $schema: "./node_modules/rehearse/schemas/rehearse.config.schema.json",
  support: { emergency: "999 or 112", crisis: "Samaritans, 116 123, any time" },
};

describe("support contacts in rehearse.config.json", () => {
  const ws = join(temp, "riverside");

  it("fill the contacts they name: no placeholder warning for those, the number in the terminal", () => {
    expect(rehearseIn(["init", "riverside", "--pick", "the-empty-chair"], temp).code).toBe(0);
    const before = rehearseIn(["check"], ws);
    expect(before.code).toBe(0);
    expect(before.stdout).toContain("[your local emergency number]");

    writeFileSync(join(ws, "rehearse.config.json"), `${JSON.stringify(SETTINGS, null, 2)}\n`);
    const checked = rehearseIn(["check"], ws);
    expect(checked.code).toBe(0);
    const out = checked.stdout + checked.stderr;
    expect(out).not.toContain("[your local emergency number]");
    expect(out).not.toContain("[your crisis line");
    // The contacts the config leaves out keep their warnings until support.mdx or the config fills them.
    expect(out).toContain("support-placeholder");
    expect(out).toContain("[your doctor, counselling service or employee assistance line]");

    const played = rehearseIn(["play", "the-empty-chair", "--script", "1"], ws);
    expect(played.stderr).toBe("");
    expect(played.stdout).toContain("999 or 112");
    expect(played.stdout).not.toContain("[your local emergency number]");
  });

  it("name contacts support.mdx has: another is an error at its key, and build stops", () => {
    const text = '{\n  "support": {\n    "emergency": "999",\n    "crisiss": "116 123"\n  }\n}\n';
    writeFileSync(join(ws, "rehearse.config.json"), text);
    const checked = rehearseIn(["check", "--quiet"], ws);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain(
      'error[config]: Unexpected contact "crisiss" in "support": scenarios/support.mdx has no <Contact id="crisiss"> (did you mean "crisis"?)',
    );
    expect(checked.stdout).toContain("--> rehearse.config.json:4:5");
    const built = rehearseIn(["build"], ws, 60_000);
    expect(built.code).toBe(1);
    expect(built.stdout + built.stderr).toContain('Unexpected contact "crisiss"');
    expect(existsSync(join(ws, "dist"))).toBe(false);
    writeFileSync(join(ws, "rehearse.config.json"), '{ "support": { "emergency": "" } }\n');
    const empty = rehearseIn(["check", "--quiet"], ws);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('rehearse.config.json:1:29  error  Unexpected string "" for "emergency"');
    for (const r of [checked, built, empty]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("reach the site's support page", { timeout: 240_000 }, () => {
    writeFileSync(join(ws, "rehearse.config.json"), `${JSON.stringify(SETTINGS, null, 2)}\n`);
    const built = rehearseIn(["build"], ws, 230_000);
    expect(built.stderr).not.toMatch(/\n\s+at /);
    expect(built.code).toBe(0);
    const page = readFileSync(join(ws, "dist/support/index.html"), "utf8");
    expect(page).toContain("999 or 112");
    expect(page).toContain("Samaritans, 116 123, any time");
    expect(page).not.toContain("[your local emergency number]");
    // What the line is for is still support.mdx's.
    expect(page).toContain("You do not need anyone");
    expect(existsSync(join(ws, "dist/scenarios/the-empty-chair/index.html"))).toBe(true);
  });
});
