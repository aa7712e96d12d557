import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./run-cli.ts";

// Scenario text, file names and saved runs carry escapes that would retitle the terminal (OSC 0), clear it
// and colour it. tmux keeps the title a pane asks for in #{pane_title}: it must never change.
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
const SOCKET = `rehearse-inject-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });
afterAll(() => {
  spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
});

const TITLE = "\u001b]0;PWNED\u0007";
const C1_TITLE = "\u009d0;PWNED\u009c";

async function screenUntil(session: string, text: string, ms = 20_000): Promise<string> {
  const end = Date.now() + ms;
  let screen = "";
  while (Date.now() < end) {
    screen = tmux("capture-pane", "-p", "-t", session);
    if (screen.includes(text)) return screen;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`screen never showed ${JSON.stringify(text)}:\n${screen}`);
}

/**
 * A library in a folder whose name retitles the terminal (the scenario compiles: its own name is clean),
 * a scenario whose prose and flag do, and a damaged save whose parse error quotes it.
 */
function hostileLibrary(): { root: string; dir: string; circle: string; state: string } {
  const root = mkdtempSync(join(tmpdir(), "rehearse-inject-"));
  const dir = join(root, `library${TITLE}`);
  mkdirSync(dir);
  copyFileSync(join(ROOT, "test/fixtures/code.mdx"), join(dir, "code.mdx"));
  const source = readFileSync(join(ROOT, "test/fixtures/valid/circle.mdx"), "utf8");
  const circle = join(dir, "circle.mdx");
  writeFileSync(circle, source);
  writeFileSync(
    join(dir, "prose.mdx"),
    source
      .replace("Dana waves you over", `Dana waves${TITLE}\u001b[2J\u001b[31m you over`)
      .replace('set="spoke-up"', `set="spoke-up${TITLE}"`),
  );
  const state = join(root, "state");
  mkdirSync(join(state, "rehearse", "runs"), { recursive: true });
  writeFileSync(join(state, "rehearse", "runs", "circle.json"), `${TITLE}${C1_TITLE} half a file`);
  return { root, dir, circle, state };
}

describe.skipIf(!hasTmux)("scenario text in a real terminal (tmux)", () => {
  it("never changes the pane title through check, list, stats, graph, play --script or the player", async () => {
    const { root, dir, circle, state } = hostileLibrary();
    const session = `rehearse-inject-${process.pid}`;
    const bin = `${JSON.stringify(process.execPath)} bin/rehearse.js`;
    const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
    const command = [
      `cd ${JSON.stringify(ROOT)}`,
      `export XDG_STATE_HOME=${q(state)} NO_COLOR=1`,
      `${bin} check ${q(dir)}`,
      `${bin} check ${q(dir)} --format json`,
      `${bin} list --dir ${q(dir)}`,
      `${bin} list --dir ${q(dir)} --json`,
      `${bin} stats ${q(circle)}`,
      `${bin} graph ${q(circle)}`,
      `${bin} graph ${q(circle)} --format dot`,
      `${bin} play ${q(circle)} --script 1,1,1`,
      `${bin} play ${q(circle)} --script 1,1,1 --json`,
      "echo BATCH=DONE",
      `${bin} play ${q(circle)}`,
      "echo EXIT=$?",
      "sleep 30",
    ].join("; ");
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "50", command);
    try {
      const title = () => tmux("display-message", "-p", "-t", session, "#{pane_title}").trim();
      await screenUntil(session, "could not be read", 40_000);
      expect(title()).not.toContain("PWNED");
      const screen = tmux("capture-pane", "-p", "-t", session);
      expect(screen).toContain("]0;PWNED"); // the escape's visible remains: stripped of ESC and BEL, shown as text
      tmux("send-keys", "-t", session, "Enter");
      await screenUntil(session, "── Saturday market");
      tmux("send-keys", "-t", session, "q");
      await screenUntil(session, "EXIT=0");
      expect(title()).not.toContain("PWNED");
    } finally {
      spawnSync("tmux", ["-L", SOCKET, "kill-session", "-t", session]);
      rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);
});
