/**
 * `npm run bench -- room`: `rehearse room` under a room's worth of phones.
 * 200 simulated phones (plain HTTP clients on 127.0.0.1) join, hold their
 * event streams open and vote within 10 s; a projector follows the lead's
 * stream. Measured: the time from a vote's POST to the projector's update
 * that counts it (median, p95), the server's memory growth, requests per
 * second, errors; then the join page's raw throughput, and the gzip bytes of
 * the projector page (when the site builds) and the join page. Every loop is bounded.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { prepareSite, SiteError } from "../cli/room/site.ts";
import { launch } from "../test/web/browser.ts";
import { ms, table, verdict } from "./measure.ts";

const ID = "what-stays-in-the-circle";
const PHONES = 200;
const WINDOW_MS = 10_000;
const KB = (n: number) => `${(n / 1024).toFixed(1)} KB`;

type Room = { child: ChildProcess; base: string; code: string; key: string; presenterUrl: string };

function startRoom(site: string): Promise<Room> {
  const child = spawn(
    process.execPath,
    ["bin/rehearse.js", "room", ID, "--host", "127.0.0.1", "--port", "0", "--site", site],
    { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the room did not start:\n${out}`)), 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const presenter = /^Presenter: (\S+)$/m.exec(out)?.[1];
      const joinUrl = /^Join: (\S+)$/m.exec(out)?.[1];
      const code = /^Code: (\S+)$/m.exec(out)?.[1];
      if (!presenter || !joinUrl || !code) return;
      clearTimeout(timer);
      resolve({
        child,
        base: new URL(joinUrl).origin,
        code,
        key: new URL(presenter).hash.replace("#key=", ""),
        presenterUrl: presenter,
      });
    });
    child.on("exit", () => reject(new Error(`the room exited:\n${out}`)));
  });
}

/** Resident memory of a process, from /proc (Linux); undefined elsewhere. */
function rss(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const streams = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
const posts = new Agent({ keepAlive: true, maxSockets: 32 });

/** An event stream; calls `onState` with every message's data. Resolves once connected. */
function stream(url: string, headers: Record<string, string>, onData: (data: string) => void) {
  return new Promise<{ close: () => void }>((resolve, reject) => {
    const req = request(url, { agent: streams, headers }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream ${url}: ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          for (const line of buffer.slice(0, end).split("\n")) if (line.startsWith("data: ")) onData(line.slice(6));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
        }
      });
      res.on("error", () => {});
      resolve({ close: () => req.destroy() });
    });
    req.on("error", reject);
    req.end();
  });
}

function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent: posts,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers },
      },
      (res) => {
        let data = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          data += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on("error", reject);
    req.end(text);
  });
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? Number.NaN;
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

async function phonesVote(room: Room) {
  const lead = { "x-rehearse-key": room.key };
  const updates: { at: number; total: number }[] = [];
  const projector = await stream(`${room.base}/api/room/events`, lead, (data) => {
    const tally = (JSON.parse(data) as { tally?: Record<string, number> }).tally;
    if (tally) updates.push({ at: performance.now(), total: Object.values(tally).reduce((a, b) => a + b, 0) });
  });
  const decision = { key: "1:market", scene: "market", letters: ["A", "B", "C", "D"], open: true };
  await post(`${room.base}/api/room/decision`, { decision }, lead);
  await sleep(1_000);
  const before = rss(room.child.pid ?? 0);
  let peak = before ?? 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rss(room.child.pid ?? 0) ?? 0);
  }, 100);

  let requests = 0;
  let errors = 0;
  const failures: string[] = [];
  const fail = (what: string) => {
    errors++;
    if (failures.length < 5) failures.push(what);
  };
  const votes: { sent: number; count: number }[] = [];
  const phones: { close: () => void }[] = [];
  const started = performance.now();
  // Phone i joins, opens its stream and votes at its own moment in the window: 200 votes spread over 9 s.
  await Promise.all(
    Array.from({ length: PHONES }, async (_, i) => {
      const token = `bench-${String(i).padStart(4, "0")}-${"p".repeat(12)}`;
      await sleep((i * (WINDOW_MS - 1_000)) / PHONES);
      try {
        requests++;
        const joined = await post(`${room.base}/api/join`, { code: room.code });
        if (joined.status !== 200) return fail(`join ${joined.status} ${joined.body}`);
        requests++;
        phones.push(await stream(`${room.base}/api/join/events?code=${room.code}&token=${token}`, {}, () => {}));
        const letter = decision.letters[(i * 7) % decision.letters.length];
        const sent = performance.now();
        requests++;
        const answer = await post(`${room.base}/api/vote`, { code: room.code, token, key: decision.key, letter });
        if (answer.status !== 200) return fail(`vote ${answer.status} ${answer.body}`);
        votes.push({ sent, count: (JSON.parse(answer.body) as { count: number }).count });
      } catch (error) {
        fail((error as Error).message);
      }
    }),
  );
  const elapsed = performance.now() - started;
  // Bounded wait for the last update to arrive.
  for (let i = 0; i < 50 && (updates.at(-1)?.total ?? 0) < votes.length; i++) await sleep(20);
  clearInterval(sampler);
  peak = Math.max(peak, rss(room.child.pid ?? 0) ?? 0);

  const latencies = votes
    .map((v) => {
      const seen = updates.find((u) => u.total >= v.count && u.at >= v.sent);
      return seen ? seen.at - v.sent : Number.POSITIVE_INFINITY;
    })
    .sort((a, b) => a - b);
  const missing = latencies.filter((l) => !Number.isFinite(l)).length;
  errors += missing;
  for (const p of phones) p.close();
  projector.close();
  return {
    latencies,
    growth: before === undefined ? undefined : peak - before,
    requests,
    elapsed,
    errors,
    failures,
    counted: updates.at(-1)?.total ?? 0,
  };
}

/** Requests per second the join page alone sustains: 32 clients for 2 s. */
async function throughput(room: Room): Promise<{ rate: number; errors: number }> {
  const end = performance.now() + 2_000;
  let done = 0;
  let errors = 0;
  const started = performance.now();
  const get = () =>
    new Promise<number>((resolve) => {
      const req = request(`${room.base}/${room.code}`, { agent: posts }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", () => resolve(0));
      req.end();
    });
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (performance.now() < end) {
        if ((await get()) === 200) done++;
        else errors++;
      }
    }),
  );
  return { rate: done / ((performance.now() - started) / 1000), errors };
}

/** The projector page as a browser loads it (document, scripts, styles, data), and the join page, in gzip bytes. */
async function pageBytes(room: Room): Promise<{ projector: number; items: number }> {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const bodies: Promise<number>[] = [];
    page.on("response", (response) => {
      if (!response.url().startsWith(`${room.base}/present/`) && !response.url().startsWith(`${room.base}/_astro/`))
        return;
      bodies.push(
        response
          .body()
          .then((b) => gzipSync(b, { level: 9 }).length)
          .catch(() => 0),
      );
    });
    await page.goto(room.presenterUrl, { waitUntil: "networkidle" });
    await page.waitForTimeout(300);
    const sizes = await Promise.all(bodies);
    return { projector: sizes.reduce((a, b) => a + b, 0), items: sizes.length };
  } finally {
    await browser.close();
  }
}

export async function roomBench() {
  let site: string;
  let built = true;
  try {
    site = await prepareSite({
      id: ID,
      scenarioFile: `scenarios/${ID}.mdx`,
      codeFile: "scenarios/code.mdx",
      cache: join(tmpdir(), "rehearse-bench-room"),
      onBuild: () => console.log("\nRoom: building the projector pages…"),
    });
  } catch (error) {
    if (!(error instanceof SiteError)) throw error;
    // The server's figures do not need the real pages: measure them with a stand-in, and say so.
    console.log(`\nRoom: the projector pages did not build, so their bytes are not measured:\n${error.message}`);
    built = false;
    site = mkdtempSync(join(tmpdir(), "rehearse-bench-room-site-"));
    mkdirSync(join(site, "present", ID), { recursive: true });
    writeFileSync(join(site, "present", ID, "index.html"), "<!doctype html><title>stand-in</title>");
  }
  const room = await startRoom(site);
  try {
    const run = await phonesVote(room);
    const median = percentile(run.latencies, 0.5);
    const p95 = percentile(run.latencies, 0.95);
    const rate = run.requests / (run.elapsed / 1000);
    const join = await throughput(room);
    const bytes = built ? await pageBytes(room) : undefined;
    const joinBytes = gzipSync(Buffer.from(await (await fetch(`${room.base}/`)).arrayBuffer()), { level: 9 }).length;
    console.log(`\nRoom: ${PHONES} phones on 127.0.0.1 join, hold their streams open and vote within 10 s`);
    console.log(
      table([
        ["what", "figure", "goal", ""],
        ["vote POST → projector update, median", ms(median), "", ""],
        ["… p95", ms(p95), "≤ 250 ms", verdict(p95 <= 250)],
        [
          "server memory growth (RSS)",
          run.growth === undefined ? "n/a" : `${(run.growth / 1024 / 1024).toFixed(1)} MB`,
          "≤ 50 MB",
          verdict(run.growth !== undefined && run.growth <= 50 * 1024 * 1024),
        ],
        [
          "requests (join, stream, vote) per second",
          `${rate.toFixed(0)}/s over ${(run.elapsed / 1000).toFixed(1)} s`,
          "",
          "",
        ],
        ["votes the projector counted", `${run.counted} of ${PHONES}`, `${PHONES}`, verdict(run.counted === PHONES)],
        ["errors", String(run.errors), "0", verdict(run.errors === 0)],
        ["join page, 32 clients for 2 s", `${join.rate.toFixed(0)} requests/s, ${join.errors} errors`, "", ""],
        [
          "projector page, everything it loads (gzip)",
          bytes ? `${KB(bytes.projector)} in ${bytes.items} files` : "not measured",
          "",
          "",
        ],
        ["join page (gzip)", KB(joinBytes), "≤ 15 KB", verdict(joinBytes <= 15 * 1024)],
      ]),
    );
    if (run.failures.length) console.log(`first errors: ${run.failures.join("; ")}`);
  } finally {
    room.child.kill("SIGINT");
    await new Promise((r) => room.child.once("exit", r));
    streams.destroy();
    posts.destroy();
  }
}
