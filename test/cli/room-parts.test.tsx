/** The room server's parts without a network: votes, rate limits, the join page, the dashboard. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { joinPage } from "../../cli/room/join-page.ts";
import { RateLimit } from "../../cli/room/limits.ts";
import { lanAddress, parsePort } from "../../cli/room/run.ts";
import type { RoomSnapshot } from "../../cli/room/server.ts";
import { parseDecision, type Refusal, RoomVotes } from "../../cli/room/votes.ts";
import { RoomDashboard } from "../../cli/ui/RoomDashboard.tsx";
import { renderAt } from "./ink.ts";
import { ROOT } from "./run-cli.ts";

const T1 = "token-one-aaaaaaaaaaaa";
const T2 = "token-two-aaaaaaaaaaaa";

describe("RoomVotes", () => {
  const decision = { key: "1:market", scene: "market", letters: ["A", "B", "C"], open: true };

  it("keeps one vote per device, changeable while the vote is open, and a decision's votes when the lead goes back", () => {
    const votes = new RoomVotes();
    votes.setDecision(decision);
    expect(votes.vote(T1, "1:market", "A")).toBe(1);
    expect(votes.vote(T2, "1:market", "A")).toBe(2);
    expect(votes.vote(T1, "1:market", "C")).toBe(2);
    expect(votes.tally()).toEqual({ A: 1, B: 0, C: 1 });
    expect(votes.voteOf(T1)).toBe("C");

    votes.setDecision({ ...decision, open: false });
    expect(() => votes.vote(T2, "1:market", "B")).toThrow("closed");
    votes.setDecision({ key: "2:hall", scene: "hall", letters: ["A", "B"], open: true });
    expect(votes.tally()).toEqual({ A: 0, B: 0 });
    expect(() => votes.vote(T1, "1:market", "A")).toThrow("not the one on screen");
    // Back to the first decision, now offering two options: the vote for C no longer counts.
    votes.setDecision({ ...decision, letters: ["A", "B"] });
    expect(votes.tally()).toEqual({ A: 1, B: 0 });
  });

  it("tells a vote to come (read, discuss) from a closed one (revealed)", () => {
    const votes = new RoomVotes();
    expect(votes.stage()).toBe("none");
    votes.setDecision({ ...decision, open: false });
    expect(votes.stage()).toBe("waiting");
    votes.setDecision(decision);
    expect(votes.stage()).toBe("open");
    votes.setDecision({ ...decision, open: false });
    expect(votes.stage()).toBe("closed");
    votes.setDecision({ key: "2:hall", scene: "hall", letters: ["A", "B"], open: false });
    expect(votes.stage()).toBe("waiting");
  });

  it("refuses what a lead's browser would never send", () => {
    const refused = (value: unknown) => {
      try {
        parseDecision(value);
        return undefined;
      } catch (error) {
        return (error as Refusal).status;
      }
    };
    expect(refused(null)).toBeUndefined();
    expect(refused(decision)).toBeUndefined();
    expect(refused({ ...decision, letters: ["A", "A"] })).toBe(400);
    expect(refused({ ...decision, letters: ["a"] })).toBe(400);
    expect(refused({ ...decision, letters: [] })).toBe(400);
    expect(refused({ ...decision, key: "k".repeat(201) })).toBe(400);
    expect(refused({ ...decision, open: "yes" })).toBe(400);
    expect(refused([decision])).toBe(400);
  });
});

describe("RateLimit", () => {
  it("allows a burst, then refills at its rate, per key", () => {
    let now = 0;
    const limit = new RateLimit(3, 2, () => now);
    expect([1, 2, 3, 4].map(() => limit.take("phone"))).toEqual([true, true, true, false]);
    expect(limit.take("other")).toBe(true);
    now = 499;
    expect(limit.take("phone")).toBe(false);
    now = 1_000;
    // Half a second refilled one token (kept, though the request was refused); the next half, a second one.
    expect([limit.take("phone"), limit.take("phone"), limit.take("phone")]).toEqual([true, true, false]);
  });

  it("forgets idle keys to stay bounded, and refuses new keys when every bucket is busy", () => {
    let now = 0;
    const limit = new RateLimit(1, 1, () => now, 2);
    expect([limit.take("a"), limit.take("b"), limit.take("c")]).toEqual([true, true, false]);
    now = 5_000;
    expect(limit.take("c")).toBe(true);
  });
});

describe("the join page", () => {
  const page = joinPage(ROOT);

  it("weighs at most 15 KB gzip and allows only its own script and style", () => {
    expect(gzipSync(page.html, { level: 9 }).length).toBeLessThanOrEqual(15 * 1024);
    expect(page.html).not.toContain("<!--script-->");
    expect(page.csp).toMatch(/script-src 'sha256-[^']+'; style-src 'sha256-[^']+'/);
    expect(page.csp).not.toContain("unsafe-inline");
  });

  it("uses no syntax newer than ES2017, for phone browsers several years old", () => {
    const source = readFileSync(join(ROOT, "cli/room/join.js"), "utf8");
    const file = ts.createSourceFile("join.js", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    const newer: string[] = [];
    const visit = (node: ts.Node) => {
      const at = () => `${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      if (ts.isSpreadAssignment(node)) newer.push(`object spread (ES2018) at line ${at()}`);
      if (ts.isObjectBindingPattern(node) && node.elements.some((e) => e.dotDotDotToken))
        newer.push(`object rest (ES2018) at line ${at()}`);
      if (ts.isForOfStatement(node) && node.awaitModifier) newer.push(`for await (ES2018) at line ${at()}`);
      if (ts.isCatchClause(node) && !node.variableDeclaration)
        newer.push(`catch without a binding (ES2019) at line ${at()}`);
      if ((node as { questionDotToken?: unknown }).questionDotToken)
        newer.push(`optional chaining (ES2020) at line ${at()}`);
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
        newer.push(`?? (ES2020) at line ${at()}`);
      if (ts.isBigIntLiteral(node)) newer.push(`BigInt (ES2020) at line ${at()}`);
      if (ts.isPropertyDeclaration(node)) newer.push(`class field (ES2022) at line ${at()}`);
      if (ts.isRegularExpressionLiteral(node) && /\/[a-z]*s[a-z]*$/.test(node.text))
        newer.push(`regex flag s (ES2018) at line ${at()}`);
      if (ts.isNumericLiteral(node) && node.getText().includes("_")) newer.push(`numeric separator at line ${at()}`);
      ts.forEachChild(node, visit);
    };
    visit(file);
    expect(newer).toEqual([]);
  });
});

describe("the room's dashboard", () => {
  const snapshot: RoomSnapshot = {
    code: "K7QX",
    joinUrl: "http://192.168.1.23:4747/K7QX",
    presenterUrl: "http://127.0.0.1:4747/present/late-again/#key=abc",
    decision: { key: "2:hall", scene: "hall", letters: ["A", "B", "C"], open: true },
    stage: "open",
    tally: { A: 4, B: 2, C: 0 },
    devices: 7,
    refused: 0,
  };

  it("shows where to join, the devices connected and the live tally", () => {
    const r = renderAt(
      <RoomDashboard
        title="Late again"
        snapshot={() => snapshot}
        subscribe={() => () => {}}
        qr={"██\n██"}
        color={false}
      />,
      80,
    );
    const frame = r.lastFrame();
    expect(frame).toContain("Phones join at http://192.168.1.23:4747/K7QX · room code K7QX");
    // The lead's link is printed once above the dashboard (run-room.tsx), never wrapped by Ink.
    expect(frame).not.toContain("#key=abc");
    expect(frame).toContain("Your link to the projector is printed above");
    expect(frame).toContain("Devices connected: 7");
    expect(frame).toContain("Decision: hall · vote open · 6 votes");
    expect(frame).toContain(`A ${"█".repeat(24)} 4`);
    expect(frame).toContain(`B ${"█".repeat(12)}${"·".repeat(12)} 2`);
    expect(frame).toContain(`C ${"·".repeat(24)} 0`);
    r.unmount();
  });

  it("redraws when the room changes", async () => {
    let current: RoomSnapshot = { ...snapshot, decision: null, stage: "none", tally: {}, devices: 0 };
    let notify = () => {};
    const r = renderAt(
      <RoomDashboard
        title="Late again"
        snapshot={() => current}
        subscribe={(listener) => {
          notify = listener;
          return () => {};
        }}
        qr=""
        color={false}
      />,
      80,
    );
    expect(r.lastFrame()).toContain("No decision on screen yet");
    current = { ...snapshot, devices: 12 };
    notify();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(r.lastFrame()).toContain("Devices connected: 12");
    expect(r.lastFrame()).toContain("vote open · 6 votes");
    r.unmount();
  });
});

describe("where phones reach the room", () => {
  const nic = (address: string, family: "IPv4" | "IPv6", internal = false) => ({
    address,
    family,
    internal,
    netmask: "",
    mac: "00:00:00:00:00:00",
    cidr: null,
    ...(family === "IPv6" ? { scopeid: 0 } : {}),
  });

  it("prints a private IPv4 address for the QR code, never the loopback", () => {
    expect(
      lanAddress({
        lo: [nic("127.0.0.1", "IPv4", true)],
        docker0: [nic("fe80::1", "IPv6")],
        wan: [nic("203.0.113.9", "IPv4")],
        wlan0: [nic("192.168.1.23", "IPv4")],
      } as never),
    ).toBe("192.168.1.23");
    expect(lanAddress({ wan: [nic("203.0.113.9", "IPv4")] } as never)).toBe("203.0.113.9");
    expect(lanAddress({ lo: [nic("127.0.0.1", "IPv4", true)] } as never)).toBeUndefined();
  });

  it("takes a port from 0 to 65535 and explains anything else", () => {
    expect(parsePort("0")).toBe(0);
    expect(parsePort("8080")).toBe(8080);
    expect(parsePort(undefined)).toBeUndefined();
    expect(() => parsePort("65536")).toThrow("--port takes a number from 0 to 65535");
    expect(() => parsePort("-1")).toThrow("--port takes a number");
  });
});
