/**
 * One hostile input, compiled (and analysed when it compiles) in a process of
 * its own so its peak memory is its own: `node bench/hostile-child.ts <set> <index>`.
 * Prints one JSON line: the input's size, the first diagnostic, time and peak RSS.
 */
import { readFileSync } from "node:fs";
import { analyzeScenario } from "../engine/analyze.ts";
import { compileCode } from "../engine/compile/compile-code.ts";
import { compileScenario } from "../engine/compile/compile-scenario.ts";
import { hostileCases, nearLimitCases } from "../test/fixtures/hostile/generate.ts";
import { generateScenario } from "./generate.ts";

const [set, index] = process.argv.slice(2);
/** The reference: the generated 10,000-scene scenario the engine bench compiles. */
const reference = [{ source: () => generateScenario(10_000) }];
const input = (set === "near" ? nearLimitCases : set === "reference" ? reference : hostileCases)[Number(index)];
if (!input) throw new Error(`no ${set} case ${index}`);
// The generated scenario scores the bundled code's principles; the hostile inputs, the fixtures'.
const codeFile = set === "reference" ? "../scenarios/code.mdx" : "../test/fixtures/code.mdx";
const code = compileCode(readFileSync(new URL(codeFile, import.meta.url), "utf8"), "code.mdx").value;
const source = input.source();
const start = performance.now();
const result = compileScenario(source, "hostile.mdx", code);
if (result.value) analyzeScenario(result.value);
const ms = performance.now() - start;
const first = result.diagnostics[0];
process.stdout.write(
  `${JSON.stringify({
    bytes: source.length,
    ms,
    // maxRSS is in KiB: the process's peak, Node itself included.
    peakMb: process.resourceUsage().maxRSS / 1024,
    diagnostic: first ? `${first.line}:${first.column} ${first.rule}` : "(none)",
    count: result.diagnostics.length,
  })}\n`,
);
