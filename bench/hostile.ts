/**
 * Hostile inputs (issue #14): each compiled in a child process of its own,
 * with its time and the process's peak memory against the goal of every
 * input up to 5 MB answered in ≤ 2 s and ≤ 500 MB. The first table is the
 * inputs that crashed or hung the parser; the second is the most the guard
 * lets through to it (every limit filled to just under its edge).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { hostileCases, nearLimitCases } from "../test/fixtures/hostile/generate.ts";
import { ms, table, verdict } from "./measure.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const GOAL_MS = 2_000;
const GOAL_MB = 500;

type Figures = { bytes: number; ms: number; peakMb: number; diagnostic: string; count: number };

type Set = "hostile" | "near" | "reference";

function measure(set: Set, index: number): Figures | string {
  const child = spawnSync(process.execPath, ["bench/hostile-child.ts", set, String(index)], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (child.signal) return `killed (${child.signal})`;
  if (child.status !== 0) return `exit ${child.status}: ${child.stderr.trim().split("\n").at(-1)}`;
  return JSON.parse(child.stdout) as Figures;
}

function section(title: string, set: Set, names: readonly string[]) {
  console.log(`${title}\n`);
  const rows: string[][] = [["input", "size", "first diagnostic", "compile", "peak RSS", "goal ≤ 2 s, ≤ 500 MB"]];
  for (const [i, name] of names.entries()) {
    const f = measure(set, i);
    if (typeof f === "string") {
      rows.push([name, "", f, "", "", verdict(false)]);
      continue;
    }
    const size =
      f.bytes >= 1024 * 1024 ? `${(f.bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(f.bytes / 1024)} KB`;
    const diagnostic = f.count > 1 ? `${f.diagnostic} (+${f.count - 1})` : f.diagnostic;
    rows.push([
      name,
      size,
      diagnostic,
      ms(f.ms),
      `${Math.round(f.peakMb)} MB`,
      verdict(f.ms <= GOAL_MS && f.peakMb <= GOAL_MB),
    ]);
  }
  console.log(table(rows));
  console.log("");
}

export async function hostileBench() {
  section(
    "Hostile inputs: compile + check (+ analyze when valid), one child process each, peak RSS includes Node",
    "hostile",
    hostileCases.map((c) => c.name),
  );
  section(
    "Just inside the guard's limits: the most work it lets through",
    "near",
    nearLimitCases.map((c) => c.name),
  );
  section("Reference: the engine bench's largest realistic input, measured the same way", "reference", [
    "generated 10,000 scenes",
  ]);
}
