import { Box, Text, useApp, useInput } from "ink";
import { useEffect, useMemo, useState } from "react";
import { styles } from "../io.ts";
import { terminalSafe } from "../render/terminal-safe.ts";
import type { RoomSnapshot } from "../room/server.ts";

type Props = {
  readonly title: string;
  /** The latest state of the room. */
  readonly snapshot: () => RoomSnapshot;
  /** Calls back after every change; returns an unsubscribe. */
  readonly subscribe: (listener: () => void) => () => void;
  /** The join address as text-drawn QR code. */
  readonly qr: string;
  /** A line shown in yellow under the addresses (no network found, …). */
  readonly warning?: string;
  /** @default true */
  readonly color?: boolean;
};

const BAR = 24;

/** The lead's terminal while a room runs: where to join, who is connected, and the live tally. q or Ctrl+C closes it. */
export function RoomDashboard({ title, snapshot, subscribe, qr, warning, color = true }: Props) {
  const { exit } = useApp();
  const s = useMemo(() => styles(color), [color]);
  const [room, setRoom] = useState(snapshot);
  useEffect(() => {
    // Votes can arrive by the hundred: redraw at most ten times a second.
    let timer: NodeJS.Timeout | undefined;
    const unsubscribe = subscribe(() => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setRoom(snapshot());
      }, 100);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [snapshot, subscribe]);
  useInput((input, key) => {
    if (input === "q" || (key.ctrl && input === "c")) exit();
  });

  const { decision, tally } = room;
  const total = Object.values(tally).reduce((a, b) => a + b, 0);
  const most = Math.max(1, ...Object.values(tally));
  return (
    <Box flexDirection="column">
      <Text>
        {s.bold("rehearse room")} · {title}
      </Text>
      <Text>
        Phones join at {s.bold(s.cyan(room.joinUrl))} · room code {s.bold(room.code)}
      </Text>
      <Text>Your link to the projector is printed above this dashboard (keep it to yourself).</Text>
      {warning ? <Text>{s.yellow(warning)}</Text> : null}
      <Box marginTop={1}>
        <Box marginRight={2} flexShrink={0}>
          <Text>{qr}</Text>
        </Box>
        <Box flexDirection="column">
          <Text>
            Devices connected: {s.bold(String(room.devices))}
            {room.refused ? s.dim(`   refused requests: ${room.refused}`) : ""}
          </Text>
          <Text> </Text>
          {decision ? (
            <>
              <Text>
                Decision: {s.bold(terminalSafe(decision.scene))} ·{" "}
                {room.stage === "open"
                  ? s.green("vote open")
                  : s.dim(room.stage === "waiting" ? "vote to come" : "vote closed")}{" "}
                · {total} {total === 1 ? "vote" : "votes"}
              </Text>
              {decision.letters.map((letter) => {
                const n = tally[letter] ?? 0;
                return (
                  <Text key={letter}>
                    {s.bold(letter)} {"█".repeat(Math.round((n / most) * BAR)).padEnd(BAR, "·")} {n}
                  </Text>
                );
              })}
            </>
          ) : (
            <Text>{s.dim("No decision on screen yet: open the link above and step to a vote.")}</Text>
          )}
        </Box>
      </Box>
      <Text> </Text>
      <Text>{s.dim("q or Ctrl+C closes the room; the votes are not kept.")}</Text>
    </Box>
  );
}
