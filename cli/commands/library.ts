import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatDiagnostic } from "../../engine/diagnostics.ts";
import { CODE_FILE, displayPath, LoadError, loadLibrary, readCode } from "../../engine/load.ts";
import type { Code } from "../../engine/model.ts";
import { pathKind, readTextFile } from "../../engine/read-file.ts";
import { UsageError } from "../args.ts";
import type { Io } from "../io.ts";
import { styles } from "../io.ts";
import { principleName } from "../render/scores.ts";
import { terminalJson, terminalSafe } from "../render/terminal-safe.ts";
import { wrap } from "../render/text.ts";

/** `rehearse list`: the library with title, summary, content note, minutes, audience, principles, scenes and endings. */
export function runList(dir: string, codeFile: string | undefined, json: boolean, io: Io): number {
  const library = loadLibrary(dir, codeFile);
  for (const k of library.skipped) io.err(`rehearse: skipped ${terminalSafe(k.file)}: ${terminalSafe(k.reason)}\n`);
  const rows = library.scenarios.map(({ file, result }) => {
    const s = result.value;
    if (!s) return { file, errors: result.diagnostics.filter((d) => d.severity === "error").length };
    return {
      id: s.id,
      file,
      title: s.title,
      summary: s.summary,
      contentNote: s.contentNote ?? null,
      minutes: s.minutes ?? null,
      audience: s.audience,
      principles: s.principles,
      scenes: s.scenes.length,
      endings: s.endings.length,
    };
  });
  if (json) {
    io.out(terminalJson(rows));
    return rows.some((r) => "errors" in r) ? 1 : 0;
  }
  const s = styles(io.color);
  const code = library.code.value;
  const name = (id: string) => (code ? principleName(code, id) : terminalSafe(id));
  for (const row of rows) {
    if ("errors" in row) {
      io.out(
        `${s.red("✗")} ${terminalSafe(row.file)}  ${s.red(`${row.errors} error${row.errors === 1 ? "" : "s"}`)} (run rehearse check)\n\n`,
      );
      continue;
    }
    io.out(`${s.bold(terminalSafe(row.title))}  ${s.dim(terminalSafe(row.id))}\n`);
    // What it is about and what it touches on: a facilitator picks a scenario by these.
    const width = Math.max(40, Math.min(io.columns, 100) - 1);
    for (const line of wrap(terminalSafe(row.summary), width, "  ")) io.out(`${line}\n`);
    if (row.contentNote)
      for (const line of wrap(`${s.yellow("Content note:")} ${terminalSafe(row.contentNote)}`, width, "  "))
        io.out(`${line}\n`);
    const facts = [
      row.minutes ? `${row.minutes} min` : "",
      terminalSafe(row.audience.join(", ")),
      `${row.scenes} scene${row.scenes === 1 ? "" : "s"}`,
      `${row.endings} ending${row.endings === 1 ? "" : "s"}`,
    ].filter(Boolean);
    io.out(`  ${facts.join(" · ")}\n  ${s.dim(row.principles.map(name).join(", "))}\n\n`);
  }
  io.out(`${rows.length} scenario${rows.length === 1 ? "" : "s"} in ${terminalSafe(displayPath(library.dir))}\n`);
  return rows.some((r) => "errors" in r) ? 1 : 0;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** `rehearse new <id>`: a complete scenario from a template that `check` accepts as it is. */
export async function runNew(
  id: string,
  dir: string,
  codeFile: string | undefined,
  io: Io,
  options: { yes?: boolean; ask?: (question: string) => Promise<string> } = {},
): Promise<number> {
  if (!ID.test(id))
    throw new UsageError(`"${id}" is not a scenario id: use lowercase letters, digits and dashes, e.g. late-again`);
  const folder = pathKind(dir);
  if (typeof folder === "object" && folder.what !== "a folder")
    throw new UsageError(`--dir ${displayPath(dir)} is ${folder.what}, expected a folder`);
  if (folder === "file") throw new UsageError(`--dir ${displayPath(dir)} is a file, expected a folder`);
  const file = join(dir, `${id}.mdx`);
  const exists = () => {
    io.err(`rehearse: ${terminalSafe(displayPath(file))} already exists; choose another id or edit that file\n`);
    return 1;
  };
  if (pathKind(file) !== "missing") return exists();
  const codePath = codeFile ?? join(dir, CODE_FILE);
  let madeCode = false;
  if (codeFile === undefined && pathKind(codePath) === "missing") {
    // A new library: every scenario is scored against a code, so offer the default one rather than stop.
    const source = defaultCode();
    if (source === undefined)
      throw new LoadError(`No code of ethics at ${displayPath(codePath)} (give one with --code <file>)`);
    if (io.isTTY && !options.yes && options.ask) {
      const answer = (
        await options.ask(`There is no ${displayPath(codePath)} yet. Create it with the default code of ethics? [Y/n] `)
      ).trim();
      if (/^n/i.test(answer)) {
        io.err(`rehearse: nothing written; give a code with --code <file>, or write ${displayPath(codePath)} first\n`);
        return 1;
      }
    }
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(codePath, source, { flag: "wx" });
      madeCode = true;
    } catch (error) {
      throw new LoadError(`cannot write ${displayPath(codePath)}: ${(error as Error).message}`);
    }
  }
  const code = readCode(codePath);
  if (!code.value) {
    for (const d of code.diagnostics) io.err(`${terminalSafe(formatDiagnostic(d))}\n`);
    return 1;
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new LoadError(`cannot create the folder ${displayPath(dir)}: ${(error as Error).message}`);
  }
  try {
    // "wx": create, never overwrite and never follow a link (a dangling one included) out of the folder.
    writeFileSync(file, template(id, code.value), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return exists();
    throw new LoadError(`cannot write ${displayPath(file)}: ${(error as Error).message}`);
  }
  const s = styles(io.color);
  // The commands to run next, with every option this one was given.
  const withCode = codeFile === undefined ? "" : ` --code ${quote(displayPath(codeFile))}`;
  const shown = quote(displayPath(file));
  io.out(
    `${madeCode ? `${s.green("✓")} wrote ${displayPath(codePath)}, the default code of ethics: edit it to be your group's own\n` : ""}${s.green("✓")} wrote ${displayPath(file)}\n\nNext:\n  rehearse preview ${shown}${withCode}   # see it played as you edit\n  rehearse check ${shown}${withCode}\n  rehearse play ${id}${dir === "scenarios" ? "" : ` --dir ${quote(displayPath(dir))}`}${withCode}\n`,
  );
  return 0;
}

/** A path as a shell reads it: quoted when it has spaces or shell characters. */
const quote = (path: string) => (/^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`);

/** The bundled code of ethics (`scenarios/code.mdx` of this package), or undefined when it cannot be found. */
function defaultCode(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, "scenarios", CODE_FILE);
    if (existsSync(join(dir, "package.json")) && existsSync(file)) {
      const read = readTextFile(file);
      return read.kind === "text" ? read.text : undefined;
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function template(id: string, code: Code): string {
  const [a, b] = code.principles.map((p) => p.id);
  const first = a ?? "respect";
  const second = b ?? first;
  const title = id.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase());
  return `---
title: ${title}
summary: One or two sentences on the dilemma, for the catalog (at most 280 characters).
audience: peer-support-group
minutes: 10
tags: [draft]
---

<Scene id="opening" title="Where it starts">
Set the scene in a few sentences: where the trainee is, who is there, what just happened.

<Line who="Sam">A line of dialogue sounds like a person talking.</Line>

<Note>A question for the room: what would you want to happen next, and why?</Note>

<Choice to="closer-look" scores={{ ${first}: 2 }} set="asked-first">
A choice the trainee can make, in their own voice.

<Feedback>Why this helps or harms which principle (${first}), in two or three sentences.</Feedback>
</Choice>

<Choice to="closer-look" scores={{ ${second}: 1, ${first}: -1 }}>
A tempting alternative, with a real cost.

<Feedback>What this protects (${second}) and what it costs (${first}).</Feedback>
</Choice>
</Scene>

<Scene id="closer-look" title="What happens next">
<When if="asked-first">
Prose shown only when the trainee asked first.
</When>

The situation develops.

<Choice to="kept-trust" scores={{ ${first}: 1, ${second}: 1 }} if="asked-first">
A choice only open after asking first.

<Feedback>Why it works now, and why it would not have before.</Feedback>
</Choice>

<Choice to="uneasy" scores={{ ${second}: 1 }}>
A middle way.

<Feedback>What it gets right and what it leaves open.</Feedback>
</Choice>

<Choice to="broken" scores={{ ${first}: -2 }}>
The easy way out.

<Feedback>Why it is tempting, and what it costs.</Feedback>
</Choice>
</Scene>

<Ending id="kept-trust" title="Trust kept" tone="positive">
What happened, and what the trainee can take away.
</Ending>

<Ending id="uneasy" title="Unfinished" tone="mixed">
What went well, and what is still open.
</Ending>

<Ending id="broken" title="Trust broken" tone="negative">
What went wrong, without blame, and what might repair it.
</Ending>
`;
}
