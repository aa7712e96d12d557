/**
 * `rehearse export scorm` as a process, on a small site laid out as the site
 * build lays it out (so no build is needed): the zip, its manifest (well-formed
 * XML, the elements its SCORM version requires, every file it lists in the zip
 * and every file in the zip listed), the page made to run from inside the
 * package, and the errors a user can make. The package in a real LMS runtime is
 * test/web/scorm.test.ts.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unzip, zip } from "../../cli/export/zip.ts";
import { analyzeScenario } from "../../engine/analyze.ts";
import { readCode, readScenario } from "../../engine/load.ts";
import type { Code } from "../../engine/model.ts";
import { MIN_TESTED_RANGE } from "../../engine/totals.ts";
import { rehearse } from "./run-cli.ts";

const ID = "the-empty-chair";
const code = readCode("scenarios/code.mdx").value as Code;
const compiled = readScenario(`scenarios/${ID}.mdx`, code).value;
if (!compiled) throw new Error(`${ID} does not compile`);
const scenario = compiled;

let dir: string;
let site: string;

/** A page as web/layouts/Base.astro writes it (the parts the package changes). */
const page = (body: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="manifest" href="/manifest.webmanifest"><title>T</title><meta http-equiv="content-security-policy" content="default-src 'self';connect-src 'self'; script-src 'self' 'sha256-x='"><link rel="stylesheet" href="/_astro/site.css"></head><body><a class="skip" href="#main">Skip to content</a><header class="site-header"><a class="brand" href="/">rehearse</a><nav aria-label="Site"><ul><li><a href="/code/">Our code</a></li><li><a href="/progress/">Your progress</a></li></ul></nav></header><main id="main" class="page">${body}</main><footer class="site-footer"><p>rehearse keeps your runs in this browser only. Nothing you choose is sent anywhere.</p><p>If a scenario brings something up for you: <a href="/support/">who to contact</a>.</p></footer><script type="module" src="/_astro/base.js"></script></body></html>`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rehearse-export-"));
  site = join(dir, "site");
  writeSite(site, "/");
  writeSite(join(dir, "site-under-base"), "/training/");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The site as the build lays it out, served from `base` (a workspace's site.base puts it before every site URL). */
function writeSite(site: string, base: string) {
  const data = JSON.stringify({
    scenario: { id: ID },
    wholeHref: `/scenarios/${ID}/scenario.json`,
    scriptHref: `/scenarios/${ID}/script/`,
  });
  const files: Record<string, string> = {
    "index.html": page("<h1>Scenarios</h1>"),
    "favicon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    "manifest.webmanifest": "{}",
    "_astro/site.css": "body{}",
    "_astro/debrief.css": ".debrief{}",
    "_astro/base.js": "navigator.serviceWorker?.register(`/sw.js`);",
    "_astro/mount.js": 'import"./player.js";',
    "_astro/player.js":
      'dispatchEvent(new CustomEvent(`rehearse:run`));const css=`/_astro/debrief.css`,help="/support/";import(`./Debrief.js`);',
    "_astro/Debrief.js": "const links=[`/progress/`,`/support/`];",
    "_astro/unused.js": "// a chunk another page loads",
    [`scenarios/${ID}/index.html`]: page(
      `<h1>${scenario.title}</h1><p class="meta"><a href="/present/${ID}/">Present to a room</a> (projector)</p><div data-player-root><p>You can stop at any time. Nothing you choose leaves this browser.</p><a href="/scenarios/${ID}/script/">Read the whole script</a></div><script type="application/json" id="player-data">${data}</script><script type="module" src="/_astro/mount.js"></script>`,
    ),
    [`scenarios/${ID}/scenario.json`]: JSON.stringify({ scenario: { id: ID, hash: scenario.hash } }),
    [`scenarios/${ID}/script/index.html`]: page(
      `<a href="/scenarios/${ID}/">Play</a><a href="/present/${ID}/">Present</a>`,
    ),
    "support/index.html": page("<h1>Support</h1>"),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(site, path)), { recursive: true });
    writeFileSync(join(site, path), text.replace(/(["'`])\/(?!\/)/g, `$1${base}`));
  }
}

/** sax (astro's SVG optimiser brings it): a strict, independent XML parser, typed here for what the test uses. */
type SaxParser = {
  onopentag: (tag: { name: string; attributes: Record<string, string> }) => void;
  ontext: (text: string) => void;
  onclosetag: () => void;
  write(text: string): { close(): void };
};
const sax = createRequire(import.meta.url)("sax") as { parser(strict: boolean, options: object): SaxParser };

/** Parses XML strictly (sax, an independent parser): the elements with their attributes, in document order. */
function parseXml(text: string): { name: string; attributes: Record<string, string>; text: string }[] {
  const parser = sax.parser(true, { xmlns: false });
  const elements: { name: string; attributes: Record<string, string>; text: string }[] = [];
  const open: (typeof elements)[number][] = [];
  parser.onopentag = (tag) => {
    const element = { name: tag.name, attributes: tag.attributes, text: "" };
    elements.push(element);
    open.push(element);
  };
  parser.ontext = (t) => {
    const current = open.at(-1);
    if (current) current.text += t;
  };
  parser.onclosetag = () => open.pop();
  parser.write(text).close();
  return elements;
}

function exported(args: readonly string[]) {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const r = rehearse(["export", "scorm", ...args, "--site", site, "--out", out]);
  return { ...r, out };
}

describe("rehearse export scorm", () => {
  it("writes a SCORM 1.2 package whose manifest is well-formed, complete, and lists exactly the files in the zip", () => {
    const r = exported([ID]);
    // The bundled support page still has its blanks: the one thing said on stderr.
    expect(r.stderr).toMatch(
      /^rehearse: warning: scenarios\/support\.mdx still has \d+ placeholders .*before you load the packages into a course\n$/,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${ID}-scorm12.zip`);
    const files = unzip(readFileSync(join(r.out, `${ID}-scorm12.zip`)));
    const manifest = files.get("imsmanifest.xml")?.toString("utf8") ?? "";
    const elements = parseXml(manifest);
    const named = (name: string) => elements.filter((e) => e.name === name);
    expect(elements[0]?.name).toBe("manifest");
    expect(elements[0]?.attributes.xmlns).toBe("http://www.imsproject.org/xsd/imscp_rootv1p1p2");
    expect(named("schemaversion")[0]?.text).toBe("1.2");
    const organizations = named("organizations")[0];
    expect(named("organization").map((o) => o.attributes.identifier)).toEqual([organizations?.attributes.default]);
    const [item] = named("item");
    const [resource] = named("resource");
    expect(item?.attributes.identifierref).toBe(resource?.attributes.identifier);
    expect(named("title").map((t) => t.text)).toEqual([scenario.title, scenario.title]);
    expect(resource?.attributes["adlcp:scormtype"]).toBe("sco");
    expect(resource?.attributes.href).toBe(`scenarios/${ID}/index.html`);
    const listed = named("file").map((f) => f.attributes.href);
    expect(listed).toContain(resource?.attributes.href);
    expect(new Set(listed)).toEqual(new Set([...files.keys()].filter((f) => f !== "imsmanifest.xml")));
    // An independent reader takes the archive too (Info-ZIP's unzip, where the machine has it).
    const check = spawnSync("unzip", ["-tq", join(r.out, `${ID}-scorm12.zip`)], { encoding: "utf8" });
    if (!check.error) expect(check.stdout, check.stderr).toMatch(/No errors detected/);
    // What the page loads, at once or later, and nothing another page loads.
    for (const f of ["lms/scorm.js", "_astro/mount.js", "_astro/player.js", "_astro/Debrief.js", "_astro/debrief.css"])
      expect(listed).toContain(f);
    for (const f of ["_astro/unused.js", "_astro/base.js", "index.html", "manifest.webmanifest"])
      expect(listed).not.toContain(f);
  });

  it("makes the page run from inside the package: relative URLs, no site navigation, the LMS script first, the CSP kept", () => {
    const r = exported([ID]);
    const files = unzip(readFileSync(join(r.out, `${ID}-scorm12.zip`)));
    const html = files.get(`scenarios/${ID}/index.html`)?.toString("utf8") ?? "";
    expect(html).not.toMatch(/\s(href|src)="\//);
    expect(html).not.toContain("site-header");
    expect(html).not.toContain("Present to a room");
    expect(html).not.toContain("base.js");
    expect(html).not.toContain("Nothing you choose");
    expect(html).not.toContain("Nothing you choose is sent anywhere");
    expect(html).toContain("sent to your organisation's learning platform");
    expect(html).toContain(
      `<meta http-equiv="content-security-policy" content="default-src 'self';connect-src 'self'; script-src 'self' 'sha256-x='">`,
    );
    expect(html.indexOf('src="../../lms/scorm.js"')).toBeGreaterThan(0);
    expect(html.indexOf('src="../../lms/scorm.js"')).toBeLessThan(html.indexOf('src="../../_astro/mount.js"'));
    expect(html).toContain('"wholeHref":"scenario.json"');
    expect(html).toContain('"scriptHref":"script/index.html"');
    expect(html).toContain('<a href="script/index.html">Read the whole script</a>');
    expect(html).toContain('<a href="../../support/index.html">who to contact</a>');
    expect(files.get("_astro/player.js")?.toString()).toContain("`../../_astro/debrief.css`");
    expect(files.get("_astro/player.js")?.toString()).toContain('"../../support/index.html"');
    // A page the package does not carry: the player's link to it is hidden by the package's stylesheet.
    expect(files.get("_astro/Debrief.js")?.toString()).toContain("`/progress/`");
    expect(files.get("lms/package.css")?.toString()).toContain('a[href^="/"]');
    const script = files.get(`scenarios/${ID}/script/index.html`)?.toString("utf8") ?? "";
    expect(script).toContain('<a href="../index.html">Play</a>');
    expect(script).toContain("<a>Present</a>");
    // The runtime is bundled for browsers, with the engine it needs.
    const runtime = files.get("lms/scorm.js")?.toString("utf8") ?? "";
    expect(runtime).toContain("LMSInitialize");
    expect(runtime).not.toMatch(/\bimport\s*[{("]/);
  });

  it("makes a site built under a base path run from inside the package just the same", () => {
    const r = rehearse(["export", "scorm", ID, "--site", join(dir, "site-under-base"), "--out", join(dir, "based")]);
    expect(r.code).toBe(0);
    const files = unzip(readFileSync(join(dir, "based", `${ID}-scorm12.zip`)));
    const html = files.get(`scenarios/${ID}/index.html`)?.toString("utf8") ?? "";
    expect(html).not.toMatch(/\s(href|src)="\//);
    expect(html).toContain('src="../../_astro/mount.js"');
    expect(html).toContain('"wholeHref":"scenario.json"');
    expect(html).not.toContain("Present to a room");
    expect(html).not.toContain("base.js");
    expect(files.get("_astro/player.js")?.toString()).toContain("`../../_astro/debrief.css`");
    expect(files.get("_astro/Debrief.js")?.toString()).toContain("`/training/progress/`");
    expect([...files.keys()]).toContain("_astro/Debrief.js");
  });

  it("says where the runs go in place of a site's own note, for a site that can send to a learning record store", () => {
    const lrsSite = join(dir, "site-with-lrs");
    cpSync(site, lrsSite, { recursive: true });
    const page = join(lrsSite, "scenarios", ID, "index.html");
    const note = "Your choices are sent to the group's record store if you turn sharing on.";
    writeFileSync(
      page,
      readFileSync(page, "utf8")
        .replace(
          "rehearse keeps your runs in this browser only. Nothing you choose is sent anywhere.",
          "rehearse keeps your runs in this browser. It sends your choices and results to a learning record store only if you turn sharing on, on a scenario page.",
        )
        .replace("Nothing you choose leaves this browser.", note)
        .replace('"wholeHref"', `"note":${JSON.stringify(note)},"wholeHref"`),
    );
    const r = rehearse(["export", "scorm", ID, "--site", lrsSite, "--out", join(dir, "lrs")]);
    expect(r.code).toBe(0);
    const html = unzip(readFileSync(join(dir, "lrs", `${ID}-scorm12.zip`)))
      .get(`scenarios/${ID}/index.html`)
      ?.toString("utf8");
    expect(html).not.toContain("record store");
    expect(html).not.toContain('"note"');
    expect(html?.match(/learning platform, where its course staff can see them/g)).toHaveLength(2);
  });

  it("leaves the script page (every choice's scores, the facilitator notes) out with --without-script", () => {
    const r = exported([ID, "--without-script"]);
    expect(r.code).toBe(0);
    const files = unzip(readFileSync(join(r.out, `${ID}-scorm12.zip`)));
    expect([...files.keys()]).not.toContain(`scenarios/${ID}/script/index.html`);
    const html = files.get(`scenarios/${ID}/index.html`)?.toString("utf8") ?? "";
    expect(html).not.toMatch(/href="[^"]*script/);
    expect(files.get("imsmanifest.xml")?.toString()).not.toContain("script/index.html");
  });

  it("writes SCORM 2004 4th edition with adlcp:scormType and one objective per principle the scenario can test", () => {
    const r = exported([ID, "--version", "2004"]);
    expect(r.code).toBe(0);
    const files = unzip(readFileSync(join(r.out, `${ID}-scorm2004.zip`)));
    const elements = parseXml(files.get("imsmanifest.xml")?.toString("utf8") ?? "");
    const named = (name: string) => elements.filter((e) => e.name === name);
    expect(elements[0]?.attributes.xmlns).toBe("http://www.imsglobal.org/xsd/imscp_v1p1");
    expect(named("schemaversion")[0]?.text).toBe("2004 4th Edition");
    expect(named("resource")[0]?.attributes["adlcp:scormType"]).toBe("sco");
    const analysis = analyzeScenario(scenario);
    const testable = scenario.principles.filter((p) => {
      const range = analysis.range[p];
      return range !== undefined && range.max - range.min >= MIN_TESTED_RANGE;
    });
    expect(testable.length).toBeGreaterThan(0);
    expect(named("imsss:objective").map((o) => o.attributes.objectiveID)).toEqual(testable);
    expect(named("imsss:primaryObjective")).toHaveLength(1);
    expect(files.get("lms/scorm.js")?.toString()).toContain("API_1484_11");
  });

  it("says what is wrong, without a stack trace", () => {
    const cases: [string[], number, RegExp][] = [
      [["export", "zip", ID], 2, /unknown format "zip"/],
      [["export"], 2, /missing argument: rehearse export scorm/],
      [["export", "scorm"], 2, /name the scenarios to export, or --all/],
      [["export", "scorm", ID, "--all"], 2, /give scenarios or --all, not both/],
      [
        // Before any work: no site is built to find out.
        ["export", "scorm", ID, "--version", "3"],
        2,
        /--version takes 1\.2 or 2004/,
      ],
      [["export", "scorm", "no-such-scenario"], 1, /No scenario "no-such-scenario"/],
      [["export", "scorm", ID, "--site", join(dir, "nowhere")], 1, /is not a built site/],
      // The fake site holds only one scenario: another one is not in it as it is now.
      [["export", "scorm", "the-screenshot", "--site", site], 1, /does not hold "the-screenshot"/],
    ];
    for (const [args, code, message] of cases) {
      const r = rehearse(args);
      expect(r.stderr, args.join(" ")).toMatch(message);
      expect(r.stderr, args.join(" ")).not.toMatch(/\n\s+at /);
      expect(r.stderr, args.join(" ")).not.toContain("building the site");
      expect(r.code, args.join(" ")).toBe(code);
    }
  });
});

describe("the zip writer", () => {
  it("reads back what it wrote, the same bytes for the same input, and refuses paths outside the archive", () => {
    const entries = [
      { path: "a.txt", data: "hello ".repeat(100) },
      { path: "dir/b.bin", data: new Uint8Array([0, 1, 2, 255]) },
      { path: "ünïcode/ç.txt", data: "é" },
    ];
    const archive = zip(entries);
    expect(zip(entries).equals(archive)).toBe(true);
    const back = unzip(archive);
    expect([...back.keys()]).toEqual(entries.map((e) => e.path));
    expect(back.get("a.txt")?.toString()).toBe("hello ".repeat(100));
    expect([...(back.get("dir/b.bin") ?? [])]).toEqual([0, 1, 2, 255]);
    expect(back.get("ünïcode/ç.txt")?.toString()).toBe("é");
    expect(archive.length).toBeLessThan(600);
    expect(() => zip([{ path: "../x", data: "" }])).toThrow(/not a relative path/);
    expect(() => zip([{ path: "/x", data: "" }])).toThrow(/not a relative path/);
  });
});
