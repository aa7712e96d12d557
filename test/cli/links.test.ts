import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import GithubSlugger from "github-slugger";
import type { Nodes, Root } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { mdxFromMarkdown } from "mdast-util-mdx";
import { toString as plainText } from "mdast-util-to-string";
import { frontmatter } from "micromark-extension-frontmatter";
import { mdxjs } from "micromark-extension-mdxjs";
import { describe, expect, it } from "vitest";
import { ROOT } from "./run-cli.ts";

// Every link in the project's documents resolves inside a fresh clone: a relative link names a file
// git tracks (or will: untracked files that are not ignored count, ignored ones like dist/ do not),
// an anchor names a heading of its file, and nothing points outside the repository. The site's own
// pages (web/pages/*.mdx) link to site routes, which must be pages the site builds.

type Link = { readonly url: string; readonly line: number };

function parse(text: string, mdx: boolean): Root {
  return mdx
    ? fromMarkdown(text, {
        extensions: [mdxjs(), frontmatter(["yaml"])],
        mdastExtensions: [mdxFromMarkdown(), frontmatterFromMarkdown(["yaml"])],
      })
    : fromMarkdown(text);
}

/** Links and images, and `[x]: url` definitions; code spans and code blocks hold none. */
function linksOf(text: string, mdx = false): Link[] {
  const links: Link[] = [];
  const walk = (node: Nodes) => {
    if (node.type === "link" || node.type === "image" || node.type === "definition")
      links.push({ url: node.url, line: node.position?.start.line ?? 0 });
    if ("children" in node) for (const child of node.children) walk(child as Nodes);
  };
  walk(parse(text, mdx));
  return links;
}

/** The anchors GitHub (and Astro) give a document's headings. */
function anchorsOf(text: string, mdx = false): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  const walk = (node: Nodes) => {
    if (node.type === "heading") anchors.add(slugger.slug(plainText(node)));
    else if ("children" in node) for (const child of node.children) walk(child as Nodes);
  };
  walk(parse(text, mdx));
  return anchors;
}

/** Files in a fresh clone: tracked, plus new files not ignored (so a commit in progress is judged as it will be). */
const cloneFiles = new Set(
  execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter(Boolean),
);
const cloneFolders = new Set(
  [...cloneFiles].flatMap((f) =>
    f
      .split("/")
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join("/")),
  ),
);

/** What is wrong with a link in a repository document (`file` relative to the root), or undefined. */
function problemOf(
  file: string,
  url: string,
  exists: (path: string) => "file" | "folder" | undefined,
  anchorsIn: (path: string) => Set<string>,
): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) return "points outside the repository";
  if (url.startsWith("/")) return "is root-relative: use a path relative to the document";
  const [path = "", anchor] = url.split("#");
  const target = path === "" ? file : posix.normalize(posix.join(posix.dirname(file), decodeURI(path)));
  if (target.startsWith("../") || target === "..") return "leaves the repository";
  const kind = exists(target.replace(/\/$/, ""));
  if (!kind) return `names ${target}, which a fresh clone does not have`;
  if (anchor !== undefined && kind === "file" && /\.mdx?$/.test(target) && !anchorsIn(target).has(anchor))
    return `names #${anchor}, which is no heading of ${target}`;
  return undefined;
}

/** What is wrong with a link on a site page (web/pages/*.mdx), or undefined. */
function routeProblem(url: string, routes: (path: string) => boolean, anchors: Set<string>): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) return "points outside the site";
  const [path = "", anchor] = url.split("#");
  if (path === "")
    return anchor === undefined || anchors.has(anchor) ? undefined : `no heading #${anchor} on this page`;
  if (!path.startsWith("/")) return "is relative: site pages link by route, e.g. /support/";
  return routes(path) ? undefined : `no page at ${path}`;
}

const exists = (path: string) => (cloneFiles.has(path) ? "file" : cloneFolders.has(path) ? "folder" : undefined);
const anchorCache = new Map<string, Set<string>>();
const anchorsIn = (path: string) => {
  let anchors = anchorCache.get(path);
  if (!anchors) {
    anchors = anchorsOf(readFileSync(join(ROOT, path), "utf8"), path.endsWith(".mdx"));
    anchorCache.set(path, anchors);
  }
  return anchors;
};

/** A route the site builds: a page file under web/pages, a dynamic segment matching a bundled scenario id. */
function isRoute(path: string): boolean {
  const segments = path
    .replace(/^\/|\/$/g, "")
    .split("/")
    .filter(Boolean);
  const scenarios = readdirSync(join(ROOT, "scenarios")).map((n) => n.replace(/\.mdx$/, ""));
  const match = (dir: string, rest: readonly string[]): boolean => {
    const here = readdirSync(join(ROOT, dir), { withFileTypes: true });
    if (rest.length === 0) return here.some((e) => /^index\.(astro|mdx|md)$/.test(e.name));
    const [head = "", ...tail] = rest;
    if (tail.length === 0 && here.some((e) => e.isFile() && e.name.replace(/\.(astro|mdx|md|ts)$/, "") === head))
      return true;
    if (here.some((e) => e.isDirectory() && e.name === head) && match(join(dir, head), tail)) return true;
    const dynamic = here.find((e) => e.isDirectory() && /^\[.+\]$/.test(e.name));
    if (!dynamic || (dynamic.name === "[id]" && !scenarios.includes(head))) return false;
    return match(join(dir, dynamic.name), tail);
  };
  return match("web/pages", segments);
}

const documents = [
  "README.md",
  "CHANGELOG.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((n) => n.endsWith(".md"))
    .map((n) => `docs/${n}`),
];
const pages = readdirSync(join(ROOT, "web/pages"))
  .filter((n) => n.endsWith(".mdx"))
  .map((n) => `web/pages/${n}`);

describe("links in the project's documents", () => {
  it("finds the design document and the changelog in a fresh clone", () => {
    expect(cloneFiles.has("docs/DESIGN.md")).toBe(true);
    expect(cloneFiles.has("CHANGELOG.md")).toBe(true);
    expect(linksOf(readFileSync(join(ROOT, "README.md"), "utf8")).some((l) => l.url === "docs/DESIGN.md")).toBe(true);
  });

  for (const file of documents) {
    it(`${file}: every link resolves inside the repository`, () => {
      const text = readFileSync(join(ROOT, file), "utf8");
      const problems = linksOf(text).flatMap((link) => {
        const problem = problemOf(file, link.url, exists, anchorsIn);
        return problem ? [`${file}:${link.line}  ${link.url}  ${problem}`] : [];
      });
      expect(problems).toEqual([]);
    });
  }

  for (const file of pages) {
    it(`${file}: every link is a page of the site`, () => {
      const text = readFileSync(join(ROOT, file), "utf8");
      const problems = linksOf(text, true).flatMap((link) => {
        const problem = routeProblem(link.url, isRoute, anchorsOf(text, true));
        return problem ? [`${file}:${link.line}  ${link.url}  ${problem}`] : [];
      });
      expect(problems).toEqual([]);
    });
  }

  it("catches what a fresh clone would not resolve", () => {
    const text = [
      "[ok](docs/DESIGN.md) [web](https://example.org) [mail](mailto:a@b.c) [gone](docs/NOPE.md)",
      "[built](dist/index.html) [up](../elsewhere.md) [root](/README.md) [anchor](README.md#no-such-heading)",
      "`[code](nope.md)`",
      "",
      "```md",
      "[in a block](nope.md)",
      "```",
    ].join("\n");
    const found = linksOf(text).map((l) => [l.url, problemOf("README.md", l.url, exists, anchorsIn) ?? "ok"]);
    expect(found).toEqual([
      ["docs/DESIGN.md", "ok"],
      ["https://example.org", "points outside the repository"],
      ["mailto:a@b.c", "points outside the repository"],
      ["docs/NOPE.md", "names docs/NOPE.md, which a fresh clone does not have"],
      ["dist/index.html", "names dist/index.html, which a fresh clone does not have"],
      ["../elsewhere.md", "leaves the repository"],
      ["/README.md", "is root-relative: use a path relative to the document"],
      ["README.md#no-such-heading", "names #no-such-heading, which is no heading of README.md"],
    ]);
    expect(routeProblem("/support/", isRoute, new Set())).toBeUndefined();
    expect(routeProblem("/scenarios/the-screenshot/script/", isRoute, new Set())).toBeUndefined();
    expect(routeProblem("/scenarios/no-such-scenario/", isRoute, new Set())).toBe(
      "no page at /scenarios/no-such-scenario/",
    );
    expect(routeProblem("/nowhere/", isRoute, new Set())).toBe("no page at /nowhere/");
    expect(routeProblem("#option-order", isRoute, new Set(["option-order"]))).toBeUndefined();
  });
});
