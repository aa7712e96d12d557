import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodesOf } from "../engine/analyze.ts";
import { auditScenario } from "../engine/audit.ts";
import { loadLibrary } from "../engine/load.ts";
import { exploreSpace } from "../engine/space.ts";
import { median, ms, ratio, table, verdict } from "./measure.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const NODE = process.execPath;
const hasScript = spawnSync("script", ["--version"]).status === 0;

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function wall(args: readonly string[], runs = 15, exits: readonly number[] = [0]): number {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = performance.now();
    const r = spawnSync(NODE, args, { cwd: ROOT, stdio: "ignore" });
    if (!exits.includes(r.status ?? -1) && args[0] !== "-e") throw new Error(`${args.join(" ")} exited ${r.status}`);
    if (i >= 2) times.push(performance.now() - start);
  }
  return medianOf(times);
}

/**
 * Median CPU time of the child's main thread (`process.threadCpuUsage()`, Node 23.9+), read at exit by a
 * preloaded hook: unlike wall time, it does not grow when other processes load the machine, nor with the
 * compiler's and the GC's background threads, which a busy 2-core machine runs in turn with the main one.
 */
const THREAD_CPU_HOOK = `data:text/javascript,process.on("exit",()=>{const t=process.threadCpuUsage();process.stderr.write("\\nthread-cpu "+(t.user+t.system)+"\\n")})`;
function threadCpu(args: readonly string[], runs = 15): number | undefined {
  if (typeof process.threadCpuUsage !== "function") return undefined;
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const r = spawnSync(NODE, ["--import", THREAD_CPU_HOOK, ...args], { cwd: ROOT, encoding: "utf8" });
    const micros = Number(/thread-cpu (\d+)/.exec(r.stderr)?.[1]);
    if (i >= 2 && Number.isFinite(micros)) times.push(micros / 1000);
  }
  return times.length ? medianOf(times) : undefined;
}

/** Time from spawn until the terminal shows `marker`, under a real pty (util-linux `script`). */
function untilScreen(command: string, marker: string, env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn("script", ["-qfec", command, "/dev/null"], { cwd: ROOT, env: { ...process.env, ...env } });
    let seen = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no ${marker} within 10 s:\n${seen}`));
    }, 10_000);
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(marker)) {
        clearTimeout(timer);
        const elapsed = performance.now() - start;
        child.kill("SIGKILL");
        resolve(elapsed);
      }
    });
  });
}

export async function cliBench() {
  console.log('CLI: wall time against a bare `node -e ""` start, measured in the same run (median)\n');
  const bare = wall(["-e", ""]);
  const checkArgs = ["bin/rehearse.js", "check", "scenarios/what-stays-in-the-circle.mdx"];
  const check = wall(checkArgs);
  const bareCpu = threadCpu(["-e", ""]);
  const checkCpu = threadCpu(checkArgs);
  const rows = [
    ["what", "time", "× bare node", "goal"],
    ['bare node -e ""', ms(bare), ratio(1), ""],
    ["rehearse check <one scenario>", ms(check), ratio(check / bare), `≤ 3×: ${verdict(check <= 3 * bare)}`],
    ...(bareCpu !== undefined && checkCpu !== undefined
      ? [
          ['  main-thread CPU: bare node -e ""', ms(bareCpu), ratio(1), ""],
          ["  main-thread CPU: rehearse check", ms(checkCpu), ratio(checkCpu / bareCpu), "(load-insensitive)"],
        ]
      : []),
    ...auditRows(bare),
  ];
  if (hasScript) {
    const state = mkdtempSync(join(tmpdir(), "rehearse-bench-"));
    const env = { XDG_STATE_HOME: state, NO_COLOR: "1", COLUMNS: "80", LINES: "40" };
    const ptyBare: number[] = [];
    const frames: number[] = [];
    for (let i = 0; i < 9; i++) {
      ptyBare.push(await untilScreen(`${NODE} -e "console.log('ready')"`, "ready", env));
      frames.push(await untilScreen(`${NODE} bin/rehearse.js play what-stays-in-the-circle`, "Saturday market", env));
    }
    const bareTty = medianOf(ptyBare.slice(2));
    const frame = medianOf(frames.slice(2));
    rows.push(["bare node under a pty (script)", ms(bareTty), ratio(1), ""]);
    rows.push([
      "rehearse play: first frame",
      ms(frame),
      ratio(frame / bareTty),
      `≤ 8×: ${verdict(frame <= 8 * bareTty)}`,
    ]);
    console.log(table(rows));
    console.log("\nPreview: from saving the file to the new frame on screen (median of 7 saves)");
    const latencies = await previewLatency(env);
    const p = medianOf(latencies);
    console.log(
      `  ${ms(p)} (min ${ms(Math.min(...latencies))}, max ${ms(Math.max(...latencies))})  goal ≤ 200 ms: ${verdict(p <= 200)}\n`,
    );
  } else {
    console.log(table(rows));
    console.log("\n(util-linux `script` not found: first-frame and preview figures need a pty)\n");
  }
}

async function previewLatency(env: Record<string, string>): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), "rehearse-preview-bench-"));
  copyFileSync(join(ROOT, "scenarios/code.mdx"), join(dir, "code.mdx"));
  const file = join(dir, "bench.mdx");
  copyFileSync(join(ROOT, "scenarios/what-stays-in-the-circle.mdx"), file);
  const original = readFileSync(file, "utf8");
  const child = spawn("script", ["-qfec", `${NODE} bin/rehearse.js preview ${file}`, "/dev/null"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let seen = "";
  child.stdout.on("data", (chunk: Buffer) => {
    seen += chunk.toString();
  });
  const waitFor = async (marker: string) => {
    const end = Date.now() + 5000;
    while (!seen.includes(marker)) {
      if (Date.now() > end) throw new Error(`preview never showed ${marker}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  await waitFor("Saturday market");
  // The file watcher starts just after the first frame; give it a moment before the first save.
  await new Promise((r) => setTimeout(r, 500));
  const latencies: number[] = [];
  try {
    for (let i = 0; i < 7; i++) {
      const marker = `Edited paragraph number ${i}`;
      seen = "";
      const start = performance.now();
      writeFileSync(file, original.replace("Saturday morning,", `${marker}. Saturday morning,`));
      await waitFor(marker);
      latencies.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    child.kill("SIGKILL");
  }
  return latencies;
}

/**
 * The audit of the bundled library against `check` on it: whole commands (audit exits 1 while the
 * library has findings), and in process (compile and check every scenario, then audit them).
 */
function auditRows(bare: number): string[][] {
  const checkAll = wall(["bin/rehearse.js", "check", "scenarios"], 9);
  const auditAll = wall(["bin/rehearse.js", "audit", "scenarios"], 9, [0, 1]);
  const dir = join(ROOT, "scenarios");
  const checked = median(() => loadLibrary(dir), 9, 2);
  // The audit alone on the compiled scenarios, over a freshly explored state space each time
  // (so nothing the check computed is reused: an upper bound on what the audit adds).
  const scenarios = loadLibrary(dir).scenarios.flatMap((s) => (s.result.value ? [s.result.value] : []));
  const auditOnly = median(
    () => {
      for (const s of scenarios) auditScenario(s, exploreSpace(nodesOf(s), s.start));
    },
    15,
    3,
  );
  const audited = checked + auditOnly;
  const count = scenarios.length;
  return [
    [`rehearse check scenarios (${count})`, ms(checkAll), ratio(checkAll / bare), ""],
    [
      `rehearse audit scenarios (${count})`,
      ms(auditAll),
      ratio(auditAll / bare),
      `≤ 2× check: ${ratio(auditAll / checkAll)} ${verdict(auditAll <= 2 * checkAll)}`,
    ],
    ["  in process: compile + check", ms(checked), "", ""],
    [
      `  in process: … + audit (${ms(auditOnly)})`,
      ms(audited),
      "",
      `≤ 2× check: ${ratio(audited / checked)} ${verdict(audited <= 2 * checked)}`,
    ],
  ];
}
