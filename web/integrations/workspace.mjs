/**
 * A group's workspace on the site: `rehearse build` and `rehearse dev` pass the
 * workspace's `rehearse.config.json` as REHEARSE_CONFIG (already checked, with
 * positioned errors, by the engine's reader), and this module gives Astro what
 * it needs from it: the base path and address, a stylesheet with the accent
 * colour, the logo, and links that stay under the base path.
 *
 * The site's pages and islands write their links from the root (`/support/`,
 * `` `/scenarios/${id}/` ``). Under a base path such as `/training/`, the
 * `basePath` plugin rewrites those literals in web/ sources as Vite reads them
 * (so server-rendered pages and the islands' own links and fetches agree), and
 * `workspace()` rewrites the web manifest after the build.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The site's settings from REHEARSE_CONFIG (defaults without one, as in this repository). */
export function workspaceSettings() {
  const file = process.env.REHEARSE_CONFIG;
  const site = { title: "rehearse", lang: "en", base: "/" };
  if (!file) return { ...site, file: undefined };
  let config;
  try {
    config = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`rehearse: ${file} cannot be read (${error.message}); run \`rehearse check\` for the details`);
  }
  const given = config?.site ?? {};
  const segments = String(given.base ?? "/")
    .split("/")
    .filter(Boolean);
  return {
    ...site,
    ...given,
    base: segments.length ? `/${segments.join("/")}/` : "/",
    group: config?.group,
    file: resolve(file),
  };
}

/** The scenario ids the workspace publishes, in its order; undefined for every scenario. */
export function workspacePublish() {
  const file = process.env.REHEARSE_CONFIG;
  if (!file) return undefined;
  const publish = JSON.parse(readFileSync(file, "utf8"))?.publish;
  return Array.isArray(publish) ? publish : undefined;
}

/**
 * The site's own routes, which pages and islands link to from the root: the first path
 * segments, i.e. every page and folder in web/pages/, every file in web/public/, and the
 * service worker. Read when the plugin is made (this module is also bundled into the
 * build's prerender chunk, where web/ is not beside it).
 */
function routePattern() {
  const routes = [
    ...readdirSync(join(WEB, "pages")).map((f) => f.replace(/\.(astro|mdx|md|ts|js)$/, "")),
    ...readdirSync(join(WEB, "public")),
    "sw.js",
  ]
    .filter((r) => r !== "index" && /^[\w.-]+$/.test(r))
    .map((r) => r.replaceAll(".", "\\."))
    .join("|");
  return new RegExp(`(["'\`(])/(?=(?:${routes})(?:[/"'\`?#)]|$))`, "g");
}
/** `href="/"`, `href: "/"`, and Markdown's `](/)`: the home page. */
const HOME = /(href\s*[=:]\s*\{?\s*)(["'`])\/\2/g;
/** `cond ? "/" : …`: the home page as one branch of a choice. */
const HOME_CHOICE = /(\?\s*)(["'`])\/\2(\s*:)/g;
const WEB = fileURLToPath(new URL("../", import.meta.url));

/** Vite plugin: root links in web/ sources, under the base path. Nothing changes when the base is `/`. */
export function basePath(base) {
  const ROUTE = base === "/" ? undefined : routePattern();
  return {
    name: "rehearse:base-path",
    enforce: "pre",
    transform(code, id) {
      if (!ROUTE || !id.startsWith(WEB) || !/\.(astro|tsx?|mdx|mjs)$/.test(id.split("?")[0])) return null;
      const out = code
        .replace(ROUTE, `$1${base}`)
        .replace(HOME, `$1$2${base}$2`)
        .replace(HOME_CHOICE, `$1$2${base}$2$3`)
        .replaceAll("](/)", `](${base})`);
      return out === code ? null : { code: out, map: null };
    },
  };
}

const THEME = "virtual:rehearse-theme.css";
const SITE_CSS = fileURLToPath(new URL("../styles/site.css", import.meta.url));

/** Vite plugin: `virtual:rehearse-theme.css`, the accent colour in light and dark (empty without one). */
export function theme(accent) {
  return {
    name: "rehearse:theme",
    // Without an accent it is the site's own stylesheet, already on every page: no extra file to fetch.
    resolveId: (id) => (id === THEME ? (accent ? `\0${THEME}` : SITE_CSS) : null),
    load(id) {
      if (id !== `\0${THEME}`) return null;
      return `:root { --accent: ${accent}; --accent-strong: color-mix(in srgb, ${accent} 72%, #000); }
@media (prefers-color-scheme: dark) {
  :root { --accent: color-mix(in srgb, ${accent} 55%, #fff); --accent-strong: color-mix(in srgb, ${accent} 35%, #fff); }
}
`;
    },
  };
}

/** The logo's address on the site: `<base>logo.<ext>`. */
export const logoHref = (settings) =>
  settings.logo
    ? `${settings.base}logo${settings.logo.slice(settings.logo.lastIndexOf(".")).toLowerCase()}`
    : undefined;

/** Astro integration: the logo copied in (and served by `rehearse dev`), the manifest under the base path. */
export function workspace(settings) {
  const logo = settings.logo && settings.file ? join(dirname(settings.file), settings.logo) : undefined;
  const href = logoHref(settings);
  return {
    name: "rehearse:workspace",
    hooks: {
      "astro:server:setup": ({ server }) => {
        if (!logo || !href) return;
        server.middlewares.use((req, res, next) => {
          // Vite may hand the middleware the address with or without the base path (and Astro adds a slash).
          const path = (req.url ?? "").split("?")[0].replace(/\/$/, "");
          if ((path !== href && path !== `/${basename(href)}`) || !existsSync(logo)) return next();
          res.setHeader("Content-Type", href.endsWith(".svg") ? "image/svg+xml" : `image/${href.split(".").pop()}`);
          res.end(readFileSync(logo));
        });
      },
      "astro:build:done": ({ dir }) => {
        const root = fileURLToPath(dir);
        if (logo && href) {
          mkdirSync(root, { recursive: true });
          copyFileSync(logo, join(root, basename(href)));
        }
        const manifest = join(root, "manifest.webmanifest");
        if (existsSync(manifest)) {
          const data = JSON.parse(readFileSync(manifest, "utf8"));
          data.name = settings.title === "rehearse" ? data.name : settings.title;
          data.short_name = settings.title === "rehearse" ? data.short_name : settings.title.slice(0, 30);
          data.start_url = settings.base;
          data.scope = settings.base;
          for (const icon of data.icons ?? []) icon.src = `${settings.base}${icon.src.replace(/^\//, "")}`;
          if (settings.accent) data.theme_color = settings.accent;
          writeFileSync(manifest, `${JSON.stringify(data, null, 2)}\n`);
        }
      },
    },
  };
}
