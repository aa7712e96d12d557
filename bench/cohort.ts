/**
 * `npm run bench -- cohort` (issue #15 §3): the cohort report over 500
 * training records of 20 runs each, played on the bundled scenarios with
 * seeded choices (test/fixtures/cohort/generate.ts). Goal: ≤ 2 s in process
 * and from the CLI (whole command: start, compile and analyse the library,
 * read the files, report). The page runs the same engine in a worker; its
 * figures are the /cohort/ page's (bench/web.ts, test/web).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cohortBuilder } from "../engine/cohort.ts";
import { cohortTables, tableCsv } from "../engine/cohort-tables.ts";
import { generateCohort } from "../test/fixtures/cohort/generate.ts";
import { bundledLibrary } from "../test/fixtures/cohort/library.ts";
import { ms, table, verdict } from "./measure.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function cohortBench() {
  console.log("\nCohort report: 500 training records × 20 runs each (bundled scenarios, seeded choices)\n");
  const library = bundledLibrary();
  const files = generateCohort(library, { trainees: 500, runsPerTrainee: 20, seed: 15 });
  const mb = files.reduce((n, f) => n + f.text.length, 0) / 1024 / 1024;

  const adds: number[] = [];
  const reports: number[] = [];
  const cpus: number[] = [];
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let slowestAdd = 0;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const cpuStart = cpu();
    const builder = cohortBuilder(library);
    for (const f of files) {
      const t = performance.now();
      builder.add(f);
      slowestAdd = Math.max(slowestAdd, performance.now() - t);
    }
    const added = performance.now();
    const report = builder.report();
    for (const t of cohortTables(report)) tableCsv(t, report.minimumGroup);
    adds.push(added - start);
    reports.push(performance.now() - added);
    cpus.push(cpu() - cpuStart);
  }
  const add = medianOf(adds);
  const report = medianOf(reports);

  const dir = mkdtempSync(join(tmpdir(), "rehearse-cohort-bench-"));
  for (const f of files) writeFileSync(join(dir, f.name), f.text);
  const cli: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, ["bin/rehearse.js", "cohort", dir, "--format", "json"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`rehearse cohort exited ${r.status}: ${r.stderr}`);
    cli.push(performance.now() - start);
  }
  rmSync(dir, { recursive: true, force: true });
  const whole = medianOf(cli);

  console.log(
    table([
      ["what", "time", "goal"],
      [`read, replay and weigh ${files.length} records (${mb.toFixed(1)} MB)`, ms(add), ""],
      ["aggregate, suppress, every table as CSV", ms(report), ""],
      ["in process, in all", ms(add + report), `≤ 2 s: ${verdict(add + report <= 2000)}`],
      ["in process, CPU time (all threads)", ms(medianOf(cpus)), ""],
      ["slowest single record (one add)", ms(slowestAdd), ""],
      ["rehearse cohort <folder> --format json (whole command)", ms(whole), `≤ 2 s: ${verdict(whole <= 2000)}`],
    ]),
  );
  console.log(
    `(medians of 5 runs; the CLI figure includes starting Node and compiling and analysing the library; load average ${loadavg()[0]?.toFixed(1)} on ${navigator.hardwareConcurrency} cores)`,
  );
}
