/**
 * Saved terminal runs, one JSON file per scenario under the XDG state folder
 * (`$XDG_STATE_HOME/rehearse/runs`, default `~/.local/state/rehearse/runs`), named by the scenario's
 * id and a hash of its file's path (`<id>.<hash>.json`; older saves are `<id>.json`, still read).
 * Corrupt files are moved aside, never deleted, and never crash the player;
 * a FIFO or a folder at a save's path is set aside too, never read or followed.
 */
import { mkdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { contentHash } from "../engine/hash.ts";
import { formatBytes, pathKind, readTextFile } from "../engine/read-file.ts";
import type { RunRecord } from "../engine/record.ts";
import { parseRunRecord } from "../engine/record.ts";

/** A run record is a few KB; anything near this is not one. */
const MAX_SAVE_BYTES = 1024 * 1024;

export function stateDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const base = env.XDG_STATE_HOME?.trim() || join(homedir(), ".local", "state");
  return join(base, "rehearse", "runs");
}

export type LoadedSave =
  | { readonly kind: "none" }
  | { readonly kind: "found"; readonly record: RunRecord; readonly file: string }
  /** `movedTo` is null when the file could not be moved aside either. */
  | { readonly kind: "corrupt"; readonly error: string; readonly movedTo: string | null };

/**
 * A save's file: keyed by the scenario's id and, given `where` (the scenario file's absolute path), by
 * that too, so two libraries with a scenario of the same id never share a save. Without `where`, the
 * id alone: the name saves had before, still read.
 */
export function saveFile(dir: string, scenarioId: string, where?: string): string {
  return join(
    dir,
    where === undefined ? `${scenarioId}.json` : `${scenarioId}.${contentHash(where).slice(0, 12)}.json`,
  );
}

export function loadSave(dir: string, scenarioId: string, where?: string): LoadedSave {
  const keyed = saveFile(dir, scenarioId, where);
  // A save from before saves were keyed by place is still this scenario's, until its first new save.
  const file = where !== undefined && pathKind(keyed) === "missing" ? saveFile(dir, scenarioId) : keyed;
  const read = readTextFile(file, MAX_SAVE_BYTES);
  switch (read.kind) {
    case "missing":
      return { kind: "none" };
    case "not-a-file":
      return setAside(file, `it is ${read.what}, not a file`);
    case "too-large":
      return setAside(file, `it is larger than ${formatBytes(MAX_SAVE_BYTES)}`);
    case "unreadable":
      return setAside(file, `it cannot be read (${read.message})`);
    case "text": {
      const parsed = parseRunRecord(read.text);
      if (!parsed.ok) return setAside(file, parsed.error);
      return { kind: "found", record: parsed.record, file };
    }
  }
}

function setAside(file: string, error: string): LoadedSave {
  const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  try {
    renameSync(file, movedTo);
    return { kind: "corrupt", error, movedTo };
  } catch {
    // Leave it where it is; the next save replaces nothing but this scenario's own file.
    return { kind: "corrupt", error, movedTo: null };
  }
}

/**
 * Writes atomically (temp file, then rename), so a Ctrl+C mid-write never leaves half a file.
 * The temp file is created exclusively ("wx"): a link planted at its name is never followed.
 * Throws when the save could not be written.
 */
export function writeSave(dir: string, record: RunRecord, where?: string): string {
  mkdirSync(dir, { recursive: true });
  const file = saveFile(dir, record.scenario, where);
  writeAtomically(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

/**
 * Writes a file whole or not at all: a temp file created exclusively (never through a link), then
 * renamed over the target. Throws when it cannot be written.
 */
export function writeAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // Left over from an earlier crash of this same process id (or planted): remove the name, never follow it.
    unlinkSync(temp);
    writeFileSync(temp, text, { flag: "wx" });
  }
  renameSync(temp, file);
}
