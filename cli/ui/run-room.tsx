import { render } from "ink";
import type { Room } from "../room/server.ts";
import { RoomDashboard } from "./RoomDashboard.tsx";

/** Shows the room's live dashboard until q or Ctrl+C (also SIGTERM); the caller then closes the room. */
export async function showDashboard(
  room: Room,
  options: { readonly title: string; readonly qr: string; readonly warning?: string; readonly color: boolean },
): Promise<void> {
  // The lead's link is written once, before the dashboard, as one line: Ink wraps its own text at
  // the terminal's width with hard line breaks, which would break the link for copying or clicking.
  process.stdout.write(`Open in your browser (keep this link to yourself):\n${room.snapshot().presenterUrl}\n\n`);
  const instance = render(
    <RoomDashboard
      title={options.title}
      snapshot={room.snapshot}
      subscribe={room.subscribe}
      qr={options.qr}
      {...(options.warning ? { warning: options.warning } : {})}
      color={options.color}
    />,
    // We only get here with a TTY on both ends, even where CI=true is set.
    { exitOnCtrlC: false, patchConsole: false, interactive: true },
  );
  const stop = () => instance.unmount();
  process.once("SIGTERM", stop);
  await instance.waitUntilExit();
  process.off("SIGTERM", stop);
}
