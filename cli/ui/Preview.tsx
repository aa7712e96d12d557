import type { Key } from "ink";
import { Box, Text, useWindowSize } from "ink";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Diagnostic } from "../../engine/diagnostics.ts";
import { formatDiagnostic } from "../../engine/diagnostics.ts";
import type { Code, Scenario } from "../../engine/model.ts";
import { outline, shortestPathTo } from "../../engine/paths.ts";
import { pushAll } from "../../engine/push-all.ts";
import type { Session } from "../../engine/session.ts";
import { styles } from "../io.ts";
import { fitScreen } from "../render/screen.ts";
import { terminalSafe } from "../render/terminal-safe.ts";
import { wrap } from "../render/text.ts";
import { resumeSession, startSession } from "../sessions.ts";
import { Player } from "./Player.tsx";

/** What a (re)compile produced: a scenario to play, or the diagnostics that stop it. */
export type Build = {
  readonly scenario?: Scenario;
  readonly code?: Code;
  readonly diagnostics: readonly Diagnostic[];
  readonly ms: number;
};

type Props = {
  readonly file: string;
  /** Compiles the scenario and its code from disk. */
  readonly build: () => Build;
  /** Subscribes to changes of the watched files; returns an unsubscribe function. */
  readonly watch: (onChange: () => void) => () => void;
  /** Start at this scene, with the flags of the shortest path there. */
  readonly from?: string;
  /** @default true */
  readonly color?: boolean;
  /** Called after every re-render caused by a file change (for the latency benchmark). */
  readonly onUpdate?: (build: Build) => void;
};

type Overlay = { readonly kind: "jump"; readonly cursor: number } | { readonly kind: "outline" } | undefined;

/** Replays the shortest path to a scene into a fresh session. */
function sessionAt(scenario: Scenario, id: string): Session | undefined {
  const path = shortestPathTo(scenario, id);
  if (!path) return undefined;
  const session = startSession(scenario);
  for (const n of path) {
    session.choose(n);
    session.continue();
  }
  return session;
}

/** The author's loop: plays like `play --reveal`, recompiles on save, keeps the place, shows diagnostics. */
export function Preview({ file, build, watch, from, color = true, onUpdate }: Props) {
  // Re-renders on every resize, so the text re-wraps at once.
  const size = useWindowSize();
  const width = Math.max(20, size.columns - 1);
  const s = useMemo(() => styles(color), [color]);
  const [first] = useState(build);
  // The latest callbacks, read by the file watcher without re-subscribing it.
  const latest = useRef({ build, onUpdate });
  latest.current = { build, onUpdate };
  const [current, setCurrent] = useState<Build>(first);
  const [playable, setPlayable] = useState<{ scenario: Scenario; code: Code } | undefined>(
    first.scenario && first.code ? { scenario: first.scenario, code: first.code } : undefined,
  );
  const [session, setSession] = useState<Session | undefined>(() => {
    if (!first.scenario) return undefined;
    return (from && sessionAt(first.scenario, from)) || startSession(first.scenario);
  });
  const [message, setMessage] = useState<string | undefined>(() =>
    from && first.scenario && !shortestPathTo(first.scenario, from)
      ? `No run reaches “${from}”; starting at the beginning.`
      : undefined,
  );
  const [overlay, setOverlayState] = useState<Overlay>(undefined);
  // Keys can arrive several to a chunk (a fast typist, tmux send-keys): read the latest overlay, not the render's.
  const overlayRef = useRef<Overlay>(undefined);
  const setOverlay = useCallback((next: Overlay) => {
    overlayRef.current = next;
    setOverlayState(next);
  }, []);
  const [updatedAt, setUpdatedAt] = useState<string | undefined>(undefined);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  // The flags line under the player follows every step the player takes.
  const [, setSteps] = useState(0);
  useEffect(() => session?.subscribe(() => setSteps((n) => n + 1)), [session]);

  useEffect(
    () =>
      watch(() => {
        const next = latest.current.build();
        setCurrent(next);
        setUpdatedAt(new Date().toLocaleTimeString("en-GB"));
        if (next.scenario && next.code) {
          const old = sessionRef.current;
          if (old) {
            const restored = resumeSession(next.scenario, old.save());
            if (restored.ok) {
              setSession(restored.session);
              setMessage(
                restored.status === "diverged"
                  ? `The path so far no longer holds after choice ${restored.replayed + 1} of ${restored.total}; staying at “${restored.session.view().node.title ?? restored.session.view().node.id}”.`
                  : undefined,
              );
            } else setSession(startSession(next.scenario));
          } else setSession(startSession(next.scenario));
          setPlayable({ scenario: next.scenario, code: next.code });
        }
        latest.current.onUpdate?.(next);
      }),
    [watch],
  );

  const onKey = useCallback(
    (input: string, key: Key): boolean => {
      const scenario = playable?.scenario;
      if (!scenario) return input !== "q";
      const overlay = overlayRef.current;
      if (overlay?.kind === "outline") {
        setOverlay(undefined);
        return true;
      }
      if (overlay?.kind === "jump") {
        const items = outline(scenario);
        if (key.escape || input === "g") setOverlay(undefined);
        else if (key.upArrow) setOverlay({ kind: "jump", cursor: (overlay.cursor + items.length - 1) % items.length });
        else if (key.downArrow) setOverlay({ kind: "jump", cursor: (overlay.cursor + 1) % items.length });
        else if (key.return) {
          const target = items[overlay.cursor];
          const next = target ? sessionAt(scenario, target.id) : undefined;
          if (next) {
            setSession(next);
            setMessage(undefined);
          } else setMessage(`No run reaches “${target?.title ?? target?.id}”.`);
          setOverlay(undefined);
        }
        return true;
      }
      if (input === "g") {
        setOverlay({ kind: "jump", cursor: 0 });
        return true;
      }
      if (input === "o") {
        setOverlay({ kind: "outline" });
        return true;
      }
      return false;
    },
    [playable, setOverlay],
  );

  const header = [
    s.bold("Preview"),
    s.dim(terminalSafe(file)),
    updatedAt ? s.dim(`updated ${updatedAt} (${Math.round(current.ms)} ms)`) : s.dim("watching for saves"),
  ].join("  ");
  const errors = current.diagnostics.filter((d) => d.severity === "error");
  const panel: string[] = [];
  if (current.diagnostics.length > 0) {
    const title = errors.length
      ? s.red(`${errors.length} error${errors.length === 1 ? "" : "s"}: showing the last version that compiled`)
      : s.yellow(`${current.diagnostics.length} warning${current.diagnostics.length === 1 ? "" : "s"}`);
    pushAll(panel, wrap(title, width - 4));
    // The panel is `width` wide; its border and padding take 4 columns of it.
    for (const d of current.diagnostics.slice(0, 8))
      pushAll(panel, wrap(terminalSafe(formatDiagnostic(d)), width - 4, "    ", ""));
    if (current.diagnostics.length > 8)
      pushAll(
        panel,
        wrap(s.dim(`…and ${current.diagnostics.length - 8} more (rehearse check ${terminalSafe(file)})`), width - 4),
      );
  }
  const headerLines = wrap(header, width);
  const messageLines = message ? ["", ...wrap(s.yellow(terminalSafe(message)), width)] : [];
  const flags = session?.view().position.flags ?? [];
  const footer = [
    ...wrap(
      s.dim(`Flags set: ${flags.length ? flags.map((f) => terminalSafe(f)).join(", ") : "none"}`),
      width,
      "  ",
      "",
    ),
    ...wrap(s.dim("g jump to a scene · o outline"), width),
  ];
  // Rows left for the player or an overlay, under the header, the panel (with its border and margin) and the message.
  const used = headerLines.length + (panel.length > 0 ? panel.length + 3 : 0) + messageLines.length;
  const room = Math.max(4, size.rows - used - 1);
  const overlayLines: string[] = [];
  if (playable && overlay) {
    const items = outline(playable.scenario);
    const here = session?.view().node.id;
    const listed: string[] = [];
    let at = 0;
    items.forEach((item, i) => {
      const mark =
        overlay.kind === "jump" && i === overlay.cursor ? s.cyan("▸ ") : item.id === here ? s.green("● ") : "  ";
      const kind = item.kind === "ending" ? s.dim(" (ending)") : "";
      const lost = item.reachable ? "" : s.yellow(" (unreachable)");
      if ((overlay.kind === "jump" && i === overlay.cursor) || (overlay.kind === "outline" && item.id === here))
        at = listed.length;
      listed.push(
        // The mark is the first line's indent: wrap() would drop the spaces that stand for no mark.
        ...wrap(
          `${terminalSafe(item.title ?? item.id)} ${s.dim(`#${terminalSafe(item.id)}`)}${kind}${lost}`,
          width,
          "    ",
          mark,
        ),
      );
    });
    // A long outline scrolls to keep the cursor (or the current scene) in view.
    const title = s.bold(overlay.kind === "jump" ? "Jump to (↑↓, Enter; Esc closes)" : "Outline (any key closes)");
    const fitted = fitScreen({ top: [title, ""], body: listed, bottom: [] }, room, at - 2, width, s);
    overlayLines.push(...fitted.lines);
  }
  return (
    <Box flexDirection="column">
      <Text>{headerLines.join("\n")}</Text>
      {panel.length > 0 ? (
        <Box
          width={width}
          borderStyle="round"
          borderColor={errors.length ? "red" : "yellow"}
          paddingX={1}
          marginTop={1}
          flexShrink={0}
        >
          <Text>{panel.join("\n")}</Text>
        </Box>
      ) : null}
      {messageLines.length > 0 ? <Text>{messageLines.join("\n")}</Text> : null}
      {overlayLines.length > 0 ? <Text>{`\n${overlayLines.join("\n")}`}</Text> : null}
      {playable && session ? (
        <Box display={overlayLines.length > 0 ? "none" : "flex"} marginTop={1} flexDirection="column">
          <Player
            scenario={playable.scenario}
            code={playable.code}
            session={session}
            reveal
            intro={false}
            color={color}
            onKey={onKey}
            rows={room - footer.length}
            quitMeans="quit (the preview saves nothing)"
          />
          <Text>{footer.join("\n")}</Text>
        </Box>
      ) : (
        <Text>{`\n${s.dim("Fix the errors above and save; the preview starts as soon as the file compiles. q quits.")}`}</Text>
      )}
    </Box>
  );
}
