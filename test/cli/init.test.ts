import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, rehearseIn } from "./run-cli.ts";

// A group's workspace as a coordinator makes and uses one: `rehearse init`, then the commands run
// from inside it, and a build of its site under a sub-path.

const temp = mkdtempSync(join(tmpdir(), "rehearse-init-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const bundled = readdirSync(join(ROOT, "scenarios")).filter(
  (n) => n.endsWith(".mdx") && n !== "code.mdx" && n !== "support.mdx",
);

describe("rehearse init", () => {
  const ws = join(temp, "riverside-peers");

  it("creates a workspace that check accepts", () => {
    const made = rehearseIn(["init", "riverside-peers"], temp);
    expect(made.stderr).toBe("");
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`a workspace for Riverside peers in riverside-peers: ${bundled.length} scenarios`);
    expect(readdirSync(ws).sort()).toEqual([
      ".gitignore",
      "README.md",
      "package.json",
      "rehearse.config.json",
      "scenarios",
    ]);
    expect(readdirSync(join(ws, "scenarios")).sort()).toEqual(["code.mdx", "support.mdx", ...bundled].sort());
    expect(readFileSync(join(ws, "scenarios/code.mdx"), "utf8")).toBe(
      readFileSync(join(ROOT, "scenarios/code.mdx"), "utf8"),
    );
    const pkg = JSON.parse(readFileSync(join(ws, "package.json"), "utf8"));
    expect(pkg.scripts).toEqual({
      dev: "rehearse dev",
      build: "rehearse build",
      check: "rehearse check",
      room: "rehearse room",
    });
    // Run from this checkout (rehearse is not on the registry yet), the workspace depends on the checkout itself.
    expect(pkg.dependencies).toEqual({ rehearse: `file:${relative(ws, ROOT).split(sep).join("/")}` });
    expect(readFileSync(join(ws, ".gitignore"), "utf8")).toContain("node_modules/");
    const readme = readFileSync(join(ws, "README.md"), "utf8");
    for (const step of ["npm run dev", "npm run check", "npm run build", "scenarios/support.mdx", "dist/"])
      expect(readme).toContain(step);
    const config = JSON.parse(readFileSync(join(ws, "rehearse.config.json"), "utf8"));
    expect(config.$schema).toBe("./node_modules/rehearse/schemas/rehearse.config.schema.json");

    const checked = rehearseIn(["check", "--quiet"], ws);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain("0 errors");
    // From a folder inside the workspace, commands find it too.
    const listed = rehearseIn(["list", "--json"], join(ws, "scenarios"));
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(bundled.length);
    const played = rehearseIn(["stats", "the-screenshot"], ws);
    expect(played.code).toBe(0);
  });

  it("refuses a folder that is not empty, and never overwrites a file", () => {
    writeFileSync(join(ws, "README.md"), "Our own notes.\n");
    const refused = rehearseIn(["init", "."], ws);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("is not empty (5 items: .gitignore, README.md, package.json, …)");
    expect(refused.stderr).toContain("--force");
    const forced = rehearseIn(["init", ".", "--force"], ws);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("kept as they were (not overwritten): scenarios/code.mdx");
    expect(readFileSync(join(ws, "README.md"), "utf8")).toBe("Our own notes.\n");
  });

  it("takes --pick and --empty, and names a scenario it does not have", () => {
    const picked = rehearseIn(["init", "picked", "--pick", "the-screenshot,the-empty-chair"], temp);
    expect(picked.code).toBe(0);
    expect(readdirSync(join(temp, "picked/scenarios")).sort()).toEqual([
      "code.mdx",
      "support.mdx",
      "the-empty-chair.mdx",
      "the-screenshot.mdx",
    ]);
    const empty = rehearseIn(["init", "empty", "--empty"], temp);
    expect(empty.code).toBe(0);
    expect(readdirSync(join(temp, "empty/scenarios")).sort()).toEqual(["code.mdx", "support.mdx"]);
    const wrong = rehearseIn(["init", "wrong", "--pick", "the-screenshoot"], temp);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('no bundled scenario "the-screenshoot" (did you mean "the-screenshot"?)');
    expect(existsSync(join(temp, "wrong"))).toBe(false);
  });

  it("gives a bad setting its line and column, with the nearest name, and no stack trace", () => {
    const dir = join(temp, "picked");
    writeFileSync(
      join(dir, "rehearse.config.json"),
      '{\n  "site": { "titel": "Ours", "lang": "English" },\n  "publish": ["the-screenshoot"]\n}\n',
    );
    const checked = rehearseIn(["check", "--quiet"], dir);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(
      'rehearse.config.json:2:13  error  Unexpected site setting "titel" (did you mean "title"?)',
    );
    expect(checked.stderr).toContain(
      'rehearse.config.json:2:38  error  Unexpected string "English" for "lang", expected a language tag',
    );
    writeFileSync(join(dir, "rehearse.config.json"), '{ "publish": ["the-screenshoot"] }\n');
    const published = rehearseIn(["check", "--quiet"], dir);
    expect(published.code).toBe(1);
    expect(published.stderr).toContain(
      'rehearse.config.json:1:15  error  Unexpected "the-screenshoot" in "publish": no scenario has that id (did you mean "the-screenshot"?)',
    );
    const built = rehearseIn(["build"], dir);
    expect(built.code).toBe(1);
    expect(built.stderr).toContain("fix rehearse.config.json (above), then run it again");
    for (const r of [checked, published, built]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("rehearse build under a base path", () => {
  it("writes a site whose every link stays under the base and names a file it has", { timeout: 240_000 }, () => {
    const dir = join(temp, "sub");
    expect(rehearseIn(["init", "sub", "--pick", "what-stays-in-the-circle,the-screenshot"], temp).code).toBe(0);
    writeFileSync(
      join(dir, "rehearse.config.json"),
      JSON.stringify({
        group: "Riverside Peer Support",
        site: { title: "Riverside practice", lang: "en-GB", base: "/training/", accent: "#8a3b12", logo: "logo.svg" },
        publish: ["the-screenshot", "what-stays-in-the-circle"],
      }),
    );
    writeFileSync(
      join(dir, "logo.svg"),
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>\n',
    );
    const built = rehearseIn(["build", "--out", "site"], dir, 230_000);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toContain("the site is in site");
    const site = join(dir, "site");
    const pages: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true }))
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name.endsWith(".html")) pages.push(join(d, e.name));
    };
    walk(site);
    expect(pages.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    let links = 0;
    for (const page of pages) {
      const html = readFileSync(page, "utf8");
      expect(html, page).toMatch(/<html lang="en-GB"[ >]/);
      for (const [, url = ""] of html.matchAll(/\s(?:href|src|action)="([^"]*)"/g)) {
        if (!url.startsWith("/") || url.startsWith("//")) continue;
        links++;
        const where = relative(site, page);
        if (!url.startsWith("/training/")) {
          wrong.push(`${where}: ${url} is not under /training/`);
          continue;
        }
        const path = decodeURI(url.slice("/training/".length).replace(/[#?].*$/, ""));
        if (!existsSync(join(site, path === "" || path.endsWith("/") ? `${path}index.html` : path)))
          wrong.push(`${where}: ${url} names no file of the site`);
      }
    }
    expect(wrong).toEqual([]);
    expect(links).toBeGreaterThan(100);
    // Nothing of the coordinator's own disk (the workspace's absolute path) is published.
    const leaks = pages.filter((page) => readFileSync(page, "utf8").includes(temp));
    const data = readdirSync(join(site, "scenarios")).map((id) => join(site, "scenarios", id, "scenario.json"));
    expect([...leaks, ...data.filter((f) => readFileSync(f, "utf8").includes(temp))]).toEqual([]);
    const home = readFileSync(join(site, "index.html"), "utf8");
    expect(home).toContain("<title>Riverside practice</title>");
    expect(home).toContain('<img src="/training/logo.svg"');
    expect(home).toContain("Riverside Peer Support");
    // Only the published scenarios, in the order given.
    expect(readdirSync(join(site, "scenarios")).sort()).toEqual(["the-screenshot", "what-stays-in-the-circle"]);
    expect(home.indexOf("/training/scenarios/the-screenshot/")).toBeLessThan(
      home.indexOf("/training/scenarios/what-stays-in-the-circle/"),
    );
    const manifest = JSON.parse(readFileSync(join(site, "manifest.webmanifest"), "utf8"));
    expect([manifest.start_url, manifest.scope]).toEqual(["/training/", "/training/"]);
    // The accent colour reaches the stylesheet; the islands fetch under the base too.
    const assets = readdirSync(join(site, "_astro"));
    const css = assets.filter((n) => n.endsWith(".css")).map((n) => readFileSync(join(site, "_astro", n), "utf8"));
    expect(css.some((text) => text.includes("#8a3b12"))).toBe(true);
    const js = assets.filter((n) => n.endsWith(".js")).map((n) => readFileSync(join(site, "_astro", n), "utf8"));
    expect(js.some((text) => text.includes("/training/scenarios/"))).toBe(true);
    expect(js.filter((text) => /["'`]\/(scenarios|support|progress|assess)\//.test(text))).toEqual([]);
  });
});
