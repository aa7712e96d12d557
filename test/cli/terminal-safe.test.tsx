import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { playScript, transcript } from "../../cli/commands/play-script.ts";
import { printStats } from "../../cli/commands/stats.ts";
import type { Io } from "../../cli/io.ts";
import { terminalJson, terminalSafe } from "../../cli/render/terminal-safe.ts";
import { Player } from "../../cli/ui/Player.tsx";
import { Preview } from "../../cli/ui/Preview.tsx";
import { analyzeScenario } from "../../engine/analyze.ts";
import { compileCode } from "../../engine/compile/compile-code.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import type { Code, Scenario } from "../../engine/model.ts";
import { KEY, renderAt } from "./ink.ts";
import { ROOT } from "./run-cli.ts";

// The control-character rule keeps such text out of compiled scenarios; this is the second line: a
// scenario object carrying escapes in every string a trainee sees (as a future path around the rule
// would deliver it) renders with none of them.
const ESCAPES = "\u001b]0;PWNED\u0007\u001b]52;c;Y2xpcA==\u0007\u001b[2J\u001b[31m\u009b2J\u202e\r";
const TEXT_KEYS = new Set([
  "title",
  "summary",
  "contentNote",
  "value",
  "who",
  "url",
  "alt",
  "name",
  "id",
  "to",
  "start",
]);
const LIST_KEYS = new Set(["set", "clear", "if", "unless", "audience", "tags"]);

function inject<T>(value: T, key = ""): T {
  if (typeof value === "string") return (TEXT_KEYS.has(key) ? `${value}${ESCAPES}` : value) as T;
  if (Array.isArray(value))
    return value.map((v) => (LIST_KEYS.has(key) && typeof v === "string" ? `${v}${ESCAPES}` : inject(v))) as T;
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inject(v, k)])) as T;
  return value;
}

function hostile(): { scenario: Scenario; code: Code } {
  const clean = compileCode(readFileSync(join(ROOT, "test/fixtures/code.mdx"), "utf8"), "code.mdx").value;
  const source = readFileSync(join(ROOT, "test/fixtures/valid/circle.mdx"), "utf8");
  const scenario = compileScenario(source, "circle.mdx", clean).value;
  if (!clean || !scenario) throw new Error("fixtures do not compile");
  // Principle ids stay as they are (scores are keyed by them); their names carry the escapes.
  const code = { ...clean, principles: clean.principles.map((p) => ({ ...p, name: `${p.name}${ESCAPES}` })) };
  return { scenario: { ...inject(scenario), id: scenario.id }, code };
}

// Our own colours are the only escapes allowed through.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const OWN_COLOURS = /\u001b\[[0-9;]*m/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function expectSafe(output: string) {
  expect(output).toContain("]0;PWNED"); // the injected text was rendered, its escapes gone
  const stripped = output.replace(OWN_COLOURS, "");
  const found = UNSAFE.exec(stripped);
  expect(found && JSON.stringify(stripped.slice(Math.max(0, found.index - 20), found.index + 20))).toBeNull();
}

const io = (color: boolean) => {
  const out: string[] = [];
  const value: Io = {
    out: (t) => out.push(t),
    err: (t) => out.push(t),
    cwd: ROOT,
    isTTY: false,
    color,
    columns: 100,
    env: {},
  };
  return { io: value, text: () => out.join("") };
};

describe("scenario text reaching a terminal", () => {
  const { scenario, code } = hostile();

  it("terminalSafe keeps tab, newline and every printable character, and drops the rest", () => {
    expect(terminalSafe("a\tb\nc — “d” ‏שלום")).toBe("a\tb\nc — “d” ‏שלום");
    expect(terminalSafe(`x${ESCAPES}y`)).toBe("x]0;PWNED]52;c;Y2xpcA==[2J[31m2Jy");
  });

  it("terminalJson escapes DEL, C1 and bidi controls and still parses to the same value", () => {
    const value = { text: `a${ESCAPES}\u007f` };
    const json = terminalJson(value);
    expect(JSON.parse(json)).toEqual(value);
    expect(UNSAFE.test(json.replace(/\n/g, ""))).toBe(false);
  });

  for (const color of [true, false]) {
    it(`strips escapes from the scripted transcript with --reveal (colour ${color ? "on" : "off"})`, () => {
      const session = playScript(scenario, [1, 1, 1]);
      const { io: out } = io(color);
      expectSafe(transcript(session, code, true, out));
    });
  }

  it("strips escapes from stats", () => {
    const out = io(true);
    printStats(scenario, analyzeScenario(scenario), code, false, out.io);
    expectSafe(out.text());
  });

  it("strips escapes from the preview's file name and diagnostics panel", async () => {
    const file = `scenarios/x${ESCAPES}.mdx`;
    const diagnostic = {
      file,
      line: 1,
      column: 1,
      severity: "error" as const,
      rule: "unknown-flag",
      message: `Unexpected flag \`a${ESCAPES}\``,
    };
    const r = renderAt(
      <Preview file={file} build={() => ({ diagnostics: [diagnostic], ms: 1 })} watch={() => () => {}} />,
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    const frame = r.lastFrame();
    r.unmount();
    expect(frame).toContain("1 error");
    expectSafe(frame);
  });

  it("strips escapes from every screen of the Ink player, notes and unavailable choices included", async () => {
    const r = renderAt(<Player scenario={scenario} code={code} reveal notice={`Set aside: ${ESCAPES}`} />, 80);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
    const frames: string[] = [];
    await settle();
    frames.push(r.lastFrame());
    // Past the content note, three decisions to the ending, then the debrief's other view (Tab).
    for (const key of [" ", "1", KEY.enter, KEY.enter, KEY.enter, KEY.enter, KEY.enter, KEY.enter, "\t"]) {
      await r.press(key);
      await settle();
      frames.push(r.lastFrame());
    }
    r.unmount();
    expect(frames.at(-2)).toContain("play again"); // the ending's debrief
    for (const frame of frames) expect(UNSAFE.test(frame.replace(OWN_COLOURS, ""))).toBe(false);
    expectSafe(frames.join("\n"));
  });
});
