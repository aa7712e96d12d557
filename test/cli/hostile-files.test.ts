import type { SpawnSyncReturns } from "node:child_process";
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./run-cli.ts";

// Issue #14 items 4, 8 and 9, against the built CLI as a user runs it. Every run has its own time limit:
// a FIFO that blocks a read, or a device read without end, fails the test instead of hanging it.
const LIMIT = 15_000;

function run(args: readonly string[], options: { env?: Record<string, string>; timeout?: number } = {}) {
  const result: SpawnSyncReturns<string> = spawnSync(process.execPath, ["bin/rehearse.js", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    input: "",
    timeout: options.timeout ?? LIMIT,
    maxBuffer: 64 * 1024 * 1024,
  });
  // Killed by the time limit: a hang, or unbounded reading.
  expect(result.signal, `rehearse ${args.join(" ")} was killed (${result.signal})`).toBeNull();
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every temporary folder a test makes, removed when the file's tests are done. */
const made: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), "rehearse-hostile-"));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
const CODE = join(ROOT, "test/fixtures/code.mdx");
const CIRCLE = join(ROOT, "test/fixtures/valid/circle.mdx");
const HOSTILE = join(ROOT, "test/fixtures/hostile");

/** A folder: the code, `a.mdx` and `z.mdx` valid, and between them whatever `between` puts there. */
function library(between: (dir: string) => void): string {
  const dir = temp();
  copyFileSync(CODE, join(dir, "code.mdx"));
  copyFileSync(CIRCLE, join(dir, "a.mdx"));
  between(dir);
  copyFileSync(CIRCLE, join(dir, "z.mdx"));
  return dir;
}
const mkfifo = (path: string) => execFileSync("mkfifo", [path]);

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("hostile files and folders", () => {
  for (const [name, make] of [
    ["a sub-folder", (dir: string) => mkdirSync(join(dir, "m.mdx"))],
    ["a broken symlink", (dir: string) => symlinkSync(join(dir, "nowhere"), join(dir, "m.mdx"))],
    ["a FIFO", (dir: string) => mkfifo(join(dir, "m.mdx"))],
  ] as const) {
    it(`check, list and play skip ${name} named *.mdx with a warning and go on to the files after it`, () => {
      const dir = library(make);
      const check = run(["check", dir]);
      expect(check.stderr).toMatch(
        /skipped .*m\.mdx: (a folder|a symbolic link to nothing|a FIFO \(named pipe\)), not a file/,
      );
      expect(check.stdout).toContain("0 errors, 0 warnings in 3 files"); // the code, a.mdx and z.mdx
      expect(check.code).toBe(0);
      const json = JSON.parse(run(["check", dir, "--format", "json"]).stdout);
      expect(json.files).toBe(3);
      expect(json.skipped).toEqual([
        { file: expect.stringMatching(/m\.mdx$/), reason: expect.stringMatching(/not a file$/) },
      ]);
      const list = run(["list", "--dir", dir]);
      expect(list.stdout).toContain("2 scenarios in");
      expect(list.stderr).toMatch(/skipped .*m\.mdx/);
      expect(list.code).toBe(0);
      const play = run(["play", join(dir, "m.mdx"), "--script", "1"]);
      expect(play.code).toBe(2);
      expect(play.stderr).toMatch(/m\.mdx/);
      expect(play.stderr).not.toContain("internal error");
    });
  }

  it("reports a FIFO, a device or a folder given as the scenario or the code as a usage error, at once", () => {
    const dir = library((d) => mkfifo(join(d, "pipe.mdx")));
    const cases: [string[], RegExp][] = [
      [["check", join(dir, "pipe.mdx")], /pipe\.mdx is a FIFO \(named pipe\), expected an \.mdx file or a folder/],
      [["check", join(dir, "a.mdx"), "--code", "/dev/zero"], /\/dev\/zero is a device, expected a code of ethics/],
      [
        ["check", join(dir, "a.mdx"), "--code", dir],
        /is a folder, expected a code of ethics \.mdx file \(give one with --code <file>\)/,
      ],
      [["stats", join(dir, "a.mdx"), "--code", join(dir, "pipe.mdx")], /pipe\.mdx is a FIFO/],
      [["play", "pipe", "--dir", dir, "--script", "1"], /pipe\.mdx is a FIFO \(named pipe\), expected a scenario/],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      expect(r.stderr, args.join(" ")).toMatch(message);
      expect(r.stderr).not.toContain("internal error");
      expect(r.code, args.join(" ")).toBe(2);
    }
  });

  it("audit refuses a FIFO as its settings file at once", () => {
    const dir = library((d) => mkfifo(join(d, "rehearse.config.json")));
    const r = run(["audit", dir]);
    expect(r.stderr).toMatch(/rehearse\.config\.json is a FIFO \(named pipe\), expected a JSON file/);
    expect(r.code).toBe(2);
  });

  it("reads no more than 5 MB of a file: a larger one is one positioned diagnostic, and the other files are checked", () => {
    const dir = library((d) => writeFileSync(join(d, "big.mdx"), `${"word ".repeat(1_300_000)}\n`));
    const r = run(["check", dir]);
    expect(r.stdout).toMatch(
      /error\[too-large\]: Unexpected file of 6\.2 MB, expected at most 5 MB \(split it into several scenarios\)\n --> .*big\.mdx:1:1\n/,
    );
    expect(r.stdout).toContain("1 error, 0 warnings in 4 files");
    expect(r.code).toBe(1);
  });

  it("new never follows a link out of --dir, and names a --dir that is a file", () => {
    const dir = library(() => {});
    const outside = join(temp(), "outside.mdx");
    symlinkSync(outside, join(dir, "planted.mdx"));
    const planted = run(["new", "planted", "--dir", dir]);
    expect(planted.stderr).toContain("planted.mdx already exists");
    expect(planted.code).toBe(1);
    expect(existsSync(outside)).toBe(false);
    const file = run(["new", "x", "--dir", join(dir, "a.mdx")]);
    expect(file.stderr).toMatch(/rehearse new: --dir .*a\.mdx is a file, expected a folder/);
    expect(file.code).toBe(2);
    const fresh = run(["new", "fresh-start", "--dir", dir]);
    expect(fresh.code).toBe(0);
    expect(run(["check", join(dir, "fresh-start.mdx")]).code).toBe(0);
  });

  it("caps check at 100 diagnostics per file and counts the rest, in text and JSON", () => {
    const dir = temp();
    copyFileSync(CODE, join(dir, "code.mdx"));
    const many = join(dir, "many.mdx");
    writeFileSync(
      many,
      // At the top level, each its own component: inside one scene they would be one too-large component.
      `---\ntitle: Many\nsummary: Many problems.\n---\n\n<Scene id="s">\nHi.\n</Scene>\n\n${"<X/>\n".repeat(150_000)}`,
    );
    copyFileSync(CIRCLE, join(dir, "z.mdx"));
    const text = run(["check", dir], { timeout: 60_000 });
    expect(text.stderr).not.toContain("internal error");
    expect(text.code).toBe(1);
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines.filter((l) => / --> .*many\.mdx:/.test(l))).toHaveLength(100);
    expect(text.stdout).toContain("… and 149,902 more in");
    expect(lines.at(-1)).toBe("✗ 150002 errors, 0 warnings in 3 files");
    const json = JSON.parse(run(["check", dir, "--format", "json"], { timeout: 60_000 }).stdout);
    expect(json.errors).toBe(150_002);
    expect(json.diagnostics).toHaveLength(100);
    expect(json.truncated).toEqual([{ file: expect.stringMatching(/many\.mdx$/), shown: 100, total: 150_002 }]);
  }, 150_000);

  it("reports control characters and prints none of them, in text or JSON", () => {
    const file = join(HOSTILE, "escapes.mdx");
    const text = run(["check", file, "--code", CODE]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("error[control-character]: Unexpected U+001B (escape), expected printable text");
    expect(text.stdout).toContain("escapes.mdx:7:12\n");
    expect(text.stdout).toContain("(control sequence introducer)");
    expect(text.stdout).toContain("U+202E (bidirectional formatting)");
    expect(CONTROL.test(text.stdout + text.stderr)).toBe(false);
    const json = run(["check", file, "--code", CODE, "--format", "json"]).stdout;
    expect(CONTROL.test(json.replace(/\n/g, ""))).toBe(false);
    expect(JSON.parse(json).diagnostics.some((d: { message: string }) => d.message.includes("flag[31m"))).toBe(false);
  });
});

describe("saved runs in a hostile state folder", () => {
  // The save functions run in a child process: a blocking read would hang it, not the test runner.
  const node = (script: string, env: Record<string, string>) =>
    spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, ...env },
      timeout: LIMIT,
    });

  it("sets a FIFO at the save's path aside instead of waiting on it", () => {
    const state = temp();
    mkdirSync(join(state, "runs"));
    mkfifo(join(state, "runs", "circle.json"));
    const r = node(
      `import { loadSave } from "./cli/saves.ts"; console.log(JSON.stringify(loadSave(process.env.RUNS, "circle")));`,
      { RUNS: join(state, "runs") },
    );
    expect(r.signal).toBeNull();
    const loaded = JSON.parse(r.stdout);
    expect(loaded).toMatchObject({ kind: "corrupt", error: "it is a FIFO (named pipe), not a file" });
    expect(readdirSync(join(state, "runs"))).toEqual([expect.stringMatching(/^circle\.json\.corrupt-/)]);
  });

  it("never writes through a link planted at the save's temporary name", () => {
    const state = temp();
    const runs = join(state, "runs");
    mkdirSync(runs);
    const outside = join(temp(), "outside.json");
    const script = `import { writeSave } from "./cli/saves.ts";
      import { symlinkSync } from "node:fs";
      symlinkSync(process.env.OUTSIDE, process.env.RUNS + "/circle.json." + process.pid + ".tmp");
      writeSave(process.env.RUNS, { schema: "rehearse.run/2", scenario: "circle", steps: [] });`;
    const r = node(script, { RUNS: runs, OUTSIDE: outside });
    expect(r.stderr).toBe("");
    expect(existsSync(outside)).toBe(false);
    expect(JSON.parse(readFileSync(join(runs, "circle.json"), "utf8")).scenario).toBe("circle");
  });
});

// A real terminal (tmux, on a server of our own) for the interactive player.
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
const SOCKET = `rehearse-hostile-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });

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

describe.skipIf(!hasTmux)("the terminal player when saving fails (tmux)", () => {
  afterAll(() => {
    spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
  });

  it("warns while it cannot save, and never says the progress was saved", async () => {
    // The state folder cannot be created: its parent is a file (permissions would not stop root).
    const state = join(temp(), "not-a-folder");
    writeFileSync(state, "");
    const session = `rehearse-nosave-${process.pid}`;
    const command = [
      `cd ${JSON.stringify(ROOT)}`,
      `XDG_STATE_HOME=${JSON.stringify(state)} NO_COLOR=1 ${JSON.stringify(process.execPath)} bin/rehearse.js play test/fixtures/valid/circle.mdx --code test/fixtures/code.mdx`,
      "echo EXIT=$?",
      "sleep 30",
    ].join("; ");
    tmux("new-session", "-d", "-s", session, "-x", "90", "-y", "40", command);
    try {
      await screenUntil(session, "Content note");
      tmux("send-keys", "-t", session, "Enter");
      await screenUntil(session, "── Saturday market");
      tmux("send-keys", "-t", session, "1");
      const warned = await screenUntil(session, "Your progress is not being saved");
      expect(warned).toContain("You chose:");
      tmux("send-keys", "-t", session, "?");
      await screenUntil(session, "quit (progress is not being saved)");
      tmux("send-keys", "-t", session, "Enter");
      tmux("send-keys", "-t", session, "C-c");
      const after = await screenUntil(session, "EXIT=130");
      expect(after.replace(/\n/g, "")).toMatch(/could not save progress in .*; this run was not saved\./);
      expect(after).not.toContain("Progress saved");
    } finally {
      spawnSync("tmux", ["-L", SOCKET, "kill-session", "-t", session]);
    }
  }, 60_000);
});
