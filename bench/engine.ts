import { readFileSync } from "node:fs";
import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { mdxFromMarkdown } from "mdast-util-mdx";
import { frontmatter } from "micromark-extension-frontmatter";
import { mdxjs } from "micromark-extension-mdxjs";
import { mdxToMdast } from "satteri";
import { analyzeScenario } from "../engine/analyze.ts";
import { compileCode } from "../engine/compile/compile-code.ts";
import { compileScenario } from "../engine/compile/compile-scenario.ts";
import type { Code } from "../engine/model.ts";
import { createSession, restoreSession } from "../engine/session.ts";
import { generateLoopingScenario, generateScenario } from "./generate.ts";
import { loopingSteps } from "./looping.ts";
import { median, ms, ratio, table, verdict } from "./measure.ts";

const remarkMdx = (source: string) =>
  fromMarkdown(source, {
    extensions: [mdxjs(), frontmatter()],
    mdastExtensions: [mdxFromMarkdown(), frontmatterFromMarkdown()],
  });

export async function engineBench() {
  const code = compileCode(readFileSync(new URL("../scenarios/code.mdx", import.meta.url), "utf8"), "code.mdx").value;
  if (!code) throw new Error("scenarios/code.mdx has errors; run `rehearse check`");
  console.log(
    "Engine: compile + check + analyze on generated scenarios (median of 3–31 runs after warm-up, in process;\n" +
      "`check alone` is the diagnostics-only compile `rehearse check` runs per file)\n",
  );
  const rows: string[][] = [
    ["scenes", "size", "satteri parse", "remark-mdx parse", "pipeline", "pipeline / parse", "check alone", "goal"],
  ];
  const results: { scenes: number; pipeline: number; parse: number }[] = [];
  for (const scenes of [100, 1_000, 10_000]) {
    const source = generateScenario(scenes);
    const check = compileScenario(source, "generated.mdx", code);
    if (!check.value) throw new Error(`generated scenario has errors: ${check.diagnostics[0]?.message}`);
    // Small inputs finish in milliseconds: more runs and warm-ups keep JIT noise out of the median.
    // Every size warms up for about half a second (5 runs of the 100-scene pipeline took 50 ms, before
    // V8 had optimized it: its median then swung from 2.4× to 9× the parse with the machine's load).
    const runs = scenes >= 10_000 ? 3 : scenes >= 1_000 ? 7 : 31;
    const warmup = scenes >= 10_000 ? 1 : scenes >= 1_000 ? 5 : 50;
    const parse = median(() => mdxToMdast(source), runs, warmup);
    const remark = scenes <= 1_000 ? median(() => remarkMdx(source), 3, 1) : Number.NaN;
    const pipeline = median(
      () => {
        const result = compileScenario(source, "generated.mdx", code);
        if (result.value) analyzeScenario(result.value);
      },
      runs,
      warmup,
    );
    // What `rehearse check` itself runs per file: the compile for its diagnostics, no Scenario, no analysis.
    const checkAlone = median(
      () => compileScenario(source, "generated.mdx", code, { diagnosticsOnly: true }),
      runs,
      warmup,
    );
    results.push({ scenes, pipeline, parse });
    const goals = [`≤ 3× parse: ${verdict(pipeline <= 3 * parse)}`];
    if (scenes === 100) goals.push(`≤ 50 ms: ${verdict(pipeline <= 50)}`);
    rows.push([
      scenes.toLocaleString("en"),
      `${Math.round(source.length / 1024)} KB`,
      ms(parse),
      Number.isNaN(remark) ? "(skipped)" : ms(remark),
      ms(pipeline),
      ratio(pipeline / parse),
      `${ms(checkAlone)}, ${ratio(checkAlone / parse)}`,
      goals.join(", "),
    ]);
  }
  console.log(table(rows));
  console.log("\nScaling (10× the scenes should cost ≤ 12× the time):");
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1];
    const b = results[i];
    if (!a || !b) continue;
    const r = b.pipeline / a.pipeline;
    // The parser's own growth beside it: the engine's part is linear when the two stay close.
    console.log(
      `  ${a.scenes} → ${b.scenes} scenes: ${ratio(r)}  ${verdict(r <= 12)}  (satteri's parse alone: ${ratio(b.parse / a.parse)})`,
    );
  }
  console.log("");
  restoreBench(code);
}

/**
 * Restoring a saved run replays it: on a looping scenario a record can be any
 * length, so the time must grow linearly with it (it was quadratic: 32,000
 * steps took 18–69 s before restore stopped copying the run per step).
 */
function restoreBench(code: Code) {
  const scenario = compileScenario(generateLoopingScenario(), "loop.mdx", code).value;
  if (!scenario) throw new Error("the generated looping scenario has errors");
  const analysis = analyzeScenario(scenario);
  console.log("Engine: restoring a run record on a looping scenario (median of 5 runs, JSON text to a live session)\n");
  const rows: string[][] = [["steps", "restore", "per 1,000 steps", "goal"]];
  const times: { steps: number; time: number }[] = [];
  for (const steps of [8_000, 16_000, 32_000]) {
    const template = createSession(scenario, { analysis, seed: 1 }).save();
    const text = JSON.stringify({ ...template, steps: loopingSteps(scenario, steps) });
    const time = median(
      () => {
        const restored = restoreSession(scenario, text, { analysis });
        if (!restored.ok || restored.replayed !== steps) throw new Error("the record did not restore");
      },
      5,
      1,
    );
    times.push({ steps, time });
    rows.push([
      steps.toLocaleString("en"),
      ms(time),
      ms((1000 * time) / steps),
      steps === 32_000 ? `≤ 1 s: ${verdict(time <= 1000)}` : "",
    ]);
  }
  console.log(table(rows));
  const [, half, full] = times;
  if (half && full) {
    const r = full.time / half.time;
    console.log(
      `\nScaling (2× the steps should cost ≤ 3× the time): 16,000 → 32,000 steps: ${ratio(r)}  ${verdict(r <= 3)}`,
    );
  }
  console.log("");
}
