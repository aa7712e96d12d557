import { readFileSync } from "node:fs";
import { join } from "node:path";
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { Player } from "../../cli/ui/Player.tsx";
import { analyzeScenario } from "../../engine/analyze.ts";
import { compileCode } from "../../engine/compile/compile-code.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import { plainText } from "../../engine/compile/prose.ts";
import type { RunRecord } from "../../engine/record.ts";
import { createSession } from "../../engine/session.ts";
import { KEY, renderAt } from "./ink.ts";
import { ROOT } from "./run-cli.ts";

function fixtures() {
  const code = compileCode(readFileSync(join(ROOT, "test/fixtures/code.mdx"), "utf8"), "code.mdx").value;
  const source = readFileSync(join(ROOT, "test/fixtures/valid/circle.mdx"), "utf8");
  const scenario = compileScenario(source, "circle.mdx", code).value;
  if (!code || !scenario) throw new Error("fixtures do not compile");
  return { code, scenario };
}
const { code, scenario } = fixtures();
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

async function playTo(columns: number, ...keys: string[]) {
  const r = renderAt(<Player scenario={scenario} code={code} color={false} seed={null} />, columns);
  await settle();
  await r.press(" ", ...keys); // past the content note
  return r;
}

describe("the terminal player", () => {
  it("shows the content note first and waits for a key (ink-testing-library, 100 columns)", async () => {
    const r = render(<Player scenario={scenario} code={code} color={false} seed={null} />);
    await settle();
    expect(r.lastFrame()).toBe(
      [
        "What stays in the circle",
        "A member retells another member's story at the weekend market.",
        "",
        "Content note: Mentions homelessness.",
        "",
        // Without a support.mdx beside the scenario, the general advice.
        "If this brings something up: in an emergency, call your local emergency services; in a crisis, a",
        "crisis line; after a hard session, your facilitator or coordinator.",
        "",
        "Take a breath. Press any key to begin, or q to leave.",
      ].join("\n"),
    );
    r.unmount();
  });

  it("renders a scene with dialogue set apart and numbered choices", async () => {
    const r = await playTo(60);
    expect(r.lastFrame()).toBe(
      [
        "What stays in the circle · 0 choices made",
        "",
        "── Saturday market ────────────────────────────────────────",
        "",
        "Dana waves you over to her stall.",
        "",
        "Dana: Did you hear about Marcus? What he told us on",
        "  Thursday…",
        "",
        "▸ 1. \"That's Marcus's story to tell. How are you doing?\"",
        "  2. Let her go on; she is clearly worried about him.",
        "",
        "↑↓ or 1–2 choose · Enter select · b back · r restart · q",
        "quit · ? keys",
      ].join("\n"),
    );
    r.unmount();
  });

  it("shows the chosen option's feedback and signed score changes", async () => {
    const r = await playTo(60, KEY.down, KEY.enter);
    expect(r.lastFrame()).toBe(
      [
        "What stays in the circle · 1 choice made",
        "",
        "── Saturday market ────────────────────────────────────────",
        "",
        "You chose: Let her go on; she is clearly worried about him.",
        "",
        "Concern is real, but the story leaves the circle.",
        "",
        "Confidentiality −2 · Respect +1",
        "",
        "Enter continue · b undo this choice · r restart · q quit ·",
        "? keys",
      ].join("\n"),
    );
    r.unmount();
  });

  it("debriefs at the ending: bars in range, 'not tested' without a percentage, one list of decisions", async () => {
    // Played by option text, so the test holds whatever order the options are shown in.
    const s = createSession(scenario, { analysis: analyzeScenario(scenario) });
    for (const text of ["Let her go on", "Say nothing", "Tell the facilitator"]) {
      const option = s.view().choices.find((c) => plainText(c.choice.text).startsWith(text));
      s.choose(option?.number ?? 0);
      s.continue();
    }
    const r = renderAt(
      <Player scenario={scenario} code={code} color={false} seed={null} session={s} intro={false} />,
      60,
    );
    await settle();
    expect(r.lastFrame()).toBe(
      [
        "What stays in the circle · 3 choices made",
        "",
        "── Ending: A quiet breach (mixed) ─────────────────────────",
        "",
        "The group talks about gossip in general terms. Marcus",
        "leaves early.",
        "",
        "Your run against the code",
        "",
        "Confidentiality  [●─────────────────────]  −3 of −3…+2   0%",
        "Respect          [━━━━━●────────────────]  +1 of 0…+4   25%",
        "Safety           not tested on this path    0 of 0…+1",
        "Each bar spans the totals this scenario allows; % is where",
        "yours sits in it.",
        "Not tested: no option on your path changed it, or the",
        "scenario barely can.",
        "",
        "If this brought something up, talk to your facilitator or",
        "coordinator.",
        "",
        "Tab your decisions · b back · r play again · q quit",
      ].join("\n"),
    );
    // The decisions have a page of their own, so each fits a 24-line terminal.
    await r.press("\t");
    expect(r.lastFrame()).toBe(
      [
        "What stays in the circle · 3 choices made",
        "",
        "── Your decisions ─────────────────────────────────────────",
        "",
        "▸ 1. Saturday market · 7 points given up",
        "  2. The rest of it · 1 point given up",
        "  3. Thursday circle · the only option here",
        "",
        "  You chose: Let her go on; she is clearly worried about",
        "  him.",
        "  Confidentiality −2 · Respect +1",
        // Best looking ahead: the quieter word makes the repair possible later.
        "  Best here, counting what it makes possible later: \"That's",
        "  Marcus's story to tell. How are you doing?\"",
        "  From here to the ending it can total +6 (+3 at once);",
        "  yours −1 (−1 at once).",
        "  Against it, at this step: Confidentiality −4",
        "",
        "↑↓ decision · Tab your scores · b back · r play again · q",
        "quit",
      ].join("\n"),
    );
    await r.press(KEY.down);
    expect(r.lastFrame()).toContain(
      [
        "  You chose: Say nothing and buy some bread.",
        "  Safety −1",
        "  Best here, counting what it makes possible later: Cut her",
        "  off, loudly.",
        "  From here to the ending it can total 0 (0 at once); yours",
        "  −1 (−1 at once).",
        "  Against it, at this step: Confidentiality −1 · Respect +1",
        "  · Safety −1",
      ].join("\n"),
    );
    await r.press("\t");
    expect(r.lastFrame()).toContain("Your run against the code");
    r.unmount();
  });

  it("wraps at 40 columns without cutting anything", async () => {
    const r = await playTo(40);
    expect(r.lastFrame()).toBe(
      [
        "What stays in the circle · 0 choices",
        "made",
        "",
        "── Saturday market ────────────────────",
        "",
        "Dana waves you over to her stall.",
        "",
        "Dana: Did you hear about Marcus? What",
        "  he told us on Thursday…",
        "",
        "▸ 1. \"That's Marcus's story to tell.",
        '     How are you doing?"',
        "  2. Let her go on; she is clearly",
        "     worried about him.",
        "",
        "↑↓ or 1–2 choose · Enter select · b",
        "back · r restart · q quit · ? keys",
      ].join("\n"),
    );
    for (const line of r.lastFrame().split("\n")) expect(line.length).toBeLessThanOrEqual(40);
    r.unmount();
  });

  it("goes back with b and restarts with r after asking", async () => {
    const r = await playTo(60, "1", KEY.enter, "b");
    expect(r.lastFrame()).toContain("── Saturday market");
    expect(r.lastFrame()).toContain("0 choices made");
    await r.press("1", KEY.enter, "r");
    expect(r.lastFrame()).toContain("Start again from the beginning? y / n");
    await r.press("n");
    expect(r.lastFrame()).toContain("1 choice made");
    await r.press("r", "y");
    expect(r.lastFrame()).toContain("0 choices made");
    r.unmount();
  });

  it("reports every step to onChange, so progress is saved as it happens", async () => {
    const records: RunRecord[] = [];
    const r = renderAt(
      <Player scenario={scenario} code={code} color={false} seed={null} onChange={(rec) => records.push(rec)} />,
      60,
    );
    await settle();
    await r.press(" ", "2", KEY.enter, "1");
    expect(records.map((rec) => rec.steps.length)).toEqual([1, 1, 2]);
    expect(records.at(-1)?.steps.map((s) => s.to)).toEqual(["listen", "thursday"]);
    r.unmount();
  });

  it("shows a run's options in its seed's order, numbers them as shown, and saves the choice by id", async () => {
    const records: RunRecord[] = [];
    // Seed 2 shows the market's two options the other way round from the author's.
    const r = renderAt(
      <Player scenario={scenario} code={code} color={false} seed={2} onChange={(rec) => records.push(rec)} />,
      60,
    );
    await settle();
    await r.press(" ");
    expect(r.lastFrame()).toMatch(/1\. Let her go on;[\s\S]*2\. “?"?That's Marcus's story/);
    await r.press("1");
    expect(r.lastFrame()).toContain("You chose: Let her go on");
    expect(records.at(-1)?.seed).toBe(2);
    expect(records.at(-1)?.steps.map((step) => step.choice)).toEqual(["listen:let-her-go-on-she"]);
    // Back shows the same order again.
    await r.press("b");
    expect(r.lastFrame()).toMatch(/1\. Let her go on;/);
    r.unmount();
  });

  it("marks the best option (looking ahead, as the debrief) when scores are revealed", async () => {
    const r = renderAt(<Player scenario={scenario} code={code} color={false} seed={null} reveal />, 60);
    await settle();
    await r.press(" ");
    expect(r.lastFrame()).toContain("[Confidentiality +2 · Respect +1] ★ best");
    expect(r.lastFrame()?.match(/★ best/g)).toHaveLength(1);
    r.unmount();
  });

  it("offers to resume a saved run and restores it", async () => {
    const s = createSession(scenario, { analysis: analyzeScenario(scenario) });
    s.choose(1);
    s.continue();
    const r = renderAt(<Player scenario={scenario} code={code} color={false} seed={null} saved={s.save()} />, 60);
    await settle();
    expect(r.lastFrame()).toContain("You have a run in progress here (1 choice made).");
    await r.press("y");
    expect(r.lastFrame()).toContain("── A quieter word");
    r.unmount();
  });

  it("shows notes, scores and unavailable choices with reveal", async () => {
    const r = await playTo(60, "2", KEY.enter, "1", KEY.enter);
    expect(r.lastFrame()).not.toContain("needs spoke-up");
    r.unmount();
    const revealed = renderAt(<Player scenario={scenario} code={code} color={false} seed={null} reveal />, 60);
    await settle();
    await revealed.press(" ");
    expect(revealed.lastFrame()).toContain(
      "▌ Facilitator note\n▌ Ask the room what they would feel in Marcus's place.",
    );
    expect(revealed.lastFrame()).toContain("[Confidentiality +2 · Respect +1]");
    await revealed.press("2", KEY.enter, "1", KEY.enter);
    expect(revealed.lastFrame()).toContain("  – Make room for Marcus beside you and Dana. (needs\n     spoke-up)");
    revealed.unmount();
  });
});
