/**
 * `rehearse room <scenario>`: prepares the projector pages, starts the room
 * server, and shows the dashboard (a live Ink view at a terminal, plain lines
 * otherwise) until Ctrl+C, q, SIGINT or SIGTERM.
 */
import { existsSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { join, resolve } from "node:path";
import type { Scenario } from "../../engine/model.ts";
import { UsageError } from "../args.ts";
import type { Io } from "../io.ts";
import { terminalSafe } from "../render/terminal-safe.ts";
import { joinPage } from "./join-page.ts";
import { qrText } from "./qr.ts";
import { type Room, startRoom } from "./server.ts";
import { builtBase, cacheDir, prepareSite, SiteError } from "./site.ts";

export const DEFAULT_PORT = 4747;
const EVERYWHERE = new Set(["0.0.0.0", "::", ""]);

/** The address phones on the same network reach this machine at: a private IPv4 address first. */
export function lanAddress(interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces()): string | undefined {
  const addresses = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((a) => !a.internal && a.family === "IPv4")
    .map((a) => a.address);
  const isPrivate = (a: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a);
  return addresses.find(isPrivate) ?? addresses[0];
}

export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new UsageError(`--port takes a number from 0 to 65535, not "${value}"`);
  return port;
}

async function listen(
  make: (port: number) => Promise<Room>,
  port: number | undefined,
): Promise<Room | { error: string }> {
  // The default port, or the next free one; a port the lead named is that port or an error.
  const tries = port === undefined ? Array.from({ length: 10 }, (_, i) => DEFAULT_PORT + i) : [port];
  let last = "";
  for (const p of tries) {
    try {
      return await make(p);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      last =
        code === "EADDRINUSE"
          ? `port ${p} is in use${port === undefined ? ` (and so are ${DEFAULT_PORT}–${p})` : ""}; choose another with --port`
          : code === "EADDRNOTAVAIL" || code === "ENOTFOUND"
            ? `this machine has no address ${(error as { address?: string }).address ?? ""}; check --host`
            : code === "EACCES"
              ? `not allowed to listen on port ${p}; choose one above 1023 with --port`
              : (error as Error).message;
      if (code !== "EADDRINUSE") break;
    }
  }
  return { error: last };
}

export async function runRoom(options: {
  readonly scenario: Scenario;
  readonly file: string;
  readonly codeFile: string;
  readonly host: string | undefined;
  readonly port: string | undefined;
  /** A site already built (dist/): served as it is, no build. */
  readonly site: string | undefined;
  readonly io: Io;
}): Promise<number> {
  const { scenario, io } = options;
  const port = parsePort(options.port);
  const host = options.host ?? "0.0.0.0";
  let siteDir: string;
  if (options.site !== undefined) {
    siteDir = resolve(options.site);
    if (!existsSync(join(siteDir, "present", scenario.id, "index.html"))) {
      io.err(
        `rehearse room: ${options.site} has no projector page for ${scenario.id} (present/${scenario.id}/index.html); build the site with it, or leave out --site\n`,
      );
      return 2;
    }
  } else {
    try {
      siteDir = await prepareSite({
        id: scenario.id,
        scenarioFile: options.file,
        codeFile: options.codeFile,
        cache: cacheDir(io.env),
        onBuild: () => io.out("Preparing the room… (building the projector pages; a few seconds the first time)\n"),
      });
    } catch (error) {
      if (!(error instanceof SiteError)) throw error;
      io.err(`rehearse: ${terminalSafe(error.message)}\n`);
      return 1;
    }
  }

  const everywhere = EVERYWHERE.has(host);
  const lan = everywhere ? lanAddress() : undefined;
  const warning =
    everywhere && !lan
      ? "No network found: phones cannot reach this machine. Join the Wi-Fi the room uses, then start the room again."
      : !everywhere && /^(127\.|::1$|localhost$)/.test(host)
        ? `Listening on ${host} only: phones cannot reach it (leave out --host to let them).`
        : undefined;
  const page = joinPage();
  const room = await listen(
    (p) =>
      startRoom({
        scenarioId: scenario.id,
        siteDir,
        joinPage: page,
        host,
        port: p,
        publicHost: everywhere ? (lan ?? "127.0.0.1") : host,
        presenterHost: everywhere ? "127.0.0.1" : host,
        base: options.site !== undefined ? builtBase(siteDir) : "/",
      }),
    port,
  );
  if ("error" in room) {
    io.err(`rehearse room: ${room.error}\n`);
    return 2;
  }

  const first = room.snapshot();
  if (io.isTTY) {
    const { showDashboard } = await import("../ui/run-room.tsx");
    await showDashboard(room, {
      title: terminalSafe(scenario.title),
      qr: qrText(first.joinUrl),
      ...(warning ? { warning } : {}),
      color: io.color,
    });
    io.out("\n");
  } else {
    io.out(
      [
        `rehearse room · ${terminalSafe(scenario.title)}`,
        `Join: ${first.joinUrl}`,
        `Code: ${first.code}`,
        `Presenter: ${first.presenterUrl}`,
        ...(warning ? [warning] : []),
        "Stop with Ctrl+C (SIGINT) or SIGTERM; the votes are not kept.",
        "",
      ].join("\n"),
    );
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
  }
  await room.close();
  io.out("Room closed. The votes are gone.\n");
  return 0;
}
