import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { saveFile } from "../../cli/saves.ts";
import { ROOT } from "./run-cli.ts";

// A real terminal: tmux runs `rehearse play`, we type keys and read the screen.
/** The circle fixture's save: keyed by its id and the file's path. */
const savedRun = (state: string) =>
  saveFile(join(state, "rehearse", "runs"), "circle", join(ROOT, "test/fixtures/valid/circle.mdx"));
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
// A tmux server of our own (-L), so other tmux users on the machine neither see nor disturb it.
const SOCKET = `rehearse-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });
afterAll(() => {
  spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
});

/** The number the player shows before an option: runs are shuffled, so tests find options by their text. */
function numberOf(screen: string, text: string): string {
  const n = new RegExp(`(\\d)\\. ${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`).exec(screen)?.[1];
  if (!n) throw new Error(`no option ${JSON.stringify(text)} on screen:\n${screen}`);
  return n;
}

async function screenUntil(session: string, text: string | RegExp, ms = 20_000): Promise<string> {
  const end = Date.now() + ms;
  let screen = "";
  while (Date.now() < end) {
    screen = tmux("capture-pane", "-p", "-t", session);
    if (typeof text === "string" ? screen.includes(text) : text.test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`screen never showed ${String(text)}:\n${screen}`);
}

describe.skipIf(!hasTmux)("rehearse play in a real terminal (tmux)", () => {
  it("plays to the debrief by keyboard, saves, and leaves the terminal as it found it", async () => {
    const state = mkdtempSync(join(tmpdir(), "rehearse-tmux-"));
    const session = `rehearse-test-${process.pid}`;
    const command = [
      `cd ${JSON.stringify(ROOT)}`,
      `XDG_STATE_HOME=${JSON.stringify(state)} NO_COLOR=1 ${JSON.stringify(process.execPath)} bin/rehearse.js play test/fixtures/valid/circle.mdx --code test/fixtures/code.mdx`,
      "echo EXIT=$?",
      "stty -a | tr ' ;' '\\n\\n' | grep -x -e '-\\?icanon' -e '-\\?echo'",
      "sleep 30",
    ].join("; ");
    tmux("new-session", "-d", "-s", session, "-x", "70", "-y", "40", command);
    try {
      await screenUntil(session, "Content note: Mentions homelessness.");
      tmux("send-keys", "-t", session, "Enter");
      const market = await screenUntil(session, "── Saturday market");
      tmux("send-keys", "-t", session, numberOf(market, `"That's Marcus's story`));
      await screenUntil(session, "You chose:");
      tmux("send-keys", "-t", session, "Enter");
      await screenUntil(session, "── A quieter word");
      tmux("send-keys", "-t", session, "Enter");
      await screenUntil(session, "You chose:");
      tmux("send-keys", "-t", session, "Enter");
      const thursday = await screenUntil(session, "── Thursday circle");
      tmux("send-keys", "-t", session, "Down");
      tmux("send-keys", "-t", session, "Up");
      // The cursor is back on the first option; down to "Make room" wherever this run shows it.
      if (numberOf(thursday, "Make room for Marcus") === "2") tmux("send-keys", "-t", session, "Down");
      tmux("send-keys", "-t", session, "Enter");
      await screenUntil(session, "You chose: Make room for Marcus");
      tmux("send-keys", "-t", session, "Enter");
      const debrief = await screenUntil(session, "── Ending: Trust kept (positive)");
      expect(debrief).toMatch(/Confidentiality\s+\[━+●\]\s+\+2 of −3…\+2\s+100%/);
      expect(debrief).toContain("Your run against the code");
      const saved = JSON.parse(readFileSync(savedRun(state), "utf8"));
      expect(saved.ending).toBe("repair");
      expect(saved.steps.map((s: { choice: string }) => s.choice)).toEqual([
        "redirect:thats-marcuss-story-to-tell",
        "thursday:tell-her-youll-both-check",
        "repair:make-room-for-marcus-beside",
      ]);
      expect(Number.isInteger(saved.seed)).toBe(true);
      tmux("send-keys", "-t", session, "q");
      // The exit code, then the terminal modes `stty` prints after it (wait for both: the shell may lag).
      const after = await screenUntil(session, /EXIT=0[\s\S]*^-?echo$/m);
      expect(after).toMatch(/^icanon$/m);
      expect(after).toMatch(/^echo$/m);
      expect(tmux("display-message", "-p", "-t", session, "#{cursor_flag}").trim()).toBe("1");
    } finally {
      spawnSync("tmux", ["-L", SOCKET, "kill-session", "-t", session]);
    }
  }, 60_000);

  it("leaves cleanly on Ctrl+C, keeps the save, and offers to resume it", async () => {
    const state = mkdtempSync(join(tmpdir(), "rehearse-tmux-"));
    const session = `rehearse-ctrlc-${process.pid}`;
    const play = `XDG_STATE_HOME=${JSON.stringify(state)} NO_COLOR=1 ${JSON.stringify(process.execPath)} bin/rehearse.js play test/fixtures/valid/circle.mdx --code test/fixtures/code.mdx`;
    const command = [
      `cd ${JSON.stringify(ROOT)}`,
      play,
      "echo EXIT=$?",
      "stty -a | tr ' ;' '\\n\\n' | grep -x -e '-\\?icanon' -e '-\\?echo'",
      play,
      "sleep 30",
    ].join("; ");
    tmux("new-session", "-d", "-s", session, "-x", "70", "-y", "40", command);
    try {
      await screenUntil(session, "Content note");
      tmux("send-keys", "-t", session, "Enter");
      await screenUntil(session, "── Saturday market");
      tmux("send-keys", "-t", session, "2");
      await screenUntil(session, "You chose:");
      tmux("send-keys", "-t", session, "C-c");
      const after = await screenUntil(session, /EXIT=130[\s\S]*^-?echo$/m);
      expect(after).toContain("Progress saved. Run the same command to resume.");
      expect(after).toMatch(/^icanon$/m);
      expect(after).toMatch(/^echo$/m);
      const saved = JSON.parse(readFileSync(savedRun(state), "utf8"));
      expect(saved.steps).toHaveLength(1);
      await screenUntil(session, "You have a run in progress here (1 choice made).");
    } finally {
      spawnSync("tmux", ["-L", SOCKET, "kill-session", "-t", session]);
    }
  }, 60_000);
});
