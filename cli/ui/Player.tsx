import type { Key } from "ink";
import { Box, Text, useApp, useInput, useStdout } from "ink";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Choice, Code, Scenario, Support } from "../../engine/model.ts";
import { pushAll } from "../../engine/push-all.ts";
import type { RunRecord } from "../../engine/record.ts";
import { bestChoices } from "../../engine/run.ts";
import type { Session } from "../../engine/session.ts";
import type { Seed } from "../../engine/shuffle.ts";
import { styles } from "../io.ts";
import { barsExplained, debriefRows, decisionDetail, decisionRows, formatDelta } from "../render/scores.ts";
import { terminalSafe } from "../render/terminal-safe.ts";
import { blocksToLines, headingLine, oneLine, reflectLines, supportLines, wrap } from "../render/text.ts";
import { newSeed, resumeSession, startSession } from "../sessions.ts";

type Props = {
  readonly scenario: Scenario;
  readonly code: Code;
  /** Show facilitator notes, every choice's scores, and unavailable choices. @default false */
  readonly reveal?: boolean;
  /** Colour output. @default true */
  readonly color?: boolean;
  /** A saved, unfinished run: the player first offers to resume it. */
  readonly saved?: RunRecord;
  /** A message shown once at the top (a save set aside, a replayed run). */
  readonly notice?: string;
  /** Why progress is not being saved, shown on every screen until a save works again. */
  readonly saveProblem?: string;
  /** Called with the run record after every step. */
  readonly onChange?: (record: RunRecord) => void;
  /** Replaces the session (the preview recompiles and replays). */
  readonly session?: Session;
  /** Extra keys for the preview: return true to take the key. */
  readonly onKey?: (input: string, key: Key) => boolean;
  /** Show the content note before the first scene. @default true */
  readonly intro?: boolean;
  /** Called when the trainee interrupts with Ctrl+C (the save is already written). */
  readonly onInterrupt?: () => void;
  /** The first run's shuffle seed; null shows the author's order. @default a new random seed */
  readonly seed?: Seed;
  /** The group's support page: its short version is shown under the content note. */
  readonly support?: Support;
};

type Mode = "resume" | "intro" | "play";

export function Player({
  scenario,
  code,
  reveal = false,
  color = true,
  saved,
  notice,
  saveProblem,
  onChange,
  session: given,
  onKey,
  onInterrupt,
  seed,
  intro = true,
  support,
}: Props) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const width = Math.max(20, ((stdout as { columns?: number }).columns || 80) - 1);
  const s = useMemo(() => styles(color), [color]);
  const [mode, setMode] = useState<Mode>(saved ? "resume" : intro && scenario.contentNote ? "intro" : "play");
  const [own, setOwn] = useState<Session>(() => startSession(scenario, seed === undefined ? newSeed() : seed));
  const session = given ?? own;
  const [message, setMessage] = useState<string | undefined>(notice);
  const [cursor, setCursorState] = useState(0);
  // Several keys can arrive in one chunk: Enter must see the cursor the arrows just moved.
  const cursorRef = useRef(0);
  const setCursor = useCallback((next: number | ((c: number) => number)) => {
    cursorRef.current = typeof next === "function" ? next(cursorRef.current) : next;
    setCursorState(cursorRef.current);
  }, []);
  const [help, setHelp] = useState(false);
  const [confirmRestart, setConfirmRestart] = useState(false);
  const [focus, setFocus] = useState(0);
  /** At the ending: the scores first, then (Tab) the decisions, so each fits a 24-line terminal. */
  const [decisionsPage, setDecisionsPage] = useState(false);
  const [, setTick] = useState(0);

  useEffect(
    () =>
      session.subscribe(() => {
        setTick((t) => t + 1);
        setCursor(0);
        setFocus(0);
        setDecisionsPage(false);
        onChange?.(session.save());
      }),
    [session, onChange, setCursor],
  );

  const view = session.view();

  useInput((input, key) => {
    if (key.ctrl && input === "c") {
      onInterrupt?.();
      exit();
      return;
    }
    if (onKey?.(input, key)) return;
    if (mode === "resume") {
      if (input === "y" || key.return) {
        const restored = resumeSession(scenario, saved);
        if (restored.ok) {
          setOwn(restored.session);
          setMessage(restored.message);
        } else setMessage(`${restored.error} Starting a new run.`);
        setMode("play");
      } else if (input === "n") {
        setMode(intro && scenario.contentNote ? "intro" : "play");
        onChange?.(own.save());
      } else if (input === "q") exit();
      return;
    }
    if (mode === "intro") {
      if (input === "q") exit();
      else setMode("play");
      return;
    }
    if (confirmRestart) {
      if (input === "y") {
        // A new run shuffles anew; a session shown in the author's order (the preview) keeps it.
        session.restart(session.seed === null ? null : newSeed());
        setMessage(undefined);
      }
      setConfirmRestart(false);
      return;
    }
    if (help) {
      setHelp(false);
      return;
    }
    if (input === "q") return exit();
    if (input === "?") return setHelp(true);
    if (input === "b") {
      setMessage(undefined);
      session.back();
      return;
    }
    if (input === "r") return setConfirmRestart(true);
    // Read the session now, not the render's view: several keys can arrive in one chunk.
    const live = session.view();
    if (live.phase === "deciding") {
      const count = live.choices.length;
      if (key.upArrow) setCursor((c) => (c + count - 1) % count);
      else if (key.downArrow) setCursor((c) => (c + 1) % count);
      else if (key.return) session.choose(cursorRef.current + 1);
      else if (/^[1-9]$/.test(input) && Number(input) <= count) session.choose(Number(input));
    } else if (live.phase === "feedback" && (key.return || input === " ")) {
      setMessage(undefined);
      session.continue();
    } else if (live.phase === "ended") {
      const count = session.debrief().decisions.length;
      if (count === 0) return;
      if (!decisionsPage) {
        if (key.tab || key.return || key.downArrow || key.rightArrow) setDecisionsPage(true);
      } else if (key.tab || key.escape || key.leftArrow) setDecisionsPage(false);
      else if (key.upArrow) setFocus((f) => (f + count - 1) % count);
      else if (key.downArrow) setFocus((f) => (f + 1) % count);
    }
  });

  const text = { width, styles: s, notes: reveal, flags: view.position.flags };
  const header = s.dim(
    `${terminalSafe(scenario.title)} · ${view.steps.length} ${view.steps.length === 1 ? "choice" : "choices"} made`,
  );
  const out: string[] = [];
  if (saveProblem) pushAll(out, [...wrap(s.yellow(terminalSafe(saveProblem)), width), ""]);
  if (message) pushAll(out, [...wrap(s.yellow(terminalSafe(message)), width), ""]);

  if (mode === "resume") {
    out.push(s.bold(terminalSafe(scenario.title)), "");
    const made = saved?.steps.length ?? 0;
    pushAll(out, wrap(`You have a run in progress here (${made} ${made === 1 ? "choice" : "choices"} made).`, width));
    out.push(
      "",
      ...wrap(`${s.bold("Enter")} or ${s.bold("y")} resume · ${s.bold("n")} start over · ${s.bold("q")} quit`, width),
    );
    return <Frame lines={out} />;
  }
  if (mode === "intro") {
    out.push(s.bold(terminalSafe(scenario.title)), ...wrap(s.dim(terminalSafe(scenario.summary)), width), "");
    pushAll(out, wrap(`${s.yellow("Content note:")} ${terminalSafe(scenario.contentNote ?? "")}`, width));
    out.push("");
    pushAll(out, supportLines(support, width, s));
    out.push("", ...wrap(s.dim("Take a breath. Press any key to begin, or q to leave."), width));
    return <Frame lines={out} />;
  }
  if (help) {
    out.push(s.bold("Keys"), "");
    const keys = KEYS.map(([k, v]): [string, string] => [
      k,
      k === "q" && saveProblem ? "quit (progress is not being saved)" : v,
    ]);
    for (const [k, v] of keys) pushAll(out, wrap(`${s.bold(k.padEnd(10))} ${v}`, width, " ".repeat(11)));
    out.push("", s.dim("Press any key to go back."));
    return <Frame lines={out} />;
  }

  pushAll(out, [...wrap(header, width), ""]);
  if (view.phase === "deciding" && view.node.kind === "scene") {
    out.push(headingLine(view.node.title ?? view.node.id, width, s), "");
    pushAll(out, [...blocksToLines(view.node.body, text), ""]);
    const best = reveal
      ? bestChoices(
          scenario,
          view.choices.map((c) => c.choice),
        )
      : new Set();
    for (const { number, choice } of view.choices) {
      const selected = number === cursor + 1;
      const marker = selected ? s.cyan("▸ ") : "  ";
      const label = `${number}. ${oneLine(choice.text)}`;
      pushAll(out, wrap(selected ? s.bold(label) : label, width, "     ", marker));
      if (reveal) {
        const mark = best.has(choice) ? ` ${s.green("★ best")}` : "";
        pushAll(out, wrap(`${s.dim(`[${formatDelta(choice.scores, code, s)}${s.dim("]")}`)}${mark}`, width, "     "));
      }
    }
    if (reveal) {
      for (const choice of unavailable(view.node.choices, view.choices)) {
        pushAll(out, wrap(s.dim(`–  ${oneLine(choice.text)} (${conditions(choice)})`), width, "     ", "  "));
      }
    }
    out.push(
      "",
      ...wrap(
        s.dim(`↑↓ or 1–${view.choices.length} choose · Enter select · b back · r restart · q quit · ? keys`),
        width,
      ),
    );
  } else if (view.phase === "feedback" && view.last) {
    const { scene, choice } = view.last;
    out.push(headingLine(scene.title ?? scene.id, width, s), "");
    pushAll(out, [...wrap(`${s.dim("You chose:")} ${oneLine(choice.text)}`, width), ""]);
    pushAll(out, [...blocksToLines(choice.feedback, text), ""]);
    pushAll(out, wrap(formatDelta(choice.scores, code, s), width));
    const pause = reflectLines(scene.reflect, "A question to pause on", text);
    if (pause.length > 0) out.push("", ...pause);
    out.push("", ...wrap(s.dim("Enter continue · b undo this choice · r restart · q quit · ? keys"), width));
  } else if (view.phase === "ended" && view.node.kind === "ending") {
    const ending = view.node;
    const debrief = session.debrief();
    const selected = debrief.decisions[focus];
    if (decisionsPage && selected) {
      out.push(headingLine("Your decisions", width, s), "");
      pushAll(out, [...decisionRows(debrief, width, s, focus), "", ...decisionDetail(selected, code, width, s)]);
      out.push("", ...wrap(s.dim("↑↓ decision · Tab your scores · b back · r play again · q quit"), width));
    } else {
      const tone = ending.tone ? ` (${ending.tone})` : "";
      out.push(headingLine(`Ending: ${ending.title ?? ending.id}${tone}`, width, s), "");
      pushAll(out, [...blocksToLines(ending.body, text), ""]);
      const question = reflectLines(ending.reflect, "A question to take with you", text);
      if (question.length > 0) out.push(...question, "");
      out.push(s.bold("Your run against the code"), "");
      pushAll(out, debriefRows(debrief.principles, code, width, s));
      for (const line of barsExplained(debrief.principles)) pushAll(out, wrap(s.dim(line), width));
      if (scenario.contentNote) {
        const where = support
          ? `who to contact is in ${terminalSafe(support.file)}.`
          : "talk to your facilitator or coordinator.";
        out.push("", ...wrap(s.dim(`If this brought something up, ${where}`), width));
      }
      const next = selected ? "Tab your decisions · " : "";
      out.push("", ...wrap(s.dim(`${next}b back · r play again · q quit`), width));
    }
  }
  if (confirmRestart) out.push("", s.yellow("Start again from the beginning? y / n"));
  return <Frame lines={out} />;
}

function Frame({ lines }: { readonly lines: readonly string[] }) {
  return (
    <Box flexDirection="column">
      <Text>{lines.join("\n")}</Text>
    </Box>
  );
}

const KEYS: readonly [string, string][] = [
  ["1–9", "choose that option"],
  ["↑ ↓", "move between options"],
  ["Enter", "select, or continue after feedback"],
  ["b", "go back one decision (scores and flags restored)"],
  ["Tab", "at the end: switch between your scores and your decisions"],
  ["r", "restart (asks first)"],
  ["q", "quit (your progress is saved)"],
  ["?", "this help"],
];

function unavailable(all: readonly Choice[], offered: readonly { readonly choice: Choice }[]): Choice[] {
  return all.filter((c) => !offered.some((o) => o.choice === c));
}

function conditions(choice: Choice): string {
  return terminalSafe(
    [...choice.if.map((f) => `needs ${f}`), ...choice.unless.map((f) => `not after ${f}`)].join(", "),
  );
}
