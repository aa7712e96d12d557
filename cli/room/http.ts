/** Small `node:http` pieces the room server uses: JSON bodies with a cap, JSON replies, static files, cookies. */
import { createReadStream, existsSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { Refusal } from "./votes.ts";

/** Bodies above this are refused (413) before they are read in full. */
export const BODY_LIMIT = 2_048;

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".woff2": "font/woff2",
  ".webmanifest": "application/manifest+json",
};

/** Headers on every answer: no sniffing, no referrer, no framing by another site. */
export const BASE_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "SAMEORIGIN",
} as const;

/** Reads a JSON body of at most BODY_LIMIT bytes; refuses other types (415), more bytes (413), bad JSON (400). */
export function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") {
      reject(new Refusal(415, "Expected a JSON body (content-type: application/json)."));
      return;
    }
    if (Number(req.headers["content-length"] ?? 0) > BODY_LIMIT) {
      reject(new Refusal(413, `Expected a body of at most ${BODY_LIMIT} bytes.`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > BODY_LIMIT) {
        done = true;
        reject(new Refusal(413, `Expected a body of at most ${BODY_LIMIT} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch {
        reject(new Refusal(400, "Expected a JSON body."));
      }
    });
    req.on("error", () => {
      if (!done) reject(new Refusal(400, "The body could not be read."));
      done = true;
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...BASE_HEADERS,
    "content-type": TYPES[".json"] as string,
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

/** A refusal's answer; the connection closes when the request's body was not read to its end. */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string) {
  sendJson(res, status, { error: message }, req.complete ? {} : { connection: "close" });
}

export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

/** A file of the built site (folders serve their index.html); false when there is none. */
export function serveFile(req: IncomingMessage, res: ServerResponse, root: string, pathname: string): boolean {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  if (path.includes("\0")) return false;
  let file = normalize(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return false;
  if (!existsSync(file)) return false;
  if (statSync(file).isDirectory()) {
    if (!path.endsWith("/")) {
      res.writeHead(301, { ...BASE_HEADERS, location: `${pathname}/` }).end();
      return true;
    }
    file = join(file, "index.html");
    if (!existsSync(file)) return false;
  }
  res.writeHead(200, {
    ...BASE_HEADERS,
    "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    "content-length": statSync(file).size,
    "cache-control": "no-cache",
  });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
  return true;
}
