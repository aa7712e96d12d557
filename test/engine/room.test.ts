import { describe, expect, it } from "vitest";
import { analyzeScenario } from "../../engine/analyze.ts";
import { choiceKey } from "../../engine/choice-key.ts";
import type { Block, Scenario } from "../../engine/model.ts";
import { shortestPathTo } from "../../engine/paths.ts";
import {
  createRoom,
  pagesOf,
  parseRoomRecord,
  type Room,
  restoreRoom,
  roomKey,
  roomSummaryCsv,
} from "../../engine/room.ts";
import { readFixture, valid } from "./helpers.ts";

const circle = () => valid(readFixture("valid/circle.mdx"), "scenarios/circle.mdx");
const clock = () => {
  let t = Date.parse("2026-11-27T10:00:00Z");
  return () => {
    t += 1000;
    return new Date(t);
  };
};
const open = (scenario: Scenario, seed: number | null = null) =>
  createRoom(scenario, { analysis: analyzeScenario(scenario), now: clock(), seed });
const reopen = (scenario: Scenario, room: Room) => {
  const result = restoreRoom(scenario, JSON.parse(JSON.stringify(room.save())), {
    analysis: analyzeScenario(scenario),
    now: clock(),
  });
  if (!result.ok) throw new Error(result.error);
  return result.room;
};
/** Steps forward until the phase is reached (bounded). */
const to = (room: Room, phase: string) => {
  for (let i = 0; i < 20 && room.view().phase !== phase; i++) room.next();
  expect(room.view().phase).toBe(phase);
};

describe("a room's phases", () => {
  it("go read → discuss → vote → reveal → compare → the next scene, and back the same way", () => {
    const room = open(circle());
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const v = room.view();
      seen.push(`${v.step}:${v.phase}:${v.scene?.id ?? v.ending?.id}`);
      room.next();
    }
    expect(seen).toEqual([
      "1:read:market",
      "1:discuss:market",
      "1:vote:market",
      "1:reveal:market",
      "1:compare:market",
      "2:read:redirect",
    ]);
    const back: string[] = [];
    for (let i = 0; i < 6; i++) {
      room.back();
      const v = room.view();
      back.push(`${v.step}:${v.phase}`);
    }
    expect(back).toEqual(["2:read", "1:compare", "1:reveal", "1:vote", "1:discuss", "1:read"]);
    expect(room.view().canGoBack).toBe(false);
  });

  it("skips the compare phase when the lead turns it off, and keeps the countdown setting", () => {
    const room = open(circle());
    room.setSettings({ compare: false, countdown: 90 });
    to(room, "reveal");
    room.next();
    expect([room.view().phase, room.view().scene?.id]).toEqual(["read", "redirect"]);
    expect(room.view().settings).toEqual({ compare: false, countdown: 90 });
    room.setSettings({ countdown: 0 });
    expect(room.view().settings.countdown).toBeNull();
  });

  it("reaches the ending, where the debrief is the session's for the same path", () => {
    const room = open(circle());
    for (let i = 0; i < 40 && room.view().phase !== "ended"; i++) room.next();
    const v = room.view();
    expect(v.phase).toBe("ended");
    expect(v.ending?.id).toBeDefined();
    // Every decision without votes takes option A.
    expect(room.summary().decisions.map((d) => d.taken)).toEqual(
      room.summary().decisions.map((d) => ({ letter: "A", key: d.options[0]?.key, how: "none" })),
    );
    expect(room.debrief().scores).toEqual(room.session.debrief().scores);
    expect(v.canGoNext).toBe(v.page < v.pages - 1);
    // Back from the ending's first page: the last decision's compare, its scene on screen again.
    while (room.view().phase === "ended" && room.view().page > 0) room.back();
    room.back();
    expect(room.view()).toMatchObject({ phase: "compare", step: v.step });
    expect(room.view().scene?.id).toBe(v.session.steps.at(-1)?.scene);
  });
});

describe("tallies", () => {
  it("count hands by letter in the order shown, add phone votes, and take the majority", () => {
    const scenario = circle();
    const room = open(scenario, 7);
    to(room, "vote");
    const shown = room.session.view().choices.map((c) => choiceKey(c.choice));
    expect(room.view().options.map((o) => o.key)).toEqual(shown);
    expect(room.view().options.map((o) => o.letter)).toEqual(["A", "B"]);
    room.setHands("A", 4);
    room.adjustHands("B", 1);
    room.adjustHands("B", 1);
    room.adjustHands("B", -5);
    room.setPhones({ A: 1, B: 6, Z: 9 });
    const v = room.view();
    expect(v.options.map((o) => [o.letter, o.hands, o.phones, o.votes, o.percent])).toEqual([
      ["A", 4, 1, 5, 45],
      ["B", 0, 6, 6, 55],
    ]);
    expect(v.majority).toEqual(["B"]);
    room.next();
    expect(room.view().taken).toMatchObject({ letter: "B", key: shown[1], how: "majority" });
    // Hands are counted in the vote phase only.
    expect(room.setHands("A", 10)).toBe(false);
  });

  it("breaks a tie by the first tied option as shown, and lets the lead take another", () => {
    const room = open(circle());
    to(room, "vote");
    room.setHands("A", 3);
    room.setHands("B", 3);
    room.next();
    expect(room.view().taken).toMatchObject({ letter: "A", how: "tie" });
    expect(room.view().majority).toEqual(["A", "B"]);
    room.take("B");
    expect(room.view().taken).toMatchObject({ letter: "B", how: "lead" });
    room.take(null);
    expect(room.view().taken).toMatchObject({ letter: "A", how: "tie" });
    room.take("B");
    room.next();
    room.next();
    // The lead's pick is the path the session takes.
    expect(room.view().scene?.id).toBe(
      circle().scenes[0]?.choices.find((c) => c.id === room.save().decisions[0]?.options[1])?.to,
    );
  });

  it("keep a decision's tallies when the lead goes back and forward again", () => {
    const room = open(circle());
    to(room, "vote");
    room.setHands("A", 5);
    to(room, "read");
    room.back();
    room.back();
    room.back();
    expect(room.view().phase).toBe("vote");
    expect(room.view().options[0]?.hands).toBe(5);
  });
});

describe("saving and restoring", () => {
  it("restores exactly where the room was: phase, page, tallies, pick and letters", () => {
    const scenario = circle();
    const room = open(scenario, 12345);
    to(room, "vote");
    room.setHands("B", 2);
    room.select("B");
    const again = reopen(scenario, room);
    const { session: _a, phaseStartedAt: _p, ...before } = room.view();
    const { session: _b, phaseStartedAt: _q, ...after } = again.view();
    expect(after).toEqual(before);
    expect(again.save()).toEqual(room.save());
    again.next();
    again.next();
    again.next();
    expect(again.view().scene?.id).not.toBe("market");
  });

  it("refuses damaged records with a message, never a throw", () => {
    const scenario = circle();
    const analysis = analyzeScenario(scenario);
    for (const input of ["{", "null", "[]", '{"schema":"x"}', { schema: "rehearse.room/1", scenario: 3 }]) {
      const result = restoreRoom(scenario, input, { analysis });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/^This saved room cannot be read: /);
    }
    const other = restoreRoom(scenario, { ...open(scenario).save(), scenario: "elsewhere" }, { analysis });
    expect(other).toEqual({ ok: false, error: 'This saved room belongs to "elsewhere", not "circle".' });
  });

  it("replays a room saved against an edited scenario as far as its path holds, never a throw", () => {
    const scenario = circle();
    const room = open(scenario);
    to(room, "vote");
    const listen = room.view().options.find((o) => o.choice.to === "listen");
    room.setHands(listen?.letter ?? "A", 3);
    to(room, "read");
    to(room, "vote");
    expect(room.view().scene?.id).toBe("listen");
    // The author removes the scene the room is in: the market's option now leads straight to Thursday.
    const edited = valid(
      readFixture("valid/circle.mdx").replace('<Choice to="listen"', '<Choice to="thursday"'),
      "scenarios/circle.mdx",
    );
    const result = restoreRoom(edited, JSON.parse(JSON.stringify(room.save())), {
      analysis: analyzeScenario(edited),
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.message).toMatch(/changed since the room was saved/);
    expect(result.room.view()).toMatchObject({ phase: "read", page: 0, step: 1 });
    expect(result.room.view().scene?.id).toBe("market");
  });

  it("keeps its own storage key, apart from trainee runs", () => {
    expect(roomKey("circle")).toBe("rehearse-room:circle");
    expect(roomKey("circle").startsWith("rehearse:")).toBe(false);
  });

  it("clamps negative or fractional tallies in a saved record", () => {
    const scenario = circle();
    const room = open(scenario);
    to(room, "vote");
    const record = JSON.parse(JSON.stringify(room.save()));
    const key = record.decisions[0].options[0];
    record.decisions[0].hands = { [key]: -4, other: "x" };
    record.decisions[0].phones = { [key]: 2.7 };
    const parsed = parseRoomRecord(record);
    expect(parsed.ok && parsed.record.decisions[0]).toMatchObject({ hands: { [key]: 0 }, phones: { [key]: 2 } });
  });
});

describe("jumping to a scene", () => {
  it("follows the shortest path, marks the skipped decisions, and keeps a vote the path agrees with", () => {
    const scenario = circle();
    const room = open(scenario, 99);
    to(room, "vote");
    const first = room.save().decisions[0];
    // Vote for the option that leads to "listen", on the shortest path to "listen".
    const toListen = first?.options.findIndex(
      (k) => scenario.scenes[0]?.choices.find((c) => c.id === k)?.to === "listen",
    );
    room.setHands(String.fromCharCode(65 + (toListen ?? 0)), 9);
    expect(room.jumpTo("thursday")).toBe(true);
    expect(room.view().scene?.id).toBe("thursday");
    expect(room.view().phase).toBe("read");
    expect(room.session.view().steps).toHaveLength(shortestPathTo(scenario, "thursday")?.length ?? -1);
    const summary = room.summary();
    expect(summary.decisions.every((d) => d.jumped === (d.votes === 0))).toBe(true);
    expect(room.jumpTo("nowhere")).toBe(false);
    expect(room.jumpTo("repair")).toBe(true);
    expect(room.view().phase).toBe("ended");
    expect(room.view().ending?.id).toBe("repair");
  });
});

describe("the room summary", () => {
  it("its numbers equal an independent count of the votes recorded", () => {
    const scenario = circle();
    // A deterministic stream of hands and phone votes.
    let x = 42;
    const random = (n: number) => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x % n;
    };
    for (const seed of [1, 2, 3, 4, 5]) {
      const room = open(scenario, seed);
      const sent: { step: number; key: string; hands: number; phones: number }[] = [];
      while (room.view().phase !== "ended") {
        to(room, "vote");
        const v = room.view();
        const phones: Record<string, number> = {};
        for (const o of v.options) {
          const hands = random(8);
          for (let i = 0; i < hands; i++) room.adjustHands(o.letter, 1);
          phones[o.letter] = random(5);
          sent.push({ step: v.step, key: o.key, hands, phones: phones[o.letter] ?? 0 });
        }
        room.setPhones(phones);
        to(room, "compare");
        room.next();
      }
      const summary = room.summary();
      // Independent count: what was sent, per step and option.
      const total = sent.reduce((n, s) => n + s.hands + s.phones, 0);
      expect(summary.votes).toBe(total);
      for (const d of summary.decisions) {
        const mine = sent.filter((s) => s.step === d.step);
        expect(d.votes).toBe(mine.reduce((n, s) => n + s.hands + s.phones, 0));
        for (const o of d.options) {
          const s = mine.find((m) => m.key === o.key);
          expect([o.hands, o.phones, o.votes]).toEqual([s?.hands, s?.phones, (s?.hands ?? 0) + (s?.phones ?? 0)]);
        }
        // The option taken is the most voted one, the first shown on a tie (or A with no votes).
        const most = Math.max(...d.options.map((o) => o.votes));
        const expected = d.votes === 0 ? d.options[0] : d.options.find((o) => o.votes === most);
        expect(d.taken.letter).toBe(expected?.letter);
        expect(d.change).toEqual(
          scenario.scenes.find((s) => s.id === d.scene)?.choices.find((c) => c.id === d.taken.key)?.scores,
        );
        // The gap is what the majority gave up against the best option, looking ahead as the debrief does.
        const net = (o: { scores: Record<string, number> }) => Object.values(o.scores).reduce((a, b) => a + b, 0);
        for (const o of d.options) expect(o.net).toBe(net(o));
        const best = Math.max(...d.options.map((o) => o.lookahead));
        expect(d.best).toEqual(d.options.filter((o) => o.lookahead === best).map((o) => o.letter));
        expect(d.gap).toBe(d.votes === 0 ? 0 : best - (expected?.lookahead ?? 0));
        // The room and the trainee's debrief weigh the same options alike: the same best total, the same value for the option taken.
        const weighed = room.session.debrief().decisions[d.step - 1];
        expect(Math.max(...(weighed?.options.map((o) => o.lookahead) ?? []))).toBe(best);
        expect(weighed?.options.find((o) => o.chosen)?.lookahead).toBe(
          d.options.find((o) => o.letter === d.taken.letter)?.lookahead,
        );
      }
      expect(summary.scores).toEqual(room.session.debrief().scores);
      // The test clock ticks a second per reading: every scene took some time, the last one too.
      expect(summary.decisions.every((d) => d.seconds > 0)).toBe(true);
      // Steps in the summary are the session's steps, each decision once.
      expect(summary.decisions.map((d) => d.scene)).toEqual(room.session.view().steps.map((s) => s.scene));
      // The CSV has a row per option and the same counts.
      const csv = roomSummaryCsv(summary).trim().split("\r\n");
      expect(csv).toHaveLength(1 + summary.decisions.reduce((n, d) => n + d.options.length, 0));
      const header = csv[0]?.split(",") ?? [];
      const votesColumn = header.indexOf("votes");
      const csvTotal = csv.slice(1).reduce((n, line) => n + Number(parseCsvLine(line)[votesColumn]), 0);
      expect(csvTotal).toBe(total);
    }
  });

  it("names where the room and the code disagreed most", () => {
    const scenario = circle();
    const room = open(scenario);
    to(room, "vote");
    // Vote for the option that costs confidentiality (listen: net −1 against redirect: +3). Looking ahead, redirect
    // can total +6 (a quieter word +1, then the repair it makes possible +2), listen −1 at most: a gap of 7.
    const listen = room.view().options.find((o) => o.choice.to === "listen");
    room.setHands(listen?.letter ?? "A", 10);
    to(room, "compare");
    room.next();
    const summary = room.summary();
    expect(summary.decisions[0]).toMatchObject({ gap: 7, majority: [listen?.letter] });
    expect(summary.disagreements).toEqual([1]);
  });

  it("quotes CSV cells with commas, quotes and line breaks", () => {
    const room = open(circle());
    for (let i = 0; i < 40 && room.view().phase !== "ended"; i++) room.next();
    const csv = roomSummaryCsv(room.summary());
    expect(csv).toContain('"""That\'s Marcus\'s story to tell. How are you doing?"""');
  });
});

describe("pages", () => {
  it("split long prose into pages of whole blocks and lose nothing", () => {
    const paragraph = (n: number): Block => ({
      type: "paragraph",
      children: [{ type: "text", value: "word ".repeat(n) }],
    });
    const blocks = [paragraph(80), paragraph(80), paragraph(80), paragraph(400), paragraph(10)];
    const pages = pagesOf(blocks, { lineChars: 80, lines: 14 });
    expect(pages.flat()).toEqual(blocks);
    expect(pages.length).toBeGreaterThan(1);
    expect(pagesOf([], { lineChars: 80, lines: 14 })).toEqual([[]]);
  });
});

/** Splits one CSV line (quoted cells may hold commas). */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      cells.push(cell);
      cell = "";
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
