import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateCohort } from "../fixtures/cohort/generate.ts";
import { bundledLibrary } from "../fixtures/cohort/library.ts";
import { rehearse } from "./run-cli.ts";

/** A scenarios folder (the fixtures' code and one scenario) and a folder of eight trainees' records. */
function workspace(config?: string) {
  const root = mkdtempSync(join(tmpdir(), "rehearse-cohort-"));
  const dir = join(root, "scenarios");
  mkdirSync(dir);
  copyFileSync("test/fixtures/code.mdx", join(dir, "code.mdx"));
  copyFileSync("test/fixtures/valid/circle.mdx", join(dir, "circle.mdx"));
  if (config !== undefined) writeFileSync(join(dir, "rehearse.config.json"), config);
  const records = join(root, "records");
  mkdirSync(records);
  for (const f of generateCohort(bundledLibrary(dir), {
    trainees: 8,
    runsPerTrainee: 3,
    seed: 5,
    unfinished: 0,
    after: 1,
  }))
    writeFileSync(join(records, f.name), f.text);
  return { root, dir, records };
}

describe("rehearse cohort", () => {
  const w = workspace();

  it("prints the report in 80 columns, lists a file it leaves out, and exits 0", () => {
    writeFileSync(join(w.records, "notes.json"), "Bring biscuits");
    const r = rehearse(["cohort", w.records, "--dir", w.dir]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const line of r.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain("Cohort report: Fixture code");
    expect(r.stdout).toContain("  8 trainees · 24 completed runs · 0 unfinished");
    expect(r.stdout).toMatch(/ {2}Confidentiality {8,}8 {3}/);
    expect(r.stdout).toMatch(/✗ .*notes\.json: not JSON/);
  });

  it("prints the report as JSON without a pseudonym", () => {
    const r = rehearse(["cohort", w.records, "--dir", w.dir, "--format", "json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.schema).toBe("rehearse.cohort/1");
    expect(report.trainees).toBe(8);
    expect(report.scenarios.map((s: { id: string }) => s.id)).toEqual(["circle"]);
    expect(r.stdout).not.toMatch(/Trainee \d/);
  });

  it("writes one table as CSV, or every table into a folder", () => {
    const one = rehearse(["cohort", w.records, "--dir", w.dir, "--format", "csv", "--table", "change"]);
    expect(one.code).toBe(0);
    expect(one.stdout.split("\r\n")[0]).toBe(
      "Principle,Trainees (n),Mean before,Mean after,Mean change,SD of change,Effect size d_z",
    );
    expect(one.stdout.split("\r\n")[1]).toMatch(/^Confidentiality,8,/);
    const out = join(w.root, "tables");
    const all = rehearse(["cohort", w.records, "--dir", w.dir, "--format", "csv", "--out", out]);
    expect(all.code).toBe(0);
    expect(readdirSync(out).sort()).toContain("cohort-choices.csv");
    expect(readdirSync(out)).toHaveLength(11);
  });

  it("suppresses groups below the minimum group in the config", () => {
    const strict = workspace(JSON.stringify({ cohort: { minimumGroup: 10 } }));
    const r = rehearse(["cohort", strict.records, "--dir", strict.dir, "--format", "csv", "--table", "change"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\r\n")[1]).toBe(
      "Confidentiality,fewer than 10,fewer than 10,fewer than 10,fewer than 10,fewer than 10,fewer than 10",
    );
  });

  it("stops at a bad minimum group with its line and column, exit 2", () => {
    const bad = workspace('{\n  "cohort": { "minimumGroup": "five" }\n}\n');
    const r = rehearse(["cohort", bad.records, "--dir", bad.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rehearse\.config\.json:2:\d+.*minimumGroup/);
    expect(r.stdout).toBe("");
  });

  it("exits 2 on bad usage, with a message and no stack trace", () => {
    const cases = [
      [["cohort"], /name the training records|expected at least|argument/i],
      [["cohort", w.records, "--format", "xml"], /--format takes text, json or csv/],
      [["cohort", join(w.root, "nowhere")], /no such file or folder/],
      [["cohort", w.records, "--dir", w.dir, "--format", "csv"], /--table <id>/],
      [["cohort", w.records, "--dir", w.dir, "--format", "csv", "--table", "nope"], /no table "nope"/],
      [["cohort", w.records, "--table", "change"], /--table needs --format csv/],
    ] as const;
    for (const [args, message] of cases) {
      const r = rehearse(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("exits 1 when no file can be counted, and prints no terminal escapes from a file", () => {
    const bad = join(w.root, "bad");
    mkdirSync(bad);
    writeFileSync(join(bad, "evil.json"), "\u001b]0;owned\u0007\u001b[2J not a record");
    writeFileSync(join(bad, "run.json"), JSON.stringify({ schema: "rehearse.run/2" }));
    const r = rehearse(["cohort", bad, "--dir", w.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toContain("\u001b");
    expect(r.stdout).toMatch(/run\.json: a single run record/);
    expect(r.stderr).toMatch(/no training record could be counted/);
  });
});
