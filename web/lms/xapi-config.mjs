/**
 * The Learning Record Store a group's site sends xAPI statements to, from
 * `lrs` in its rehearse.config.json (REHEARSE_CONFIG, as the site build is
 * given it; `rehearse check` reports a malformed one at its line). Read at
 * build time by astro.config.mjs (the CSP's connect-src adds the LRS's origin),
 * the footer and the player page; undefined without one, and then the site
 * sends nothing anywhere, as always.
 *
 * `auth`, when given, is the Authorization header the site sends (e.g.
 * "Basic …"). A static site is public: anyone can read it there and send
 * statements with it, so it must be a key that can only write statements.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** @returns {{ endpoint: string, origin: string, auth?: string, group?: string } | undefined} */
export function siteLrs() {
  const file = process.env.REHEARSE_CONFIG;
  if (!file) return undefined;
  let config;
  try {
    config = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined; // the workspace's reader reports an unreadable file
  }
  const lrs = config?.lrs;
  if (!lrs || typeof lrs.endpoint !== "string") return undefined;
  let url;
  try {
    url = new URL(lrs.endpoint);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  return {
    endpoint: url.href.endsWith("/") ? url.href : `${url.href}/`,
    origin: url.origin,
    ...(typeof lrs.auth === "string" && lrs.auth !== "" ? { auth: lrs.auth } : {}),
    ...(typeof config.group === "string" && config.group !== "" ? { group: config.group } : {}),
  };
}

const SHARE_MODULE = "virtual:rehearse-lrs";
const SHARE_SCRIPT = fileURLToPath(new URL("./xapi-site.ts", import.meta.url));

/**
 * Vite plugin: `virtual:rehearse-lrs`, which the player page's script imports.
 * With an LRS it loads web/lms/xapi-site.ts lazily (on pages that carry
 * `#lrs-config`); without one it is empty, so a site without an LRS builds
 * exactly as before: no extra chunk, not one byte more on the page.
 */
export function lrsShare(lrs) {
  return {
    name: "rehearse:lrs",
    resolveId: (id) => (id === SHARE_MODULE ? `\0${SHARE_MODULE}` : null),
    load(id) {
      if (id !== `\0${SHARE_MODULE}`) return null;
      return lrs
        ? `if (document.getElementById("lrs-config")) import(${JSON.stringify(SHARE_SCRIPT)});\n`
        : "export {};\n";
    },
  };
}
