/**
 * The phone's join page: join.html with join.js inlined (one request), and a
 * Content-Security-Policy that allows exactly its own script and style.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./site.ts";

/** A CSP source allowing exactly this inline script or style. */
export const cspHash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
const hash = cspHash;

export function joinPage(root = projectRoot()): { html: string; csp: string } {
  const markup = readFileSync(join(root, "cli/room/join.html"), "utf8");
  const script = readFileSync(join(root, "cli/room/join.js"), "utf8");
  const html = markup.replace("<!--script-->", () => `<script>${script}</script>`);
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
  const csp = [
    "default-src 'none'",
    `script-src ${hash(script)}`,
    `style-src ${hash(style)}`,
    "connect-src 'self'",
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
  return { html, csp };
}
