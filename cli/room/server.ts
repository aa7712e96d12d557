/**
 * The room server: `node:http`, Server-Sent Events for updates, POST for votes.
 *
 * - Phones get the join page (`/` and `/<code>`), their event stream, the
 *   vote endpoint and the support page, nothing else: every other page (the
 *   projector, the speaker view with its notes and scores, the script) is for
 *   the lead's browser only.
 * - The lead's browser proves itself with the secret issued at start: the
 *   presenter link carries it in its fragment, a gate page trades it for an
 *   HttpOnly cookie, and the projector sends it with every change it makes.
 * - Votes live in memory only and vanish with the process.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { RoomDecision, RoomState } from "../../web/lib/room-client.ts";
import { gatePage as gate } from "./gate-page.ts";
import { BASE_HEADERS, cookie, readJson, refuse, sendJson, serveFile } from "./http.ts";
import { RateLimit } from "./limits.ts";
import { qrSvg } from "./qr.ts";
import { isToken, parseDecision, Refusal, RoomVotes } from "./votes.ts";

/** What the terminal dashboard shows. */
export type RoomSnapshot = {
  readonly code: string;
  readonly joinUrl: string;
  readonly presenterUrl: string;
  readonly decision: RoomDecision | null;
  /** The vote on screen: none, to come, open, or closed. */
  readonly stage: "none" | "waiting" | "open" | "closed";
  readonly tally: Readonly<Record<string, number>>;
  readonly devices: number;
  readonly refused: number;
};

export type Room = {
  readonly snapshot: () => RoomSnapshot;
  /** Called (at most once per event-loop turn) after anything on the dashboard changed. */
  readonly subscribe: (listener: () => void) => () => void;
  readonly close: () => Promise<void>;
  readonly server: Server;
};

export type RoomOptions = {
  readonly scenarioId: string;
  /** The built site (projector, speaker view); pages are 404 without it. */
  readonly siteDir: string | undefined;
  /** The join page's HTML (see join-page.ts). */
  readonly joinPage: { readonly html: string; readonly csp: string };
  readonly host: string;
  readonly port: number;
  /** The host phones use in the join address (the LAN address when listening on every interface). */
  readonly publicHost: string;
  /** The host the lead's browser uses in the presenter link. */
  readonly presenterHost: string;
  /** The base path the site was built under (`/training/`; default `/`): its pages link there, and are served there too. */
  readonly base?: string;
};

const COOKIE = "rehearse-room";
const CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/** Per phone: a few votes at once, then one every two seconds (changing one's mind stays easy). */
const PER_TOKEN = { burst: 8, perSecond: 0.5 };
/**
 * Per address, on the API: generous, since a classroom's phones may share one
 * address behind a router (and the benchmark's 200 phones share 127.0.0.1);
 * it stops floods, not a determined person with a script (no anonymous vote can).
 */
const PER_ADDRESS = { burst: 600, perSecond: 150 };
/**
 * The pages a phone may open besides the join page: the group's support
 * contacts (linked from the join page) and the site's styles and icon.
 */
const FOR_EVERYONE = /^\/(support\/|_astro\/[\w.-]+\.css|favicon\.svg)$/;
const STREAMS_PER_TOKEN = 4;
/** Open phone streams per address and in all: far above a room, below the process's file limit. */
const STREAMS_PER_ADDRESS = 400;
const STREAMS_MAX = 900;

const roomCode = () => Array.from(randomBytes(4), (b) => CODE_LETTERS[b % CODE_LETTERS.length]).join("");
const hostInUrl = (host: string) => (host.includes(":") ? `[${host}]` : host);

function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return timingSafeEqual(x, y);
}

type PhoneStream = { readonly res: ServerResponse; readonly token: string; readonly address: string };

export async function startRoom(options: RoomOptions): Promise<Room> {
  const base = options.base ?? "/";
  const secret = randomBytes(18).toString("base64url");
  const code = roomCode();
  const votes = new RoomVotes();
  const perToken = new RateLimit(PER_TOKEN.burst, PER_TOKEN.perSecond);
  const perAddress = new RateLimit(PER_ADDRESS.burst, PER_ADDRESS.perSecond);
  const presenters = new Set<ServerResponse>();
  const phones = new Set<PhoneStream>();
  const devices = new Map<string, number>();
  const streamsFrom = new Map<string, number>();
  const listeners = new Set<() => void>();
  let refused = 0;
  let joinUrl = "";
  let joinQrSvg = "";
  let presenterUrl = "";
  let closing = false;

  const gatePage = gate();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof Refusal) {
        refused++;
        refuse(req, res, error.status, error.message);
        schedule();
      } else if (!res.headersSent) sendJson(res, 500, { error: "The room could not answer that." });
      else res.destroy();
    });
  });
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
    else socket.destroy();
  });

  const state = (): RoomState => ({
    code,
    joinUrl,
    joinQrSvg,
    decision: votes.decision,
    tally: votes.tally(),
    devices: devices.size,
  });

  // Changes are pushed once per event-loop turn, however many votes arrived in it.
  let scheduled = false;
  let phonesDirty = false;
  function schedule(phonesToo = false) {
    phonesDirty ||= phonesToo;
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const { code: _c, joinUrl: _u, joinQrSvg: _q, ...changing } = state();
      const data = `data: ${JSON.stringify(changing)}\n\n`;
      for (const res of presenters) res.write(data);
      if (phonesDirty) for (const phone of phones) phone.res.write(phoneEvent(phone.token));
      phonesDirty = false;
      for (const listener of listeners) listener();
    });
  }

  /** What a phone sees: the letters, whether the vote is to come, open or closed; the tally only once it closed. */
  function phoneEvent(token: string): string {
    const d = votes.decision;
    const stage = votes.stage();
    const decision = d ? { key: d.key, letters: d.letters, open: d.open } : null;
    const tally = stage === "closed" ? votes.tally() : null;
    return `data: ${JSON.stringify({ decision, stage, mine: votes.voteOf(token), tally })}\n\n`;
  }

  const isPresenter = (req: IncomingMessage, url: URL) =>
    sameSecret(cookie(req, COOKIE), secret) ||
    sameSecret(req.headers["x-rehearse-key"] as string | undefined, secret) ||
    sameSecret(url.searchParams.get("key") ?? undefined, secret);

  function openStream(req: IncomingMessage, res: ServerResponse, first: string) {
    res.writeHead(200, {
      ...BASE_HEADERS,
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write(`retry: 2000\n\n${first}`);
    req.socket.setKeepAlive(true, 10_000);
    req.socket.setNoDelay(true);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://room.invalid");
    } catch {
      throw new Refusal(400, "That address cannot be read.");
    }
    const method = req.method ?? "GET";
    if (url.pathname.startsWith("/api/")) return api(req, res, url, method);
    // A site built under a base path links to `/training/…`: the same files as `/…`.
    const path = base !== "/" && url.pathname.startsWith(base) ? url.pathname.slice(base.length - 1) : url.pathname;
    if (method !== "GET" && method !== "HEAD") throw new Refusal(405, "Only GET here.");
    // The address's root is the join page, except for the lead's browser, which gets the site as everywhere else.
    const lead = isPresenter(req, url);
    if ((path === "/" && !lead) || path.toUpperCase() === `/${code}`) {
      res.writeHead(200, {
        ...BASE_HEADERS,
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "content-security-policy": options.joinPage.csp,
      });
      res.end(method === "HEAD" ? undefined : options.joinPage.html);
      return;
    }
    if (options.siteDir && !lead && FOR_EVERYONE.test(path) && serveFile(req, res, options.siteDir, path)) return;
    if (!lead) {
      res.writeHead(401, {
        ...BASE_HEADERS,
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "content-security-policy": gatePage.csp,
      });
      res.end(method === "HEAD" ? undefined : gatePage.html);
      return;
    }
    if (options.siteDir && serveFile(req, res, options.siteDir, path)) return;
    const notFound = options.siteDir ? join(options.siteDir, "404.html") : undefined;
    res.writeHead(404, { ...BASE_HEADERS, "content-type": "text/html; charset=utf-8" });
    res.end(notFound ? readNotFound(notFound) : "Not found");
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
    const path = url.pathname;
    const presenter = isPresenter(req, url);
    if (!presenter && !perAddress.take(req.socket.remoteAddress ?? "?"))
      throw new Refusal(429, "Too many requests from this address; wait a few seconds.");
    const route = `${method} ${path}`;
    switch (route) {
      case "GET /api/room":
        if (!presenter) throw new Refusal(403, "Only the lead's browser may read the room.");
        return sendJson(res, 200, state());
      case "GET /api/room/events": {
        if (!presenter) throw new Refusal(403, "Only the lead's browser may follow the room.");
        openStream(req, res, `data: ${JSON.stringify(state())}\n\n`);
        presenters.add(res);
        req.on("close", () => presenters.delete(res));
        return;
      }
      case "POST /api/room/decision": {
        if (!presenter) throw new Refusal(403, "Only the lead's browser may move the room.");
        const body = await readJson(req);
        if (typeof body !== "object" || body === null || !("decision" in body))
          throw new Refusal(400, "Expected { decision: … }.");
        votes.setDecision(parseDecision(body.decision));
        schedule(true);
        res.writeHead(204, { ...BASE_HEADERS, "cache-control": "no-store" }).end();
        return;
      }
      case "POST /api/room/presenter": {
        const body = await readJson(req);
        const key = typeof body === "object" && body !== null && "key" in body ? body.key : undefined;
        if (typeof key !== "string" || !sameSecret(key, secret))
          throw new Refusal(403, "That key is not this room's. Open the lead's link the terminal shows now.");
        res.writeHead(204, {
          ...BASE_HEADERS,
          "cache-control": "no-store",
          "set-cookie": `${COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
        });
        res.end();
        return;
      }
      case "POST /api/join": {
        const body = await readJson(req);
        const given = typeof body === "object" && body !== null && "code" in body ? body.code : undefined;
        if (typeof given !== "string" || given.toUpperCase() !== code)
          throw new Refusal(404, "No room with that code here. Check the code on the screen.");
        return sendJson(res, 200, { code });
      }
      case "GET /api/join/events": {
        const token = url.searchParams.get("token");
        if ((url.searchParams.get("code") ?? "").toUpperCase() !== code)
          throw new Refusal(404, "No room with that code here.");
        if (!isToken(token)) throw new Refusal(400, "Expected token: 16 to 64 letters, digits, - or _.");
        if (!perToken.take(token)) throw new Refusal(429, "Too many requests from this device; wait a few seconds.");
        const address = req.socket.remoteAddress ?? "?";
        if (
          (devices.get(token) ?? 0) >= STREAMS_PER_TOKEN ||
          (streamsFrom.get(address) ?? 0) >= STREAMS_PER_ADDRESS ||
          phones.size >= STREAMS_MAX
        )
          throw new Refusal(429, "Too many open connections; close another tab.");
        const phone = { res, token, address };
        streamsFrom.set(address, (streamsFrom.get(address) ?? 0) + 1);
        openStream(req, res, phoneEvent(token));
        phones.add(phone);
        devices.set(token, (devices.get(token) ?? 0) + 1);
        schedule();
        req.on("close", () => {
          phones.delete(phone);
          const fromHere = (streamsFrom.get(address) ?? 1) - 1;
          if (fromHere > 0) streamsFrom.set(address, fromHere);
          else streamsFrom.delete(address);
          const left = (devices.get(token) ?? 1) - 1;
          if (left > 0) devices.set(token, left);
          else devices.delete(token);
          if (!closing) schedule();
        });
        return;
      }
      case "POST /api/vote": {
        const body = await readJson(req);
        if (typeof body !== "object" || body === null || Array.isArray(body))
          throw new Refusal(400, "Expected { code, token, key, letter }.");
        const { code: given, token, key, letter } = body as Record<string, unknown>;
        if (typeof given !== "string" || given.toUpperCase() !== code)
          throw new Refusal(404, "No room with that code here.");
        if (isToken(token) && !perToken.take(token))
          throw new Refusal(429, "Too many votes from this device; wait a few seconds.");
        const count = votes.vote(token, key, letter);
        schedule();
        return sendJson(res, 200, { letter, count });
      }
      default:
        throw new Refusal(404, "No such address in this room.");
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  joinUrl = `http://${hostInUrl(options.publicHost)}:${port}/${code}`;
  joinQrSvg = qrSvg(joinUrl, `QR code to join the room: ${joinUrl}`);
  presenterUrl = `http://${hostInUrl(options.presenterHost)}:${port}${base}present/${options.scenarioId}/#key=${secret}`;
  // Every 15 s a comment line keeps idle streams open through proxies and finds the dead ones.
  const heartbeat = setInterval(() => {
    for (const res of presenters) res.write(": ping\n\n");
    for (const phone of phones) phone.res.write(": ping\n\n");
  }, 15_000);
  heartbeat.unref();

  return {
    server,
    snapshot: () => ({
      code,
      joinUrl,
      presenterUrl,
      decision: votes.decision,
      stage: votes.stage(),
      tally: votes.tally(),
      devices: devices.size,
      refused,
    }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        clearInterval(heartbeat);
        listeners.clear();
        for (const res of presenters) res.end();
        for (const phone of phones) phone.res.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readNotFound(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "Not found";
  }
}
