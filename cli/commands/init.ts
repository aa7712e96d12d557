/**
 * `rehearse init [dir]`: a workspace for a group. Its code of ethics and
 * support page, the bundled library (all of it, `--pick`ed scenarios, or none
 * with `--empty`), `rehearse.config.json`, a README for the coordinator, a
 * `.gitignore` and a `package.json` that depends on rehearse. Writes into an
 * empty folder only, unless `--force`; never overwrites a file, even then.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { closest } from "../../engine/compile/frontmatter.ts";
import { CODE_FILE, displayPath, SUPPORT_FILE } from "../../engine/load.ts";
import { UsageError } from "../args.ts";
import type { Io } from "../io.ts";
import { styles } from "../io.ts";
import { terminalSafe } from "../render/terminal-safe.ts";

export type InitOptions = { readonly empty: boolean; readonly pick?: string | undefined; readonly force: boolean };

/** This package's folder: its bundled library is in scenarios/ there. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "scenarios", CODE_FILE))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new UsageError("the bundled library was not found beside this copy of rehearse");
    dir = up;
  }
}

/** "riverside-peers" → "Riverside peers". */
const groupName = (folder: string) => {
  const words = folder.replace(/[-_.]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : "Our group";
};

/** A package name npm accepts, from the folder's name. */
const packageName = (folder: string) =>
  folder
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "") || "our-group-training";

export function runInit(dirArg: string | undefined, options: InitOptions, io: Io): number {
  if (options.empty && options.pick !== undefined) throw new UsageError("--empty and --pick cannot go together");
  const target = resolve(dirArg ?? ".");
  if (existsSync(target) && !statSync(target).isDirectory())
    throw new UsageError(`${displayPath(target)} is a file; give a folder for the workspace`);
  const present = existsSync(target) ? readdirSync(target).filter((n) => n !== ".git") : [];
  if (present.length > 0 && !options.force) {
    io.err(
      `rehearse init: ${terminalSafe(displayPath(target) || ".")} is not empty (${present.length} item${present.length === 1 ? "" : "s"}: ${terminalSafe(present.slice(0, 3).join(", "))}${present.length > 3 ? ", …" : ""}).\nChoose a new folder, e.g. \`rehearse init my-group\`, or add --force to add only the files that are missing (nothing is overwritten).\n`,
    );
    return 1;
  }
  const root = packageRoot();
  const library = join(root, "scenarios");
  const bundled = readdirSync(library)
    .filter((n) => n.endsWith(".mdx") && n !== CODE_FILE && n !== SUPPORT_FILE)
    .map((n) => n.slice(0, -4))
    .sort();
  let ids = options.empty ? [] : bundled;
  if (options.pick !== undefined) {
    ids = options.pick
      .split(",")
      .map((id) => id.trim().replace(/\.mdx$/, ""))
      .filter(Boolean);
    if (ids.length === 0)
      throw new UsageError("--pick takes scenario ids separated by commas, e.g. --pick the-empty-chair,the-screenshot");
    for (const id of ids)
      if (!bundled.includes(id)) {
        const near = closest(id, bundled);
        throw new UsageError(
          `no bundled scenario "${id}"${near ? ` (did you mean "${near}"?)` : ""}; \`rehearse list --dir ${relative(process.cwd(), library) || "."}\` shows them`,
        );
      }
  }
  const folder = basename(target);
  const files: [string, string][] = [
    [join("scenarios", CODE_FILE), readFileSync(join(library, CODE_FILE), "utf8")],
    [join("scenarios", SUPPORT_FILE), readFileSync(join(library, SUPPORT_FILE), "utf8")],
    ...ids.map((id): [string, string] => [
      join("scenarios", `${id}.mdx`),
      readFileSync(join(library, `${id}.mdx`), "utf8"),
    ]),
    ["rehearse.config.json", config(groupName(folder))],
    ["README.md", readme(groupName(folder))],
    [".gitignore", "node_modules/\ndist/\n.astro/\n"],
    ["package.json", packageJson(packageName(folder), dependency(root, target))],
  ];
  const s = styles(io.color);
  const written: string[] = [];
  const kept: string[] = [];
  mkdirSync(join(target, "scenarios"), { recursive: true });
  for (const [name, text] of files) {
    const path = join(target, name);
    try {
      // "wx": created here or not at all, so an existing file (or a link planted in its place) is never written through.
      writeFileSync(path, text, { flag: "wx" });
      written.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      kept.push(name);
    }
  }
  const where = displayPath(target) || ".";
  io.out(
    `${s.green("✓")} a workspace for ${terminalSafe(groupName(folder))} in ${terminalSafe(where)}: ${ids.length} scenario${ids.length === 1 ? "" : "s"}, the code of ethics, the support page, rehearse.config.json, README.md\n`,
  );
  if (kept.length) io.out(`  kept as they were (not overwritten): ${terminalSafe(kept.join(", "))}\n`);
  const cd =
    where === "." ? "" : `  cd ${/^[\w./@%+=:,-]+$/.test(where) ? where : `'${where.replace(/'/g, "'\\''")}'`}\n`;
  io.out(
    `\nNext:\n${cd}  npm install          # once: fetches rehearse and the site's tools\n  npm run dev          # the site on this computer, at http://localhost:4321\n  npm run check        # every scenario and the code, checked\n  npm run build        # the site in dist/, ready to publish\n\nStart with README.md, then scenarios/support.mdx: fill in your own contacts before you share the site.\n`,
  );
  return 0;
}

function config(group: string): string {
  return `${JSON.stringify(
    {
      $schema: "./node_modules/rehearse/schemas/rehearse.config.schema.json",
      group,
      site: {
        title: `${group}: practise our code`,
        description: "Practise our code of ethics in short branching scenarios.",
        lang: "en",
        base: "/",
      },
      cohort: { minimumGroup: 5 },
    },
    null,
    2,
  )}\n`;
}

/**
 * How the workspace depends on rehearse: the installed version's range, or, run from a checkout (rehearse is
 * not on the npm registry yet, and the name there belongs to another package), a `file:` path to that checkout.
 */
function dependency(root: string, target: string): string {
  if (root.split(sep).includes("node_modules"))
    return `^${JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version}`;
  return `file:${relative(target, root).split(sep).join("/") || "."}`;
}

function packageJson(name: string, rehearse: string): string {
  return `${JSON.stringify(
    {
      name,
      private: true,
      type: "module",
      scripts: {
        dev: "rehearse dev",
        build: "rehearse build",
        check: "rehearse check",
        room: "rehearse room",
      },
      dependencies: { rehearse },
    },
    null,
    2,
  )}\n`;
}

function readme(group: string): string {
  return `# ${group}: our training site

This folder holds everything for our training site: our code of ethics, our scenarios, and our
support contacts. rehearse turns them into a website where members practise the code on their own,
and into pages for running a scenario with a room.

You edit plain text files. You do not need to know how to program. You need Node.js (22.12 or
newer) installed once, and a terminal (on Windows, PowerShell; on a Mac, Terminal). Open the
terminal in this folder and run \`npm install\` once.

## What is where

| file                     | what it is                                                                          |
| ------------------------ | ----------------------------------------------------------------------------------- |
| \`scenarios/code.mdx\`     | our code of ethics: the principles every scenario is scored against                 |
| \`scenarios/support.mdx\`  | who to contact in an emergency, in a crisis, after a hard session                   |
| \`scenarios/*.mdx\`        | one file per scenario; the file name is the scenario's address on the site          |
| \`rehearse.config.json\`   | our settings: the group's name, the site's title, language, colour, and more        |
| \`dist/\`                  | the finished site, made by \`npm run build\` (do not edit it: it is made again)       |

## 1. Make it ours

- **Support contacts first.** Open \`scenarios/support.mdx\` and replace every line in square
  brackets, such as \`[your local emergency number]\`, with our own contacts. The site says it is
  not filled in until we do. Or leave that page's text as it is and put the contacts in
  \`rehearse.config.json\`, by the id of each \`<Contact>\` (\`emergency\`, \`crisis\`, \`after\`,
  \`everyday\`), such as \`"support": { "crisis": "Our crisis line, 0800 000 000, any time" }\`.
- **The code.** \`scenarios/code.mdx\` is a code many groups start from. Change the wording, add a
  principle or remove one. If you rename a principle's \`id\`, the check below lists every
  scenario that still uses the old one.
- **The settings.** In \`rehearse.config.json\`, set the site's \`title\`, its \`lang\` (the
  language the pages are in, such as \`en\` or \`fr\`) and, if you like, an \`accent\` colour such
  as \`"#2f6f62"\` or a \`logo\` file. \`publish\` lists the scenarios the site shows, if not all.
  Editors such as VS Code explain each setting as you type.
- **Scenarios.** Edit them, delete the ones we do not need, or start a new one with
  \`npx rehearse new our-scenario\`. The site's "Writing scenarios" page explains the format.

## 2. Look at it

\`\`\`shell
npm run dev
\`\`\`

opens the site on this computer at http://localhost:4321 and refreshes it each time you save a
file. Stop it with Ctrl+C. To play one scenario in the terminal while you write it:
\`npx rehearse preview scenarios/our-scenario.mdx\`.

## 3. Check it

\`\`\`shell
npm run check
\`\`\`

lists every problem with the file, line and column, and how to fix it. Errors must be fixed before
the site can be built; warnings are advice.

## 4. Build it

\`\`\`shell
npm run build
\`\`\`

checks everything, then writes the whole site to \`dist/\`. Nothing else is needed to run it: it
is plain files.

## 5. Publish it

Upload the contents of \`dist/\` to any web host that serves static files: a folder on your
organisation's web server, GitHub Pages, Netlify, or similar. If the site will live under a
sub-path, such as \`https://example.org/training/\`, first set \`"base": "/training/"\` in
\`rehearse.config.json\`, then build again. The site keeps trainees' answers in their own browser
and sends nothing anywhere.

## Running a workshop

\`npm run room -- the-scenario-id\` starts a session on this computer: a projector view for the
room, and a page where people vote from their phones on the same Wi-Fi. The site's "Workshops" page
explains how to run one.
`;
}
