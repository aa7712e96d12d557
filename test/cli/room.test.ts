/**
 * `rehearse room` end to end: the command runs as a child process on
 * 127.0.0.1 and a free port; 30 phones (a few real browser pages at phone
 * size, plain HTTP clients for the rest) join and vote; the lead's event
 * stream must carry exactly the votes sent, and nothing hostile may change it.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { type AddressInfo, connect, createServer, type Server as NetServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoomDecision, RoomState } from "../../web/lib/room-client.ts";
import { axe, launch, PHONE, screenshot } from "../web/browser.ts";
import { ROOT } from "./run-cli.ts";

const ID = "what-stays-in-the-circle";
const NOTE = "FACILITATOR-ONLY: ask the room";

type Running = {
  readonly child: ChildProcess;
  readonly base: string;
  readonly joinUrl: string;
  readonly code: string;
  readonly presenterUrl: string;
  readonly key: string;
  readonly output: () => string;
};

/** Starts `rehearse room` on 127.0.0.1 and a port the system picks; resolves once it printed its addresses. */
function startRoom(args: readonly string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(
    process.execPath,
    ["bin/rehearse.js", "room", ID, "--host", "127.0.0.1", "--port", "0", ...args],
    { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the room did not start:\n${out}`)), 240_000);
    const check = () => {
      const presenter = /^Presenter: (\S+)$/m.exec(out)?.[1];
      const joinUrl = /^Join: (\S+)$/m.exec(out)?.[1];
      const code = /^Code: (\S+)$/m.exec(out)?.[1];
      if (!presenter || !joinUrl || !code) return;
      clearTimeout(timer);
      child.stdout.off("data", check);
      resolve({
        child,
        base: new URL(joinUrl).origin,
        joinUrl,
        code,
        presenterUrl: presenter,
        key: new URL(presenter).hash.replace("#key=", ""),
        output: () => out,
      });
    };
    child.stdout.on("data", check);
    child.on("exit", () => reject(new Error(`the room exited:\n${out}`)));
  });
}

/** Stops the room as Ctrl+C does; resolves with its exit code. */
function stop(room: Running): Promise<number | null> {
  if (room.child.exitCode !== null) return Promise.resolve(room.child.exitCode);
  return new Promise((resolve) => {
    room.child.once("exit", (code) => resolve(code));
    room.child.kill("SIGINT");
  });
}

/** An event stream read with fetch: the latest state (messages merged as connectRoom merges them). */
function follow(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  let latest: Record<string, unknown> | null = null;
  const waiting = new Set<() => void>();
  const done = fetch(url, { headers, signal: controller.signal }).then(async (response) => {
    if (!response.ok || !response.body) throw new Error(`stream ${url}: ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        for (const line of event.split("\n")) {
          if (line.startsWith("data: ")) latest = { ...latest, ...JSON.parse(line.slice(6)) };
        }
        for (const wake of waiting) wake();
        end = buffer.indexOf("\n\n");
      }
    }
  });
  done.catch(() => {});
  return {
    latest: () => latest,
    /** Resolves when the latest state passes `test` (bounded: rejects after `ms`). */
    until(test: (state: Record<string, unknown>) => boolean, ms = 20_000): Promise<Record<string, unknown>> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (latest && test(latest)) {
            clearTimeout(timer);
            waiting.delete(check);
            resolve(latest);
          }
        };
        const timer = setTimeout(() => {
          waiting.delete(check);
          reject(new Error(`state never matched; last: ${JSON.stringify(latest)?.slice(0, 400)}`));
        }, ms);
        waiting.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const token = (i: number) => `phone-${String(i).padStart(4, "0")}-${"x".repeat(12)}`;
const sameTally = (a: unknown, b: Record<string, number>) => JSON.stringify(a) === JSON.stringify(b);

/** A built site as the room serves it, with a note that must never reach a phone. */
function fakeSite(): string {
  const dir = mkdtempSync(join(tmpdir(), "rehearse-room-site-"));
  mkdirSync(join(dir, "present", ID, "speaker"), { recursive: true });
  writeFileSync(join(dir, "present", ID, "index.html"), "<!doctype html><title>Projector</title><p>Projector");
  writeFileSync(join(dir, "present", ID, "speaker", "index.html"), `<!doctype html><title>Speaker</title><p>${NOTE}`);
  writeFileSync(join(dir, "present", ID, "facilitator.json"), JSON.stringify({ notes: [NOTE] }));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>Catalog</title>");
  mkdirSync(join(dir, "support"));
  writeFileSync(join(dir, "support", "index.html"), "<!doctype html><title>Support</title><h1>Who to contact</h1>");
  mkdirSync(join(dir, "_astro"));
  writeFileSync(join(dir, "_astro", "site.css"), "body{}");
  writeFileSync(join(dir, "_astro", "present.js"), "/* projector */");
  return dir;
}

describe("rehearse room: phones vote, the lead's stream tallies", () => {
  let room: Running;
  let browser: Browser;
  const lead = () => ({ "x-rehearse-key": room.key });

  beforeAll(async () => {
    [room, browser] = await Promise.all([startRoom(["--site", fakeSite()]), launch()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (room) await stop(room);
  });

  it("takes 30 phones' votes, changed votes included, and the lead's stream shows exactly that tally", async () => {
    const projector = follow(`${room.base}/api/room/events`, lead());
    const decision: RoomDecision = { key: "1:market", scene: "market", letters: ["A", "B", "C"], open: true };
    // The room reads and discusses first: phones see the letters, asleep until the vote opens.
    const reading = { ...decision, open: false };
    expect((await post(`${room.base}/api/room/decision`, { decision: reading }, lead())).status).toBe(204);

    // Four phones are real browser pages at phone size; they scan the QR code (open the join address).
    const browserPhones = await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const context = await browser.newContext({ viewport: PHONE });
        const page = await context.newPage();
        if (i < 3) await page.goto(room.joinUrl);
        else {
          // Someone who types: the address, then the room code from the screen.
          await page.goto(`${room.base}/`);
          await page.getByLabel("Room code (on the screen)").fill("ZZZZ");
          await page.getByRole("button", { name: "Join" }).click();
          await page.getByRole("alert").getByText("No room with that code here.").waitFor();
          await page.getByLabel("Room code (on the screen)").fill(room.code.toLowerCase());
          await page.getByRole("button", { name: "Join" }).click();
        }
        await page.getByText("The buttons wake up when the vote opens.").waitFor();
        expect(await page.getByRole("button", { name: "Vote A" }).isDisabled()).toBe(true);
        return page;
      }),
    );
    expect(
      (await post(`${room.base}/api/vote`, { code: room.code, token: token(0), key: decision.key, letter: "A" }))
        .status,
    ).toBe(409);
    expect((await post(`${room.base}/api/room/decision`, { decision }, lead())).status).toBe(204);
    await browserPhones[0]?.getByText("Vote now: choose the letter").waitFor();
    // The other 26 are plain HTTP clients: join with the code, open the stream, vote.
    const streams = [];
    for (let i = 4; i < 30; i++) {
      expect((await post(`${room.base}/api/join`, { code: room.code.toLowerCase() })).status).toBe(200);
      streams.push(follow(`${room.base}/api/join/events?code=${room.code}&token=${token(i)}`));
    }
    await projector.until((s) => s.devices === 30);

    const expected: Record<string, number> = { A: 0, B: 0, C: 0 };
    const letters = ["A", "B", "C"] as const;
    for (const [i, page] of browserPhones.entries()) {
      const letter = letters[i % 3] as string;
      await page.getByRole("button", { name: `Vote ${letter}` }).click();
      await page.getByText(`Your vote: ${letter}.`).waitFor();
      expected[letter] = (expected[letter] ?? 0) + 1;
    }
    // One browser phone changes its mind: its vote moves, it is not counted twice.
    await browserPhones[0]?.getByRole("button", { name: "Vote C" }).click();
    await browserPhones[0]?.getByText("Your vote: C.").waitFor();
    const phone = browserPhones[0] as Page;
    expect(await phone.getByRole("link", { name: "who to contact" }).getAttribute("href")).toBe("/support/");
    expect(await axe(phone)).toEqual([]);
    await screenshot(phone, "room-join-voted");
    expect(await browserPhones[0]?.getByRole("button", { name: "Vote C" }).getAttribute("aria-pressed")).toBe("true");
    expected.A = (expected.A ?? 0) - 1;
    expected.C = (expected.C ?? 0) + 1;

    const answers = await Promise.all(
      Array.from({ length: 26 }, (_, n) => {
        const i = n + 4;
        const letter = letters[(i * 7) % 3] as string;
        expected[letter] = (expected[letter] ?? 0) + 1;
        return post(`${room.base}/api/vote`, { code: room.code, token: token(i), key: decision.key, letter });
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(26).fill(200));
    // Two HTTP phones change their votes to B.
    for (const i of [4, 5]) {
      const before = letters[(i * 7) % 3] as string;
      expected[before] = (expected[before] ?? 0) - 1;
      expected.B = (expected.B ?? 0) + 1;
      expect(
        (await post(`${room.base}/api/vote`, { code: room.code, token: token(i), key: "1:market", letter: "B" }))
          .status,
      ).toBe(200);
    }

    const seen = await projector.until((s) => sameTally(s.tally, expected));
    expect(Object.values(seen.tally as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(30);

    // The lead closes the vote (the reveal): phones see it closed, with the room's split.
    await post(`${room.base}/api/room/decision`, { decision: { ...decision, open: false } }, lead());
    await browserPhones[1]?.getByText("The vote is closed. You voted B.").waitFor();
    await browserPhones[1]?.getByText(`B: ${expected.B} votes`).waitFor();
    expect(await browserPhones[1]?.getByRole("button", { name: "Vote A" }).isDisabled()).toBe(true);
    expect(await axe(browserPhones[1] as Page)).toEqual([]);
    await screenshot(browserPhones[1] as Page, "room-join-closed");
    const late = await post(`${room.base}/api/vote`, {
      code: room.code,
      token: token(6),
      key: "1:market",
      letter: "A",
    });
    expect(late.status).toBe(409);
    expect((await projector.until((s) => (s.decision as RoomDecision).open === false)).tally).toEqual(expected);

    // Going back to the vote keeps the votes; a phone reloading its page sees its own vote again.
    await post(`${room.base}/api/room/decision`, { decision }, lead());
    await browserPhones[2]?.reload();
    await browserPhones[2]?.getByText("Your vote: C.").waitFor();

    for (const s of streams) s.close();
    for (const page of browserPhones) await page.context().close();
    await projector.until((s) => s.devices === 0);
    projector.close();
  }, 120_000);

  it("refuses hostile requests with a 4xx and changes nothing", async () => {
    const decision: RoomDecision = { key: "2:corridor", scene: "corridor", letters: ["A", "B"], open: true };
    await post(`${room.base}/api/room/decision`, { decision }, lead());
    const honest = { code: room.code, token: token(100), key: decision.key, letter: "A" };
    expect((await post(`${room.base}/api/vote`, honest)).status).toBe(200);
    const tally = async () =>
      ((await (await fetch(`${room.base}/api/room`, { headers: lead() })).json()) as RoomState).tally;
    expect(await tally()).toEqual({ A: 1, B: 0 });

    const vote = (body: unknown, headers: Record<string, string> = {}) => post(`${room.base}/api/vote`, body, headers);
    const refusals: [string, Promise<Response>, number][] = [
      ["an unknown decision", vote({ ...honest, token: token(101), key: "9:nowhere" }), 409],
      ["a letter out of range", vote({ ...honest, token: token(102), letter: "C" }), 400],
      ["a lower-case letter", vote({ ...honest, token: token(103), letter: "a" }), 400],
      ["a number for a letter", vote({ ...honest, token: token(104), letter: 1 }), 400],
      ["no token", vote({ ...honest, token: undefined }), 400],
      ["a token that is too short", vote({ ...honest, token: "abc" }), 400],
      ["another room's code", vote({ ...honest, token: token(105), code: "ZZZZ" }), 404],
      ["malformed JSON", vote('{"code": "', {}), 400],
      ["an array", vote([honest]), 400],
      ["null", vote("null"), 400],
      [
        "a form post",
        fetch(`${room.base}/api/vote`, { method: "POST", body: new URLSearchParams({ letter: "B" }) }),
        415,
      ],
      ["an oversized body", vote({ ...honest, token: token(106), padding: "x".repeat(10_000) }), 413],
      ["a GET", fetch(`${room.base}/api/vote`), 404],
      ["an unknown address", fetch(`${room.base}/api/admin`), 404],
    ];
    for (const [what, answer, status] of refusals) {
      const response = await answer;
      expect({ what, status: response.status }).toEqual({ what, status });
      expect(((await response.json()) as { error: string }).error.length, what).toBeGreaterThan(5);
    }
    expect(await tally()).toEqual({ A: 1, B: 0 });

    // One device hammering the vote: a few go through (the same vote, changed), the rest are 429.
    const hammer = await Promise.all(
      Array.from({ length: 30 }, (_, i) => vote({ ...honest, token: token(107), letter: i % 2 ? "A" : "B" })),
    );
    const statuses = hammer.map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(15);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const t = await tally();
    expect((t.A ?? 0) + (t.B ?? 0)).toBe(2);

    // Garbage that is not HTTP at all, and an address no URL parser reads: 400s, then the server still answers.
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        let answer = "";
        const socket = connect(Number(new URL(room.base).port), "127.0.0.1", () => socket.end(text));
        socket.on("data", (chunk: Buffer) => {
          answer += chunk.toString();
        });
        socket.on("close", () => resolve(answer));
        socket.on("error", () => resolve(answer));
      });
    expect(await raw("\u0000\u0001GARBAGE /\r\n\r\n\r\n")).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw("GET //[x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(room.joinUrl)).status).toBe(200);
    expect(room.child.exitCode).toBeNull();
  });

  it("does not let a phone move the room, follow the lead's stream, or read the notes", async () => {
    const decision = { key: "3:x", scene: "x", letters: ["A", "B"], open: true };
    for (const headers of [{}, { "x-rehearse-key": "not-the-key" }, { cookie: "rehearse-room=guess" }]) {
      expect((await post(`${room.base}/api/room/decision`, { decision }, headers)).status).toBe(403);
      expect((await fetch(`${room.base}/api/room`, { headers })).status).toBe(403);
      expect((await fetch(`${room.base}/api/room/events`, { headers })).status).toBe(403);
    }
    expect((await post(`${room.base}/api/room/presenter`, { key: "guess" })).status).toBe(403);
    const state = (await (await fetch(`${room.base}/api/room`, { headers: lead() })).json()) as RoomState;
    expect(state.decision?.key).toBe("2:corridor");

    // The lead's pages answer a phone with the gate page, never their content.
    for (const path of [
      `/present/${ID}/`,
      `/present/${ID}/speaker/`,
      `/present/${ID}/facilitator.json`,
      "/index.html",
    ]) {
      const response = await fetch(room.base + path);
      expect({ path, status: response.status }).toEqual({ path, status: 401 });
      const body = await response.text();
      expect(body).not.toContain(NOTE);
      expect(body).toContain("This page is for the workshop lead");
    }
    // A phone may open the group's support contacts (linked from the join page) and the site's styles.
    expect((await fetch(`${room.base}/support/`)).status).toBe(200);
    expect((await fetch(`${room.base}/_astro/site.css`)).status).toBe(200);
    expect((await fetch(`${room.base}/_astro/present.js`)).status).toBe(401);
    // The lead's browser passes the gate with the link's key and gets the pages.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(room.presenterUrl);
    await page.getByText("Projector").waitFor();
    expect(await page.evaluate(() => location.hash)).toBe(`#key=${room.key}`);
    const speaker = await page.request.get(`${room.base}/present/${ID}/speaker/`);
    expect(await speaker.text()).toContain(NOTE);
    // The root is the join page for phones, the site's catalog for the lead.
    expect(await (await page.request.get(`${room.base}/`)).text()).toContain("<title>Catalog</title>");
    expect(await (await fetch(`${room.base}/`)).text()).toContain("<title>Vote · rehearse room</title>");
    await context.close();

    // The phone's stream never carries the tally while the vote is open.
    const phone = follow(`${room.base}/api/join/events?code=${room.code}&token=${token(200)}`);
    const seen = await phone.until((s) => s.decision !== undefined);
    expect(seen).toEqual({
      decision: { key: "2:corridor", letters: ["A", "B"], open: true },
      stage: "open",
      mine: null,
      tally: null,
    });
    phone.close();
  });

  it("lets a phone that lost the network reconnect by itself and see the vote as it is now", async () => {
    // The phone reaches the room through a relay on 127.0.0.1; closing the relay is the Wi-Fi dropping.
    const target = Number(new URL(room.base).port);
    const open = new Set<Socket>();
    const relay = () =>
      createServer((phoneSide) => {
        const roomSide = connect(target, "127.0.0.1");
        for (const socket of [phoneSide, roomSide]) {
          open.add(socket);
          socket.on("error", () => {});
          socket.on("close", () => {
            open.delete(socket);
            phoneSide.destroy();
            roomSide.destroy();
          });
        }
        phoneSide.pipe(roomSide).pipe(phoneSide);
      });
    const listen = (server: NetServer, port: number) =>
      new Promise<number>((resolve) =>
        server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
      );
    let network = relay();
    const port = await listen(network, 0);
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/${room.code}`);
    await page.getByRole("button", { name: "Vote B" }).click();
    await page.getByText("Your vote: B.").waitFor();

    await new Promise((resolve) => {
      network.close(resolve);
      for (const socket of open) socket.destroy();
    });
    await page.getByText("Reconnecting…").waitFor();
    const closed = { key: "2:corridor", scene: "corridor", letters: ["A", "B"], open: false };
    await post(`${room.base}/api/room/decision`, { decision: closed }, lead());

    network = relay();
    await listen(network, port);
    await page.getByText("The vote is closed. You voted B.").waitFor({ timeout: 20_000 });
    await context.close();
    await new Promise((resolve) => {
      network.close(resolve);
      for (const socket of open) socket.destroy();
    });
  }, 60_000);

  it("tells a browser that cannot vote to raise a hand instead", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    await context.addInitScript(() => {
      Reflect.deleteProperty(window, "EventSource");
    });
    const page = await context.newPage();
    await page.goto(room.joinUrl);
    await page.getByText("This browser cannot vote. Raise your hand instead").waitFor();
    await context.close();
  });

  it("limits a flood from one address, still answers the lead, and serves phones again once it stops", async () => {
    const join = () => post(`${room.base}/api/join`, { code: room.code }).then((r) => r.status);
    const flood = await Promise.all(Array.from({ length: 1_000 }, join));
    expect(flood.filter((s) => s === 429).length).toBeGreaterThan(100);
    expect(flood.every((s) => s === 200 || s === 429)).toBe(true);
    expect((await fetch(`${room.base}/api/room`, { headers: lead() })).status).toBe(200);
    expect((await fetch(room.joinUrl)).status).toBe(200);
    let status = 429;
    for (let i = 0; i < 40 && status === 429; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = await join();
    }
    expect(status).toBe(200);
    expect(room.child.exitCode).toBeNull();
  });

  it("stops cleanly on Ctrl+C (SIGINT) and says the votes are gone", async () => {
    expect(await stop(room)).toBe(0);
    expect(room.output()).toContain("Room closed. The votes are gone.");
    await expect(fetch(room.joinUrl)).rejects.toThrow();
  });
});

describe("rehearse room: the projector page it serves", () => {
  let room: Running;
  let browser: Browser;

  beforeAll(async () => {
    // The room builds the projector pages for this scenario (cached between runs in the system's temp folder).
    const cache = join(tmpdir(), "rehearse-room-test-cache");
    [room, browser] = await Promise.all([startRoom([], { XDG_CACHE_HOME: cache }), launch()]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    if (room) await stop(room);
  });

  it("shows the phones' votes live, closes the vote at the reveal, and carries on when the server stops", async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(room.presenterUrl);
    const projector = page.locator(".projector");
    await projector.waitFor();
    // The key leaves the address bar (the room can see it on the screen) and stays in this tab.
    await page.waitForFunction(() => !location.hash.includes("key="));
    const lead = follow(`${room.base}/api/room/events`, { "x-rehearse-key": room.key });
    for (let i = 0; i < 10 && (await projector.getAttribute("data-phase")) !== "vote"; i++) {
      await page.keyboard.press("ArrowRight");
      await page.waitForTimeout(100);
    }
    expect(await projector.getAttribute("data-phase")).toBe("vote");
    const open = await lead.until((s) => (s.decision as RoomDecision | null)?.open === true);
    const decision = open.decision as RoomDecision;
    // The join address and code are on the projector while the room votes.
    await page.getByText(room.code).first().waitFor();

    const expected: Record<string, number> = Object.fromEntries(decision.letters.map((l) => [l, 0]));
    for (let i = 0; i < 12; i++) {
      const letter = decision.letters[(i * 5) % decision.letters.length] as string;
      expected[letter] = (expected[letter] ?? 0) + 1;
      const answer = await post(`${room.base}/api/vote`, {
        code: room.code,
        token: token(300 + i),
        key: decision.key,
        letter,
      });
      expect(answer.status).toBe(200);
    }
    await lead.until((s) => sameTally(s.tally, expected));

    await page.keyboard.press("ArrowRight");
    const chart = page.locator(".tally-chart");
    await chart.waitFor();
    const label = `Votes: ${decision.letters.map((l) => `${l} ${expected[l]}`).join(", ")}; 12 in all.`;
    await expect.poll(() => chart.getAttribute("aria-label")).toBe(label);
    await lead.until((s) => (s.decision as RoomDecision | null)?.open === false);
    const late = await post(`${room.base}/api/vote`, {
      code: room.code,
      token: token(399),
      key: decision.key,
      letter: "A",
    });
    expect(late.status).toBe(409);
    lead.close();

    // The server stops mid-session: the projector says so and keeps its place.
    expect(await stop(room)).toBe(0);
    await page.getByText("The room server has stopped").waitFor({ timeout: 15_000 });
    expect(await projector.getAttribute("data-phase")).toBe("reveal");
    await context.close();
  }, 90_000);
});

// A real terminal: tmux runs `rehearse room`; its dashboard must show the room live, and Ctrl+C must close it.
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
const SOCKET = `rehearse-room-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8" });

describe.skipIf(!hasTmux)("rehearse room in a real terminal (tmux)", () => {
  afterAll(() => {
    spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
  });

  async function screenUntil(text: string | RegExp, ms = 20_000): Promise<string> {
    const end = Date.now() + ms;
    let screen = "";
    while (Date.now() < end) {
      screen = tmux("capture-pane", "-p", "-t", "room");
      if (typeof text === "string" ? screen.includes(text) : text.test(screen)) return screen;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`screen never showed ${String(text)}:\n${screen}`);
  }

  it("shows the join address, the QR code, the devices and the tally live, and Ctrl+C closes the room", async () => {
    const command = [
      `cd ${JSON.stringify(ROOT)}`,
      `NO_COLOR=1 ${JSON.stringify(process.execPath)} bin/rehearse.js room ${ID} --host 127.0.0.1 --port 0 --site ${JSON.stringify(fakeSite())}`,
      "echo EXIT=$?",
      "sleep 30",
    ].join("; ");
    tmux("new-session", "-d", "-s", "room", "-x", "200", "-y", "30", command);
    const first = await screenUntil("Devices connected: 0");
    const base = /Phones join at (http:\/\/127\.0\.0\.1:\d+)\/([A-Z0-9]{4}) · room code \2/.exec(first);
    const key = /#key=([\w-]+)/.exec(first)?.[1];
    expect(base).not.toBeNull();
    expect(first).toMatch(/█▀▀▀▀▀▀▀█/); // the QR code's corner
    const [, origin = "", code = ""] = base ?? [];
    const decision = { key: "1:market", scene: "market", letters: ["A", "B"], open: true };
    await post(`${origin}/api/room/decision`, { decision }, { "x-rehearse-key": key ?? "" });
    const phone = follow(`${origin}/api/join/events?code=${code}&token=${token(1)}`);
    await post(`${origin}/api/vote`, { code, token: token(1), key: "1:market", letter: "B" });
    const live = await screenUntil("Devices connected: 1");
    await screenUntil(/B █{24} 1/);
    expect(live).toContain("Decision: market");
    phone.close();
    tmux("send-keys", "-t", "room", "C-c");
    const closed = await screenUntil("EXIT=");
    expect(closed).toContain("Room closed. The votes are gone.");
    expect(closed).toContain("EXIT=0");
    await expect(fetch(`${origin}/${code}`)).rejects.toThrow();
  });
});

describe("rehearse room: bad arguments", () => {
  /** Runs `rehearse room` to its exit (each case exits at once); resolves with its code and error output. */
  const fails = (args: readonly string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ["bin/rehearse.js", "room", ...args], { cwd: ROOT });
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => {
        stderr += c.toString();
      });
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });

  it("explains a scenario with errors, an unknown scenario, and a port in use", async () => {
    const broken = await fails(["test/fixtures/rules/unknown-target/not-ok.mdx", "--code", "test/fixtures/code.mdx"]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("not-ok.mdx:4:1  error  Unexpected start `begin`");
    const unknown = await fails(["no-such-scenario", "--host", "127.0.0.1"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No scenario "no-such-scenario"');

    const taken = createServer();
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, "127.0.0.1", () => resolve((taken.address() as AddressInfo).port)),
    );
    try {
      const busy = await fails([ID, "--host", "127.0.0.1", "--port", String(port), "--site", fakeSite()]);
      expect(busy.code).toBe(2);
      expect(busy.stderr).toBe(`rehearse room: port ${port} is in use; choose another with --port\n`);
    } finally {
      taken.close();
    }
  });

  it("refuses a port that is not a number, and a site without the projector page", async () => {
    const bad = spawn(process.execPath, ["bin/rehearse.js", "room", ID, "--port", "http"], { cwd: ROOT });
    let err = "";
    bad.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    expect(await new Promise((r) => bad.on("exit", r))).toBe(2);
    expect(err).toContain('--port takes a number from 0 to 65535, not "http"');

    const empty = mkdtempSync(join(tmpdir(), "rehearse-room-empty-"));
    const noSite = spawn(
      process.execPath,
      ["bin/rehearse.js", "room", ID, "--host", "127.0.0.1", "--port", "0", "--site", empty],
      { cwd: ROOT },
    );
    let err2 = "";
    noSite.stderr.on("data", (c: Buffer) => {
      err2 += c.toString();
    });
    expect(await new Promise((r) => noSite.on("exit", r))).toBe(2);
    expect(err2).toContain(`has no projector page for ${ID}`);
    expect(existsSync(empty)).toBe(true);
  });
});

describe("rehearse room --site: a site built under a base path", () => {
  it("serves its pages and files under the base, where their links point, and gives the lead's link there", async () => {
    // `rehearse build` with "base": "/training/" in rehearse.config.json: the files sit at the folder's root,
    // every link starts /training/, and the manifest's scope says so.
    const site = fakeSite();
    writeFileSync(join(site, "manifest.webmanifest"), JSON.stringify({ start_url: "/training/", scope: "/training/" }));
    const room = await startRoom(["--site", site]);
    try {
      expect(room.presenterUrl).toBe(`${room.base}/training/present/${ID}/#key=${room.key}`);
      const lead = { "x-rehearse-key": room.key };
      const get = async (path: string, headers: Record<string, string> = lead) => {
        const answer = await fetch(`${room.base}${path}`, { headers });
        return `${answer.status} ${(await answer.text()).slice(0, 40)}`;
      };
      expect(await get(`/training/present/${ID}/`)).toBe("200 <!doctype html><title>Projector</title><");
      expect(await get("/training/_astro/present.js")).toBe("200 /* projector */");
      // A phone gets the join page at the root, the support page under the base too, and no lead's file.
      expect(await get("/", {})).toMatch(/^200 <!doctype html>/i);
      expect(await get("/training/support/", {})).toContain("200 <!doctype html><title>Support</title>");
      expect((await get("/training/_astro/present.js", {})).slice(0, 3)).toBe("401");
    } finally {
      await stop(room);
    }
  });
});
