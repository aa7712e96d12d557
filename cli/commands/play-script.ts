import type { Code, Scenario, Support } from "../../engine/model.ts";
import { pushAll } from "../../engine/push-all.ts";
import type { Session } from "../../engine/session.ts";
import { isSeed, type Seed } from "../../engine/shuffle.ts";
import { UsageError } from "../args.ts";
import type { Io } from "../io.ts";
import { styles } from "../io.ts";
import { againstBest, BEST_EXPLAINED, barsExplained, debriefRows, formatDelta, verdict } from "../render/scores.ts";
import { terminalSafe } from "../render/terminal-safe.ts";
import { blocksToLines, headingLine, oneLine, reflectLines, supportLines, wrap } from "../render/text.ts";
import { startSession } from "../sessions.ts";

/** `1,2,1` → [1, 2, 1]; anything else is a usage error. */
export function parseScript(text: string): number[] {
  const parts = text.split(/[,\s]+/).filter(Boolean);
  if (parts.length === 0) throw new UsageError("--script needs choice numbers, e.g. --script 1,2,1");
  return parts.map((p) => {
    if (!/^[1-9]\d*$/.test(p))
      throw new UsageError(`--script takes choice numbers from 1, separated by commas; "${p}" is not one`);
    return Number(p);
  });
}

/** `--seed 42` → 42: an integer from 0 to 4294967295, else a usage error. */
export function parseSeed(text: string): number {
  const seed = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!isSeed(seed)) throw new UsageError(`--seed takes a whole number from 0 to 4294967295; "${text}" is not one`);
  return seed;
}

export class ScriptError extends Error {}

/**
 * Plays choices without a terminal UI; each number is the n-th option as
 * shown, in the author's order unless a seed shuffles them as a player would.
 * Returns the session at the point the script ended.
 */
export function playScript(scenario: Scenario, script: readonly number[], seed: Seed = null): Session {
  const session = startSession(scenario, seed);
  for (const [i, n] of script.entries()) {
    const view = session.view();
    if (view.phase === "ended") {
      throw new ScriptError(
        `step ${i + 1}: the run already ended at “${view.node.title ?? view.node.id}” after ${i} choice${i === 1 ? "" : "s"}`,
      );
    }
    if (!session.choose(n)) {
      const available = view.choices.length;
      throw new ScriptError(
        `step ${i + 1}: there is no choice ${n} in “${view.node.title ?? view.node.id}” (${available === 1 ? "only choice 1" : `choices 1–${available}`} available)`,
      );
    }
    session.continue();
  }
  return session;
}

/** A readable transcript of a scripted run, then its debrief. */
export function transcript(session: Session, code: Code, reveal: boolean, io: Io, support?: Support): string {
  const s = styles(io.color);
  const width = Math.max(40, Math.min(io.columns, 100));
  const { scenario } = session;
  const out: string[] = [s.bold(terminalSafe(scenario.title)), ...wrap(s.dim(terminalSafe(scenario.summary)), width)];
  if (scenario.contentNote) {
    out.push("", ...wrap(`${s.yellow("Content note:")} ${terminalSafe(scenario.contentNote)}`, width), "");
    pushAll(out, supportLines(support, width, s));
  }
  const steps = session.view().steps;
  const replay = startSession(scenario, session.seed);
  const text = { width, styles: s, notes: reveal };
  for (const step of steps) {
    const view = replay.view();
    out.push("", headingLine(view.node.title ?? view.node.id, width, s), "");
    pushAll(out, blocksToLines(view.node.body, { ...text, flags: view.position.flags }));
    out.push("");
    let taken = 0;
    for (const { number, choice } of view.choices) {
      const chosen = choice.id === step.choice;
      if (chosen) taken = number;
      const label = `${number}) ${oneLine(choice.text)}`;
      pushAll(out, wrap(chosen ? s.bold(label) : label, width, "     ", chosen ? s.cyan("▸ ") : "  "));
      if (reveal)
        pushAll(out, wrap(s.dim(`[${formatDelta(choice.scores, code, s)}${s.dim("]")}`), width, "     ", "     "));
    }
    replay.choose(taken);
    const chosen = replay.view().last;
    if (chosen) {
      out.push("");
      pushAll(out, blocksToLines(chosen.choice.feedback, text, "  "));
      out.push(`  ${formatDelta(chosen.choice.scores, code, s)}`);
      const pause = reflectLines(chosen.scene.reflect, "A question to pause on", { ...text, width: width - 2 });
      if (pause.length > 0) out.push("", ...pause.map((line) => `  ${line}`));
    }
    replay.continue();
  }
  const end = replay.view();
  if (end.phase === "ended" && end.node.kind === "ending") {
    out.push(
      "",
      headingLine(`Ending: ${end.node.title ?? end.node.id}${end.node.tone ? ` (${end.node.tone})` : ""}`, width, s),
      "",
    );
    pushAll(out, blocksToLines(end.node.body, { ...text, flags: end.position.flags }));
    const question = reflectLines(end.node.reflect, "A question to take with you", text);
    if (question.length > 0) out.push("", ...question);
    out.push("", s.bold("Debrief"), "");
    const debrief = replay.debrief();
    pushAll(
      out,
      debriefRows(debrief.principles, code, width, s).map((r) => `  ${r}`),
    );
    for (const line of barsExplained(debrief.principles)) pushAll(out, wrap(s.dim(line), width, "  ", "  "));
    if (debrief.decisions.length > 0) {
      out.push("", s.bold("  Decisions"));
      pushAll(out, wrap(s.dim(BEST_EXPLAINED), width, "  ", "  "));
    }
    for (const d of debrief.decisions) {
      const line = `${d.step}. ${terminalSafe(d.sceneTitle ?? d.scene)} · ${verdict(d, debrief.mattered, s)}`;
      pushAll(out, [...wrap(line, width, "     ", "  "), ...againstBest(d, code, width, s, "     ")]);
    }
  } else {
    out.push("", s.yellow(`The script ended before an ending, at “${terminalSafe(end.node.title ?? end.node.id)}”.`));
  }
  return `${out.join("\n")}\n`;
}
