/**
 * Saved terminal runs, one JSON file per scenario under the XDG state folder
 * (`$XDG_STATE_HOME/rehearse/runs`, default `~/.local/state/rehearse/runs`).
 * Corrupt files are moved aside, never deleted, and never crash the player.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { RunRecord } from "../engine/record.ts";
import { parseRunRecord } from "../engine/record.ts";

export function stateDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const base = env.XDG_STATE_HOME?.trim() || join(homedir(), ".local", "state");
  return join(base, "rehearse", "runs");
}

export type LoadedSave =
  | { readonly kind: "none" }
  | { readonly kind: "found"; readonly record: RunRecord; readonly file: string }
  | { readonly kind: "corrupt"; readonly error: string; readonly movedTo: string };

export function saveFile(dir: string, scenarioId: string): string {
  return join(dir, `${scenarioId}.json`);
}

export function loadSave(dir: string, scenarioId: string): LoadedSave {
  const file = saveFile(dir, scenarioId);
  if (!existsSync(file)) return { kind: "none" };
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return setAside(file, `it cannot be read (${(error as Error).message})`);
  }
  const parsed = parseRunRecord(text);
  if (!parsed.ok) return setAside(file, parsed.error);
  return { kind: "found", record: parsed.record, file };
}

function setAside(file: string, error: string): LoadedSave {
  const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  try {
    renameSync(file, movedTo);
  } catch {
    // Leave it where it is; the next save overwrites nothing but this scenario's own file.
  }
  return { kind: "corrupt", error, movedTo };
}

/** Writes atomically (temp file, then rename), so a Ctrl+C mid-write never leaves half a file. */
export function writeSave(dir: string, record: RunRecord): string {
  mkdirSync(dir, { recursive: true });
  const file = saveFile(dir, record.scenario);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temp, file);
  return file;
}
