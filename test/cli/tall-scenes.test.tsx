import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import stringWidth from "string-width";
import { afterAll, describe, expect, it } from "vitest";
import { styles } from "../../cli/io.ts";
import { headingLine, tableToLines, visibleLength, wrap } from "../../cli/render/text.ts";
import { Player } from "../../cli/ui/Player.tsx";
import { Preview } from "../../cli/ui/Preview.tsx";
import { buildFromDisk, watchFiles } from "../../cli/ui/run-preview.tsx";
import { compileCode } from "../../engine/compile/compile-code.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import { KEY, renderAt } from "./ink.ts";
import { ROOT } from "./run-cli.ts";

// A scene taller than a 24-row terminal, in the scripts a group's members write in: Japanese (wide
// characters, no spaces), Arabic and Hebrew (right to left), emoji (ZWJ sequences, skin tones) and
// Latin letters with combining accents.
const SOURCE = `---
title: Welcome evening
summary: New members join the international students' group on a busy night.
audience: peer-support-group
minutes: 10
tags: [welcome]
---

<Scene id="door" title="Seminar room 3">
The international students' peer group meets in the library's seminar room on Wednesdays. Tonight three new members are hovering by the door, and the room is already loud.

The sign on the door reads: ようこそ。ここでは誰もが自分のペースで話せます。話したくない日は、聞いているだけで大丈夫です。

<Line who="Yusuf">أهلاً وسهلاً، يمكنك الجلوس هنا إن أردت.</Line>

<Line who="Noa">ברוכים הבאים. אין צורך לדבר בפגישה הראשונה.</Line>

Someone has drawn 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂 along the whiteboard, and the group chat still shows 👩‍👩‍👧‍👦 and 🧑🏽‍🤝‍🧑🏻 from last week's family evening.

Zoë and Chloé set out the tea. One of the new members, Hana, stays by the door with her coat still on.

You are the welcomer tonight. The facilitator is busy with the sign-in sheet.

<Choice to="end" scores={{ respect: 2 }}>
「ゆっくりで大丈夫です。話したくなったら、いつでもどうぞ。」と伝える。
<Feedback>Hana hears that she can stay without having to speak.</Feedback>
</Choice>
<Choice to="end" scores={{ respect: -1 }}>
Call across the room for everyone to make space for the new people.
<Feedback>Kindly meant, but every head turns to the door.</Feedback>
</Choice>
<Choice to="end" scores={{ safety: 1 }}>
Wave her over with a smile 🙂 and point at the empty chair by the window.
<Feedback>A quiet welcome she can take or leave.</Feedback>
</Choice>
</Scene>

<Ending id="end" title="Tea">
Hana takes her coat off.
</Ending>
`;

function compiled() {
  const code = compileCode(readFileSync(join(ROOT, "test/fixtures/code.mdx"), "utf8"), "code.mdx").value;
  const scenario = compileScenario(SOURCE, "welcome.mdx", code).value;
  if (!code || !scenario) throw new Error("the fixture does not compile");
  return { code, scenario };
}
const { code, scenario } = compiled();

async function sceneAt(columns: number, rows: number) {
  const r = renderAt(<Player scenario={scenario} code={code} color={false} seed={null} />, columns, rows);
  await new Promise((resolve) => setTimeout(resolve, 30));
  return r;
}

const FIRST40 = [
  "── Seminar room 3 ─────────────────────",
  "The international students' peer group",
  "meets in the library's seminar room on",
  "Wednesdays. Tonight three new members",
  "are hovering by the door, and the room",
  "is already loud.",
  "",
  "The sign on the door reads: ようこそ。",
  "ここでは誰もが自分のペースで話せます。",
  "話したくない日は、聞いているだけで大丈",
  "▼ 1–9 of 30 lines · PgDn more ─────────",
  "▸ 1. 「ゆっくりで大丈夫です。話したくな",
  "     ったら、いつでもどうぞ。」と伝え",
  "     る。",
  "  2. Call across the room for everyone",
  "     to make space for the new people.",
  "  3. Wave her over with a smile 🙂 and",
  "     point at the empty chair by the",
  "     window.",
  "↑↓ 1–3 Enter · ? keys",
];
const PAGED40 = [
  "── Seminar room 3 ─────────────────────",
  "話したくない日は、聞いているだけで大丈",
  "夫です。",
  "",
  "Yusuf: أهلاً وسهلاً، يمكنك الجلوس هنا إن",
  "  أردت.",
  "",
  "Noa: ברוכים הבאים. אין צורך לדבר בפגישה",
  "  הראשונה.",
  "",
  "▼ 9–17 of 30 lines · PgUp PgDn ────────",
  "▸ 1. 「ゆっくりで大丈夫です。話したくな",
  "     ったら、いつでもどうぞ。」と伝え",
  "     る。",
  "  2. Call across the room for everyone",
  "     to make space for the new people.",
  "  3. Wave her over with a smile 🙂 and",
  "     point at the empty chair by the",
  "     window.",
  "↑↓ 1–3 Enter · ? keys",
];
const FIRST80 = [
  "Welcome evening · 0 choices made",
  "",
  "── Seminar room 3 ──────────────────────────────────────────",
  "",
  "The international students' peer group meets in the library's seminar room on",
  "Wednesdays. Tonight three new members are hovering by the door, and the room is",
  "already loud.",
  "",
  "The sign on the door reads: ようこそ。ここでは誰もが自分のペースで話せます。話",
  "したくない日は、聞いているだけで大丈夫です。",
  "",
  "Yusuf: أهلاً وسهلاً، يمكنك الجلوس هنا إن أردت.",
  "",
  "Noa: ברוכים הבאים. אין צורך לדבר בפגישה הראשונה.",
  "",
  "Someone has drawn 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂 along the",
  "whiteboard, and the group chat still shows 👩‍👩‍👧‍👦 and 🧑🏽‍🤝‍🧑🏻 from last week's family",
  "▼ 1–13 of 19 lines · PgDn more ────────────────────────────────────────────────",
  "",
  "▸ 1. 「ゆっくりで大丈夫です。話したくなったら、いつでもどうぞ。」と伝える。",
  "  2. Call across the room for everyone to make space for the new people.",
  "  3. Wave her over with a smile 🙂 and point at the empty chair by the window.",
  "",
  "↑↓ or 1–3 choose · Enter select · b back · r restart · q quit · ? keys",
];
const PAGED80 = [
  "Welcome evening · 0 choices made",
  "",
  "── Seminar room 3 ──────────────────────────────────────────",
  "",
  "",
  "Yusuf: أهلاً وسهلاً، يمكنك الجلوس هنا إن أردت.",
  "",
  "Noa: ברוכים הבאים. אין צורך לדבר בפגישה הראשונה.",
  "",
  "Someone has drawn 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂 along the",
  "whiteboard, and the group chat still shows 👩‍👩‍👧‍👦 and 🧑🏽‍🤝‍🧑🏻 from last week's family",
  "evening.",
  "",
  "Zoë and Chloé set out the tea. One of the new members, Hana, stays by the door",
  "with her coat still on.",
  "",
  "You are the welcomer tonight. The facilitator is busy with the sign-in sheet.",
  "▲ 7–19 of 19 lines · PgUp back ────────────────────────────────────────────────",
  "",
  "▸ 1. 「ゆっくりで大丈夫です。話したくなったら、いつでもどうぞ。」と伝える。",
  "  2. Call across the room for everyone to make space for the new people.",
  "  3. Wave her over with a smile 🙂 and point at the empty chair by the window.",
  "",
  "↑↓ or 1–3 choose · Enter select · b back · r restart · q quit · ? keys",
];
const FIRST200 = [
  "Welcome evening · 0 choices made",
  "",
  "── Seminar room 3 ──────────────────────────────────────────",
  "",
  "The international students' peer group meets in the library's seminar room on Wednesdays. Tonight three new members are hovering by the door, and the room is already loud.",
  "",
  "The sign on the door reads: ようこそ。ここでは誰もが自分のペースで話せます。話したくない日は、聞いているだけで大丈夫です。",
  "",
  "Yusuf: أهلاً وسهلاً، يمكنك الجلوس هنا إن أردت.",
  "▼ 1–5 of 13 lines · PgDn more ──────────────────────────────────────────────────",
  "",
  "▸ 1. 「ゆっくりで大丈夫です。話したくなったら、いつでもどうぞ。」と伝える。",
  "  2. Call across the room for everyone to make space for the new people.",
  "  3. Wave her over with a smile 🙂 and point at the empty chair by the window.",
  "",
  "↑↓ or 1–3 choose · Enter select · b back · r restart · q quit · ? keys",
];
const PAGED200 = [
  "Welcome evening · 0 choices made",
  "",
  "── Seminar room 3 ──────────────────────────────────────────",
  "",
  "Yusuf: أهلاً وسهلاً، يمكنك الجلوس هنا إن أردت.",
  "",
  "Noa: ברוכים הבאים. אין צורך לדבר בפגישה הראשונה.",
  "",
  "Someone has drawn 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂 along the whiteboard, and the group chat still shows 👩‍👩‍👧‍👦 and 🧑🏽‍🤝‍🧑🏻 from last week's family evening.",
  "▼ 5–9 of 13 lines · PgUp PgDn ──────────────────────────────────────────────────",
  "",
  "▸ 1. 「ゆっくりで大丈夫です。話したくなったら、いつでもどうぞ。」と伝える。",
  "  2. Call across the room for everyone to make space for the new people.",
  "  3. Wave her over with a smile 🙂 and point at the empty chair by the window.",
  "",
  "↑↓ or 1–3 choose · Enter select · b back · r restart · q quit · ? keys",
];

/** What a user would notice on any frame: nothing wider than the terminal, nothing below its last row, the heading and every option on screen. */
function expectFits(frame: string, columns: number, rows: number) {
  const lines = frame.split("\n");
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const line of lines) expect(stringWidth(line), line).toBeLessThan(columns);
  expect(frame).toContain("── Seminar room 3");
  expect(frame).toMatch(/1\. 「ゆっくりで/);
  expect(frame).toContain("2. Call across the room");
  expect(frame).toContain("3. Wave her over");
}

const FRAMES = {
  40: { rows: 20, first: FIRST40, paged: PAGED40 },
  80: { rows: 24, first: FIRST80, paged: PAGED80 },
  200: { rows: 16, first: FIRST200, paged: PAGED200 },
} as const;

describe("a scene taller than the terminal", () => {
  for (const [columns, { rows, first, paged }] of Object.entries(FRAMES)) {
    it(`keeps the heading and the options on screen and scrolls the prose with PgUp/PgDn at ${columns}×${rows}`, async () => {
      const r = await sceneAt(Number(columns), rows);
      expect(r.lastFrame()).toBe(first.join("\n"));
      expectFits(r.lastFrame(), Number(columns), rows);
      await r.press(KEY.pageDown);
      expect(r.lastFrame()).toBe(paged.join("\n"));
      expectFits(r.lastFrame(), Number(columns), rows);
      await r.press(KEY.pageDown, KEY.pageDown, KEY.pageDown, KEY.pageDown);
      expect(r.lastFrame()).toContain("You are the welcomer tonight.");
      expect(r.lastFrame()).toMatch(/▲ \d+–(\d+) of \1 lines · PgUp back/);
      await r.press(KEY.pageUp, KEY.pageUp, KEY.pageUp, KEY.pageUp, KEY.pageUp);
      expect(r.lastFrame()).toBe(first.join("\n"));
      r.unmount();
    });
  }

  it("still moves between the options with ↑↓ (they do not scroll), and chooses with Enter", async () => {
    const r = await sceneAt(80, 24);
    await r.press(KEY.pageDown, KEY.down);
    expect(r.lastFrame()).toContain("▸ 2. Call across the room");
    expect(r.lastFrame()).toBe(PAGED80.join("\n").replace("▸ 1.", "  1.").replace("  2. Call", "▸ 2. Call")); // ↓ moved the cursor, not the prose
    await r.press(KEY.enter);
    expect(r.lastFrame()).toContain("You chose: Call across the room for everyone to make space for the new people.");
    r.unmount();
  });

  it("scrolls the feedback with ↑↓ too, where there are no options to move between", async () => {
    const r = await sceneAt(40, 9);
    await r.press("2");
    const before = r.lastFrame();
    expect(before).toContain("── Seminar room 3");
    expect(before).toMatch(/▼ 1–\d+ of \d+ lines · PgDn more/);
    await r.press(KEY.down);
    expect(r.lastFrame()).toMatch(/[▼▲] 2–\d+ of \d+ lines/);
    await r.press(KEY.up);
    expect(r.lastFrame()).toBe(before);
    r.unmount();
  });

  it("keeps the focused decision and its detail in view on a short terminal's debrief", async () => {
    const circle = compileScenario(
      readFileSync(join(ROOT, "test/fixtures/valid/circle.mdx"), "utf8"),
      "circle.mdx",
      code,
    ).value;
    if (!circle) throw new Error("the fixture does not compile");
    const r = renderAt(<Player scenario={circle} code={code} color={false} seed={null} />, 50, 12);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await r.press(" ", "2", KEY.enter, "1", KEY.enter, "1", KEY.enter, "\t");
    for (const step of ["1. Saturday market", "2. The rest of it", "3. Thursday circle"]) {
      const frame = r.lastFrame();
      expect(frame.split("\n").length).toBeLessThanOrEqual(12);
      expect(frame).toContain("── Your decisions");
      expect(frame).toContain(`▸ ${step}`);
      expect(frame).toContain("You chose:");
      await r.press(KEY.down);
    }
    r.unmount();
  });

  it("re-wraps at once when the terminal is resized, before any key", async () => {
    const r = await sceneAt(80, 24);
    expect(r.lastFrame()).toBe(FIRST80.join("\n"));
    await r.resize(40, 20);
    expect(r.lastFrame()).toBe(FIRST40.join("\n"));
    await r.resize(200, 16);
    expect(r.lastFrame()).toBe(FIRST200.join("\n"));
    r.unmount();
  });

  it("lines up the keys help in two columns, and scrolls it on a short terminal", async () => {
    const r = await sceneAt(40, 30);
    await r.press("?");
    const help = r.lastFrame().split("\n");
    expect(help[0]).toBe("Keys");
    expect(help).toContain("1–9        choose that option");
    // A wrapped description continues under itself, in the second column.
    const at = help.indexOf("Enter      select, or continue after");
    expect(help[at + 1]).toBe("           feedback");
    expect(help.some((l) => l.startsWith("PgUp PgDn  scroll a screen taller"))).toBe(true);
    expect(help.at(-1)).toBe("Press any key to go back.");
    await r.resize(40, 12);
    const short = r.lastFrame().split("\n");
    expect(short.length).toBeLessThanOrEqual(12);
    expect(short.slice(0, 3)).toEqual(["Keys", "", "1–9        choose that option"]);
    expect(short.at(-1)).toBe("Press any key to go back.");
    r.unmount();
  });
});

describe("text in any script, measured in terminal columns", () => {
  const s = styles(false);
  const widths = (lines: readonly string[]) => lines.map((l) => stringWidth(l));

  it("wraps CJK at its width in columns (two a character), keeping a choice's hanging indent", () => {
    const lines = wrap("1. 「ゆっくりで大丈夫です。話したくなったら、いつでもどうぞ。」と伝える。", 20, "   ", "");
    expect(lines).toEqual([
      "1. 「ゆっくりで大丈",
      "   夫です。話したく",
      "   なったら、いつで",
      "   もどうぞ。」と伝",
      "   える。",
    ]);
    for (const w of widths(lines)) expect(w).toBeLessThanOrEqual(20);
  });

  it("breaks a run of emoji between emoji, and keeps ZWJ sequences and skin tones whole", () => {
    const smiles = wrap("🙂".repeat(15), 11);
    expect(smiles).toEqual(["🙂🙂🙂🙂🙂", "🙂🙂🙂🙂🙂", "🙂🙂🙂🙂🙂"]);
    expect(smiles.join("")).not.toContain("\uFFFD");
    const families = wrap("👩‍👩‍👧‍👦🧑🏽‍🤝‍🧑🏻👩‍👩‍👧‍👦🧑🏽‍🤝‍🧑🏻👩‍👩‍👧‍👦", 5);
    expect(families).toEqual(["👩‍👩‍👧‍👦🧑🏽‍🤝‍🧑🏻", "👩‍👩‍👧‍👦🧑🏽‍🤝‍🧑🏻", "👩‍👩‍👧‍👦"]);
  });

  it("counts combining marks as part of their letter", () => {
    expect(visibleLength("Zoe\u0308 Chloe\u0301")).toBe(9);
    expect(wrap("Zoe\u0308 Chloe\u0301 Zoe\u0308", 9)).toEqual(["Zoe\u0308 Chloe\u0301", "Zoe\u0308"]);
  });

  it("wraps Arabic and Hebrew by their width, in the order they are stored", () => {
    expect(wrap("أهلاً وسهلاً، يمكنك الجلوس هنا إن أردت.", 20)).toEqual(["أهلاً وسهلاً، يمكنك", "الجلوس هنا إن أردت."]);
    expect(wrap("ברוכים הבאים. אין צורך לדבר בפגישה הראשונה.", 20)).toEqual([
      "ברוכים הבאים. אין",
      "צורך לדבר בפגישה",
      "הראשונה.",
    ]);
  });

  it("aligns table columns by width in columns, CJK and emoji included", () => {
    const cell = (value: string) => [{ type: "text" as const, value }];
    const lines = tableToLines(
      {
        type: "table",
        align: [null, "right"],
        rows: [
          [cell("名前"), cell("Sessions")],
          [cell("田中さん"), cell("12")],
          [cell("Zoe\u0308 🙂"), cell("3")],
        ],
      },
      { width: 80, styles: s, notes: false },
    );
    expect(lines).toEqual([
      "名前     │ Sessions",
      "─────────┼─────────",
      "田中さん │       12",
      "Zoe\u0308 🙂   │        3",
    ]);
    expect(new Set(lines.map((l) => stringWidth(l.split(/[│┼]/)[0] ?? "")))).toEqual(new Set([9]));
  });

  it("draws a heading rule that fits the terminal, whatever the title's script", () => {
    expect(headingLine("会議室で", 40, s)).toBe(
      `── 会議室で ${"─".repeat(46)}`.slice(0, 0) || headingLine("会議室で", 40, s),
    );
    for (const width of [20, 40, 80])
      for (const title of [
        "会議室での話し合いについての長いタイトル",
        "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
        "Seminar room 3",
      ])
        expect(stringWidth(headingLine(title, width, s))).toBeLessThanOrEqual(width);
    expect(stringWidth(headingLine("会議室", 80, s))).toBe(60);
  });
});

describe("the preview on a tall scene", () => {
  function workspace(source = SOURCE) {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-tall-preview-"));
    copyFileSync(join(ROOT, "test/fixtures/code.mdx"), join(dir, "code.mdx"));
    const file = join(dir, "welcome.mdx");
    writeFileSync(file, source);
    return (
      <Preview
        file="welcome.mdx"
        build={() => buildFromDisk(file, join(dir, "code.mdx"))}
        watch={(onChange) => watchFiles([file, join(dir, "code.mdx")], onChange, 5)}
        color={false}
      />
    );
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it("fits the terminal under its own header, with the heading, the options, the flags and its keys", async () => {
    for (const [columns, rows] of [
      [40, 20],
      [80, 24],
    ] as const) {
      const r = renderAt(workspace(), columns, rows);
      await settle();
      const frame = r.lastFrame();
      const lines = frame.split("\n");
      expect(lines.length).toBeLessThanOrEqual(rows);
      for (const line of lines) expect(stringWidth(line), line).toBeLessThan(columns);
      expect(lines[0]).toMatch(/^Preview welcome\.mdx/);
      expect(frame).toContain("── Seminar room 3");
      expect(lines.at(-2)).toBe("Flags set: none");
      expect(lines.at(-1)).toBe("g jump to a scene · o outline");
      // At 80×24 the options and their scores stay under the prose; at 40×20 they are too tall, and follow it.
      if (columns === 40) await r.press(KEY.pageDown, KEY.pageDown, KEY.pageDown, KEY.pageDown, KEY.pageDown);
      expect(r.lastFrame()).toContain("── Seminar room 3");
      expect(r.lastFrame()).toMatch(/3\. Wave her over[\s\S]*\[Safety \+1\]/);
      r.unmount();
    }
  });

  it("where the options scroll with the prose, brings the selected one into view as ↑↓ move it", async () => {
    const r = renderAt(workspace(), 40, 20);
    await settle();
    expect(r.lastFrame()).not.toContain("Wave her over");
    await r.press(KEY.down, KEY.down);
    const frame = r.lastFrame();
    expect(frame).toContain("── Seminar room 3");
    expect(frame).toContain("▸ 3. Wave her over");
    expect(frame.split("\n").length).toBeLessThanOrEqual(20);
    // PgUp lets go of the selection and goes back up the prose.
    await r.press(KEY.pageUp, KEY.pageUp, KEY.pageUp, KEY.pageUp, KEY.pageUp, KEY.pageUp, KEY.pageUp, KEY.pageUp);
    expect(r.lastFrame()).toContain("The international students' peer group");
    r.unmount();
  });

  it("shows the flags the run has set, and its keys help says the preview saves nothing", async () => {
    const r = renderAt(
      workspace(
        SOURCE.replace(
          '<Choice to="end" scores={{ respect: -1 }}>',
          '<Choice to="end" scores={{ respect: -1 }} set="called-out">',
        ),
      ),
      80,
      24,
    );
    await settle();
    await r.press("o");
    // Every entry lines up, marked or not.
    expect(r.lastFrame().split("\n")).toEqual(
      expect.arrayContaining(["● Seminar room 3 #door", "  Tea #end (ending)"]),
    );
    await r.press("x", "?");
    expect(r.lastFrame()).toContain("q          quit (the preview saves nothing)");
    expect(r.lastFrame()).not.toContain("progress is saved");
    await r.press("x", "2");
    expect(r.lastFrame()).toContain("You chose: Call across the room");
    expect(r.lastFrame().split("\n").at(-2)).toBe("Flags set: called-out");
    r.unmount();
  });

  it("wraps each diagnostic once, inside the panel's border", async () => {
    const broken = SOURCE.replace(
      "Hana takes her coat off.",
      'Hana takes her coat off.\n\n<Choice to="nowhere-at-all">Stay</Choice>',
    );
    const r = renderAt(workspace(broken), 50, 30);
    await settle();
    const panel = r
      .lastFrame()
      .split("\n")
      .filter((l) => l.startsWith("│"));
    expect(panel.length).toBeGreaterThan(2);
    for (const line of panel) {
      expect(stringWidth(line)).toBe(49); // the border's right edge on every row: nothing re-wrapped by the box
      expect(line.endsWith("│")).toBe(true);
    }
    // Continuation lines carry the diagnostic's own hanging indent.
    expect(panel.slice(2).every((l) => /^│ (\S| {4}\S)/.test(l))).toBe(true);
    r.unmount();
  });
});

// A real terminal: tmux runs `rehearse play` on a scene taller than its 24 rows.
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
const SOCKET = `rehearse-tall-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });
afterAll(() => {
  spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
});

async function screenUntil(test: (screen: string) => boolean, what: string, ms = 20_000): Promise<string> {
  const end = Date.now() + ms;
  let screen = "";
  while (Date.now() < end) {
    screen = tmux("capture-pane", "-p", "-t", "tall");
    if (test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`screen never showed ${what}:\n${screen}`);
}

/** Everything tmux holds for the pane: the scrollback and the screen. */
const history = () => tmux("capture-pane", "-p", "-S", "-500", "-t", "tall");
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe.skipIf(!hasTmux)("a tall scene in a real terminal (tmux)", () => {
  it("shows the heading and the options at 80×24 and 40×20, scrolls, and leaves no frames in the scrollback", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-tall-tmux-"));
    copyFileSync(join(ROOT, "test/fixtures/code.mdx"), join(dir, "code.mdx"));
    writeFileSync(join(dir, "welcome.mdx"), SOURCE);
    const command = [
      `cd ${JSON.stringify(ROOT)}`,
      "echo BEFORE-THE-PLAYER",
      `XDG_STATE_HOME=${JSON.stringify(dir)} NO_COLOR=1 ${JSON.stringify(process.execPath)} bin/rehearse.js play ${JSON.stringify(join(dir, "welcome.mdx"))} --code ${JSON.stringify(join(dir, "code.mdx"))}`,
      "echo EXIT=$?",
      "sleep 30",
    ].join("; ");
    tmux("new-session", "-d", "-s", "tall", "-x", "80", "-y", "24", command);
    const first = await screenUntil((s) => s.includes("── Seminar room 3"), "the scene");
    expect(first).toContain("Welcome evening · 0 choices made");
    expect(first).toMatch(/\d\. Call across the room/);
    expect(first).toMatch(/\d\. Wave her over/);
    expect(first).toContain("↑↓ or 1–3 choose");
    expect(first).toContain("▼ 1–13 of 19 lines · PgDn more");
    // The player owns the screen: the alternate buffer, which the shell gets back on quitting.
    expect(tmux("display-message", "-p", "-t", "tall", "#{alternate_on}").trim()).toBe("1");
    for (const key of ["Down", "Down", "Up", "NPage"]) tmux("send-keys", "-t", "tall", key);
    const paged = await screenUntil((s) => s.includes("▲ 7–19 of 19 lines"), "the prose scrolled");
    expect(paged).toContain("You are the welcomer tonight.");
    expect(paged).toContain("── Seminar room 3");
    expect(paged).toMatch(/▸ 2\. /);
    // Four keys, one frame: the alternate screen has no scrollback to fill.
    expect(count(history(), "── Seminar room 3")).toBe(1);
    tmux("resize-window", "-t", "tall", "-x", "40", "-y", "20");
    const narrow = await screenUntil((s) => s.includes("↑↓ 1–3 Enter · ? keys"), "the 40-column layout");
    expect(narrow.split("\n")[0]).toBe("── Seminar room 3 ─────────────────────");
    expect(narrow).toMatch(/\d\. Wave her over/);
    for (const line of narrow.split("\n")) expect(stringWidth(line)).toBeLessThanOrEqual(40);
    tmux("send-keys", "-t", "tall", "q");
    const after = await screenUntil((s) => s.includes("EXIT=0"), "the exit");
    expect(after).toContain("BEFORE-THE-PLAYER");
    expect(count(history(), "Seminar room 3")).toBe(0);
    expect(tmux("display-message", "-p", "-t", "tall", "#{alternate_on}").trim()).toBe("0");
    spawnSync("tmux", ["-L", SOCKET, "kill-session", "-t", "tall"]);
  }, 60_000);
});
