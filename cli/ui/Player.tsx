import type { Key } from "ink";
import { Box, Text, useApp, useInput, useWindowSize } from "ink";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { bestOptions } from "../../engine/lookahead.ts";
import type { Choice, Code, Scenario, Support } from "../../engine/model.ts";
import { pushAll } from "../../engine/push-all.ts";
import type { RunRecord } from "../../engine/record.ts";
import type { Session } from "../../engine/session.ts";
import type { Seed } from "../../engine/shuffle.ts";
import { styles } from "../io.ts";
import { barsExplained, debriefRows, decisionDetail, decisionRows, formatDelta } from "../render/scores.ts";
import { fitScreen } from "../render/screen.ts";
import { terminalSafe } from "../render/terminal-safe.ts";
import { blocksToLines, fitColumns, headingLine, oneLine, reflectLines, supportLines, wrap } from "../render/text.ts";
import { analysisOf, newSeed, resumeSession, startSession } from "../sessions.ts";

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
  /** The terminal rows the player may use (the preview keeps some for itself). @default the terminal's height */
  readonly rows?: number;
  /** Words for `q` in the keys help. @default "quit (your progress is saved)" */
  readonly quitMeans?: string;
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
  rows: givenRows,
  quitMeans = "quit (your progress is saved)",
}: Props) {
  const { exit } = useApp();
  // Re-renders on every resize, so the text re-wraps at once.
  const size = useWindowSize();
  const width = Math.max(20, size.columns - 1);
  const rows = Math.max(4, givenRows ?? size.rows);
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
  /** The first line of the scrolling part shown; every new screen starts at its top. */
  const [scroll, setScrollState] = useState(0);
  const scrollRef = useRef({ offset: 0, maxOffset: 0, viewport: 1 });
  // After ↑↓ move the selection, the scrolling follows it (where the options or decisions scroll); PgUp/PgDn let go.
  const followRef = useRef(false);
  const setScroll = useCallback((next: number) => {
    const { maxOffset } = scrollRef.current;
    scrollRef.current = { ...scrollRef.current, offset: Math.min(Math.max(0, next), maxOffset) };
    setScrollState(scrollRef.current.offset);
  }, []);

  useEffect(
    () =>
      session.subscribe(() => {
        setTick((t) => t + 1);
        setCursor(0);
        setFocus(0);
        setDecisionsPage(false);
        setScroll(0);
        followRef.current = false;
        onChange?.(session.save());
      }),
    [session, onChange, setCursor, setScroll],
  );

  const view = session.view();

  useInput((input, key) => {
    if (key.ctrl && input === "c") {
      onInterrupt?.();
      exit();
      return;
    }
    if (onKey?.(input, key)) return;
    // PgUp/PgDn scroll a screen taller than the terminal, whatever it shows; ↑↓ keep choosing.
    if (key.pageDown || key.pageUp) {
      followRef.current = false;
      const { offset, viewport } = scrollRef.current;
      const step = Math.max(1, viewport - 1);
      setScroll(offset + (key.pageDown ? step : -step));
      return;
    }
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
      else {
        setMode("play");
        setScroll(0);
      }
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
      setScroll(0);
      return;
    }
    if (input === "q") return exit();
    if (input === "?") {
      setHelp(true);
      setScroll(0);
      return;
    }
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
      if (key.upArrow || key.downArrow) followRef.current = true;
      if (key.upArrow) setCursor((c) => (c + count - 1) % count);
      else if (key.downArrow) setCursor((c) => (c + 1) % count);
      else if (key.return) session.choose(cursorRef.current + 1);
      else if (/^[1-9]$/.test(input) && Number(input) <= count) session.choose(Number(input));
    } else if (live.phase === "feedback" && (key.return || input === " ")) {
      setMessage(undefined);
      session.continue();
    } else if (live.phase === "feedback" && (key.upArrow || key.downArrow)) {
      // No options to move between here: the arrows scroll the feedback a line at a time.
      setScroll(scrollRef.current.offset + (key.downArrow ? 1 : -1));
    } else if (live.phase === "ended") {
      const count = session.debrief().decisions.length;
      if (count === 0) return;
      if (!decisionsPage) {
        if (key.tab || key.return || key.downArrow || key.rightArrow) {
          setDecisionsPage(true);
          setScroll(0);
        }
      } else if (key.tab || key.escape || key.leftArrow) {
        setDecisionsPage(false);
        setScroll(0);
      } else if (key.upArrow || key.downArrow) {
        followRef.current = true;
        setFocus((f) => (f + (key.upArrow ? count - 1 : 1)) % count);
      }
    }
  });

  const text = { width, styles: s, notes: reveal, flags: view.position.flags };
  const header = s.dim(
    `${terminalSafe(scenario.title)} · ${view.steps.length} ${view.steps.length === 1 ? "choice" : "choices"} made`,
  );
  // What stays at the top (warnings, the heading), what scrolls (the prose), what stays at the bottom (options, keys).
  const top: string[] = [];
  const body: string[] = [];
  const bottom: string[] = [];
  /** On a short terminal: the warnings and the heading only, the options and a short line of keys. */
  const compact = { top: [] as string[], bottom: [] as string[] };
  if (saveProblem) pushAll(top, [...wrap(s.yellow(terminalSafe(saveProblem)), width), ""]);
  if (message) pushAll(top, [...wrap(s.yellow(terminalSafe(message)), width), ""]);
  pushAll(
    compact.top,
    top.filter((l) => l !== ""),
  );
  const show = () => {
    if (confirmRestart) {
      bottom.push("", s.yellow("Start again from the beginning? y / n"));
      compact.bottom.push(s.yellow("Start again from the beginning? y / n"));
    }
    // Only screens that say what their compact form is have one (the scenes, the feedback, the debrief).
    const screen = compact.bottom.length > 0 ? { top, body, bottom, compact } : { top, body, bottom };
    // The selected option or focused decision is the line that starts with the cursor mark.
    const marked = s.cyan("▸ ");
    const keep = followRef.current ? [...body, ...bottom].find((l) => l.startsWith(marked)) : undefined;
    const fitted = fitScreen(screen, rows, scroll, width, s, keep);
    scrollRef.current = { offset: fitted.offset, maxOffset: fitted.maxOffset, viewport: fitted.viewport };
    return <Frame lines={fitted.lines} />;
  };

  if (mode === "resume") {
    body.push(s.bold(terminalSafe(scenario.title)), "");
    const made = saved?.steps.length ?? 0;
    pushAll(body, wrap(`You have a run in progress here (${made} ${made === 1 ? "choice" : "choices"} made).`, width));
    bottom.push(
      "",
      ...wrap(`${s.bold("Enter")} or ${s.bold("y")} resume · ${s.bold("n")} start over · ${s.bold("q")} quit`, width),
    );
    return show();
  }
  if (mode === "intro") {
    top.push(s.bold(terminalSafe(scenario.title)));
    pushAll(body, [...wrap(s.dim(terminalSafe(scenario.summary)), width), ""]);
    pushAll(body, wrap(`${s.yellow("Content note:")} ${terminalSafe(scenario.contentNote ?? "")}`, width));
    body.push("");
    pushAll(body, supportLines(support, width, s));
    bottom.push("", ...wrap(s.dim("Take a breath. Press any key to begin, or q to leave."), width));
    return show();
  }
  if (help) {
    top.push(s.bold("Keys"), "");
    const keys = KEYS.map(([k, v]): [string, string] => [
      k,
      k === "q" ? (saveProblem ? "quit (progress is not being saved)" : quitMeans) : v,
    ]);
    // The description wraps in its own column: the key column's padding is not part of the wrapped text.
    for (const [k, v] of keys) pushAll(body, wrap(v, width, " ".repeat(KEY_COLUMN), s.bold(k.padEnd(KEY_COLUMN))));
    bottom.push("", s.dim("Press any key to go back."));
    return show();
  }

  pushAll(top, [...wrap(header, width), ""]);
  if (view.phase === "deciding" && view.node.kind === "scene") {
    top.push(headingLine(view.node.title ?? view.node.id, width, s), "");
    compact.top.push(headingLine(view.node.title ?? view.node.id, width, s));
    pushAll(body, blocksToLines(view.node.body, text));
    bottom.push("");
    // Best as the debrief says: looking ahead, counting what each option makes possible later.
    const best = reveal
      ? bestOptions(
          scenario,
          analysisOf(scenario),
          view.position,
          view.choices.map((c) => c.choice),
        )
      : new Set();
    for (const { number, choice } of view.choices) {
      const selected = number === cursor + 1;
      const marker = selected ? s.cyan("▸ ") : "  ";
      const label = `${number}. ${oneLine(choice.text)}`;
      pushAll(bottom, wrap(selected ? s.bold(label) : label, width, "     ", marker));
      if (reveal) {
        const mark = best.has(choice) ? ` ${s.green("★ best")}` : "";
        pushAll(
          bottom,
          wrap(`${s.dim(`[${formatDelta(choice.scores, code, s)}${s.dim("]")}`)}${mark}`, width, "     "),
        );
      }
    }
    if (reveal) {
      for (const choice of unavailable(view.node.choices, view.choices)) {
        pushAll(bottom, wrap(s.dim(`–  ${oneLine(choice.text)} (${conditions(choice)})`), width, "     ", "  "));
      }
    }
    pushAll(
      compact.bottom,
      bottom.filter((l) => l !== ""),
    );
    bottom.push(
      "",
      ...wrap(
        s.dim(`↑↓ or 1–${view.choices.length} choose · Enter select · b back · r restart · q quit · ? keys`),
        width,
      ),
    );
    compact.bottom.push(s.dim(fitColumns(`↑↓ 1–${view.choices.length} Enter · ? keys`, width)));
  } else if (view.phase === "feedback" && view.last) {
    const { scene, choice } = view.last;
    top.push(headingLine(scene.title ?? scene.id, width, s), "");
    compact.top.push(headingLine(scene.title ?? scene.id, width, s));
    compact.bottom.push(s.dim(fitColumns("Enter continue · ? keys", width)));
    pushAll(body, [...wrap(`${s.dim("You chose:")} ${oneLine(choice.text)}`, width), ""]);
    pushAll(body, [...blocksToLines(choice.feedback, text), ""]);
    pushAll(body, wrap(formatDelta(choice.scores, code, s), width));
    const pause = reflectLines(scene.reflect, "A question to pause on", text);
    if (pause.length > 0) body.push("", ...pause);
    bottom.push("", ...wrap(s.dim("Enter continue · b undo this choice · r restart · q quit · ? keys"), width));
  } else if (view.phase === "ended" && view.node.kind === "ending") {
    const ending = view.node;
    const debrief = session.debrief();
    const selected = debrief.decisions[focus];
    if (decisionsPage && selected) {
      top.push(headingLine("Your decisions", width, s), "");
      compact.top.push(headingLine("Your decisions", width, s));
      // The list scrolls (following ↑↓); the focused decision's detail stays under it.
      pushAll(body, decisionRows(debrief, width, s, focus));
      const detail = decisionDetail(selected, code, width, s);
      compact.bottom.push(...detail, s.dim(fitColumns("↑↓ decision · Tab scores · q quit", width)));
      bottom.push("", ...detail);
      bottom.push("", ...wrap(s.dim("↑↓ decision · Tab your scores · b back · r play again · q quit"), width));
    } else {
      const tone = ending.tone ? ` (${ending.tone})` : "";
      top.push(headingLine(`Ending: ${ending.title ?? ending.id}${tone}`, width, s), "");
      compact.top.push(headingLine(`Ending: ${ending.title ?? ending.id}${tone}`, width, s));
      compact.bottom.push(s.dim(fitColumns(`${selected ? "Tab decisions · " : ""}r again · q quit`, width)));
      pushAll(body, [...blocksToLines(ending.body, text), ""]);
      const question = reflectLines(ending.reflect, "A question to take with you", text);
      if (question.length > 0) body.push(...question, "");
      body.push(s.bold("Your run against the code"), "");
      pushAll(body, debriefRows(debrief.principles, code, width, s));
      for (const line of barsExplained(debrief.principles)) pushAll(body, wrap(s.dim(line), width));
      if (scenario.contentNote) {
        const where = support
          ? `who to contact is in ${terminalSafe(support.file)}.`
          : "talk to your facilitator or coordinator.";
        body.push("", ...wrap(s.dim(`If this brought something up, ${where}`), width));
      }
      const next = selected ? "Tab your decisions · " : "";
      bottom.push("", ...wrap(s.dim(`${next}b back · r play again · q quit`), width));
    }
  }
  return show();
}

function Frame({ lines }: { readonly lines: readonly string[] }) {
  return (
    <Box flexDirection="column">
      <Text>{lines.join("\n")}</Text>
    </Box>
  );
}

/** The keys help's first column, in terminal columns (the keys are ASCII and box-drawing arrows). */
const KEY_COLUMN = 11;

const KEYS: readonly [string, string][] = [
  ["1–9", "choose that option"],
  ["↑ ↓", "move between options (after a choice: scroll)"],
  ["PgUp PgDn", "scroll a screen taller than the terminal"],
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
