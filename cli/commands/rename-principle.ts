import { closeSync, openSync, readSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { formatDiagnostic } from "../../engine/diagnostics.ts";
import { CODE_FILE, displayPath, LoadError, readCode, SUPPORT_FILE, scenarioListing } from "../../engine/load.ts";
import { pathKind, readSourceFile } from "../../engine/read-file.ts";
import type { PrincipleFixPlan, RenameClash, TextEdit } from "../../engine/rename-principle.ts";
import { applyEdits, planPrincipleFix, renameEdits, scoreKeys } from "../../engine/rename-principle.ts";
import type { Io } from "../io.ts";
import { styles } from "../io.ts";
import { terminalSafe } from "../render/terminal-safe.ts";
import { writeAtomically } from "../saves.ts";

/**
 * `rehearse check --fix` and `--rename-principle old=new`: when a group renames a principle in its
 * code of ethics, its scenarios' scores follow. The engine says which keys change where
 * (`engine/rename-principle.ts`); this writes the files, each whole or not at all, and says what changed.
 */

export type RenameRequest = { readonly explicit?: readonly (readonly [string, string])[]; readonly dryRun: boolean };

/** `old=new` or `old=new,old2=new2`; undefined when malformed (a usage error). */
export function parseRenames(text: string): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  for (const part of text.split(",")) {
    const match = /^\s*([^=\s]+)\s*=\s*([^=\s]+)\s*$/.exec(part);
    if (!match?.[1] || !match[2]) return undefined;
    pairs.push([match[1], match[2]]);
  }
  return pairs;
}

type Group = { codeFile: string; files: string[] };
type Source = { file: string; text: string; bom: boolean };

const BOM = "\uFEFF";

/** Whether the file starts with a UTF-8 byte order mark (readSourceFile drops it; the rewrite keeps it). */
function startsWithBom(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    const head = Buffer.alloc(3);
    return readSync(fd, head, 0, 3, 0) === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  } finally {
    closeSync(fd);
  }
}

/** The scenarios to rename in, grouped by the code of ethics they are checked against (as `check` does). */
function groups(paths: readonly string[], codeOverride: string | undefined): Group[] {
  const byCode = new Map<string, Group>();
  const seen = new Set<string>();
  for (const path of paths) {
    const kind = pathKind(path);
    if (kind === "missing") throw new LoadError(`No such file or folder: ${displayPath(path)}`);
    const isDir = typeof kind === "object" && kind.what === "a folder";
    if (typeof kind === "object" && !isDir)
      throw new LoadError(`${displayPath(path)} is ${kind.what}, expected an .mdx file or a folder`);
    if (!isDir && (basename(path) === CODE_FILE || basename(path) === SUPPORT_FILE)) continue;
    const codeFile = codeOverride ?? join(isDir ? path : dirname(path), CODE_FILE);
    let group = byCode.get(resolve(codeFile));
    if (!group) {
      group = { codeFile, files: [] };
      byCode.set(resolve(codeFile), group);
    }
    for (const file of isDir ? scenarioListing(path).files : [path]) {
      if (seen.has(resolve(file))) continue;
      seen.add(resolve(file));
      group.files.push(file);
    }
  }
  return [...byCode.values()];
}

/**
 * Renames principles in scores across the scenarios at `paths`; returns the exit status when the command
 * should stop there (a dry run, or a rename it refused), or undefined to go on and check.
 */
export function renamePrinciples(
  paths: readonly string[],
  codeOverride: string | undefined,
  request: RenameRequest,
  io: Io,
): number | undefined {
  const s = styles(io.color);
  let changedFiles = 0;
  let renamed = 0;
  let problems = 0;
  for (const group of groups(paths, codeOverride)) {
    const code = readCode(group.codeFile);
    if (!code.value) {
      for (const d of code.diagnostics) if (d.severity === "error") io.err(`${terminalSafe(formatDiagnostic(d))}\n`);
      io.err(
        `rehearse: the code of ethics ${terminalSafe(displayPath(group.codeFile))} has errors: fix it first, then rename principles\n`,
      );
      return 1;
    }
    const principles = code.value.principles.map((p) => p.id);
    const sources: Source[] = [];
    for (const file of group.files) {
      // Strictly UTF-8: a Latin-1 file read as text and written back would lose its accented letters.
      const read = readSourceFile(file);
      if (read.kind === "encoding") {
        problems++;
        io.err(
          `${s.yellow("!")} ${terminalSafe(displayPath(file))}: left as it is, it is ${read.encoding}, not UTF-8\n`,
        );
      }
      if (read.kind !== "text") continue; // `check` says why it cannot be read
      sources.push({ file, text: read.text, bom: startsWithBom(file) });
    }
    const scored = scoredNames(sources);
    const plan = request.explicit
      ? explicitPlan(request.explicit, principles, group.codeFile, io)
      : planPrincipleFix(principles, scored);
    if (!plan) return 1;
    // Asked for by name but scored nowhere (renamed already, or a typo): said once, not looked for.
    const renames = new Map([...plan.renames].filter(([from]) => scored.has(from)));
    for (const [from] of plan.renames)
      if (!renames.has(from)) io.out(`No scenario scores \`${terminalSafe(from)}\`: nothing to rename.\n`);
    for (const r of plan.refused) {
      problems++;
      io.err(
        `${s.red("✗")} \`${terminalSafe(r.key)}\` left as it is: ${terminalSafe(r.reason)}\n  rename it yourself: rehearse check --rename-principle ${terminalSafe(r.key)}=<principle>\n`,
      );
    }
    if (renames.size === 0) {
      if (plan.refused.length === 0 && !request.explicit)
        io.out("No principle to rename: every score names a principle of the code.\n");
      continue;
    }
    const arrows = [...renames].map(([from, to]) => `\`${from}\` → \`${to}\``).join(", ");
    io.out(
      `${request.dryRun ? "Would rename" : "Renaming"} ${terminalSafe(arrows)} in scores (the code: ${terminalSafe(displayPath(group.codeFile))})\n`,
    );
    let found = 0;
    for (const source of sources) {
      const { edits, clashes, unparsed } = renameEdits(source.text, renames);
      const where = terminalSafe(displayPath(source.file));
      if (unparsed) {
        // Only files that score an old name are worth a word.
        if ([...renames.keys()].some((k) => source.text.includes(k))) {
          problems++;
          io.err(`${s.yellow("!")} ${where}: left as it is, it does not parse (run rehearse check ${where})\n`);
        }
        continue;
      }
      for (const c of clashes) {
        problems++;
        io.err(`${s.yellow("!")} ${where}:${clashText(c)}\n`);
      }
      if (edits.length === 0) continue;
      found += edits.length;
      changedFiles++;
      renamed += edits.length;
      if (request.dryRun) for (const e of edits) io.out(`  ${where}:${editText(e)}\n`);
      else {
        writeAtomically(source.file, (source.bom ? BOM : "") + applyEdits(source.text, edits));
        io.out(`  ${where}: ${edits.length} score${edits.length === 1 ? "" : "s"}\n`);
      }
    }
    if (found === 0) io.out("  nothing changed (see above)\n");
  }
  const files = `${changedFiles} file${changedFiles === 1 ? "" : "s"}`;
  const scores = `${renamed} score${renamed === 1 ? "" : "s"}`;
  if (request.dryRun) {
    io.out(`Dry run: ${files} would change (${scores}); nothing was written.\n`);
    return problems > 0 ? 1 : 0;
  }
  if (renamed > 0) io.out(`${s.green("✓")} ${files} changed, ${scores} renamed.\n`);
  return undefined;
}

function scoredNames(sources: readonly Source[]): Map<string, number> {
  const scored = new Map<string, number>();
  for (const source of sources)
    for (const k of scoreKeys(source.text) ?? []) scored.set(k.key, (scored.get(k.key) ?? 0) + 1);
  return scored;
}

/** The author's own renames, checked against the code: undefined (after saying why) when one cannot be made. */
function explicitPlan(
  pairs: readonly (readonly [string, string])[],
  principles: readonly string[],
  codeFile: string,
  io: Io,
): PrincipleFixPlan | undefined {
  const code = terminalSafe(displayPath(codeFile));
  for (const [from, to] of pairs) {
    if (!principles.includes(to)) {
      io.err(
        `rehearse: cannot rename \`${terminalSafe(from)}\` to \`${terminalSafe(to)}\`: ${code} has no principle \`${terminalSafe(to)}\` (it has ${principles.map((p) => `\`${p}\``).join(", ")}).\n  Rename the principle in the code first, then its scores.\n`,
      );
      return undefined;
    }
    if (principles.includes(from)) {
      io.err(
        `rehearse: cannot rename \`${terminalSafe(from)}\`: it is still a principle of ${code}. Rename it there first (its <Principle id="…">), then its scores.\n`,
      );
      return undefined;
    }
  }
  return { renames: new Map(pairs), refused: [] };
}

const editText = (e: TextEdit) => `${e.line}:${e.column}  ${e.old} → ${e.new}`;
const clashText = (c: RenameClash) =>
  `${c.line}:${c.column}: left as it is, this choice scores both \`${c.old}\` and \`${c.new}\`: merge them by hand`;
