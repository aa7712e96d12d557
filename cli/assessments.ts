/**
 * The terminal's self-assessments, one JSON list beside the saved runs
 * (`$XDG_STATE_HOME/rehearse/assessments.json`, default
 * `~/.local/state/rehearse/assessments.json`). Damaged files are moved aside,
 * never deleted, as saves are (cli/saves.ts); the answers themselves are read
 * and kept by engine/assessment.ts, as on the site.
 */
import { mkdirSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseAssessmentList, withAssessment } from "../engine/assessment.ts";
import { formatBytes, readTextFile } from "../engine/read-file.ts";
import type { Assessment } from "../engine/training-record.ts";
import { stateDir, writeAtomically } from "./saves.ts";

/** Fifty assessments are a few KB. */
const MAX_BYTES = 1024 * 1024;

export const assessmentsFile = (env: Readonly<Record<string, string | undefined>> = process.env) =>
  join(dirname(stateDir(env)), "assessments.json");

export type LoadedAssessments = {
  readonly assessments: Assessment[];
  /** What was wrong with the file, and where it went (null: it could not be moved). */
  readonly problem?: { readonly error: string; readonly movedTo: string | null };
};

export function loadAssessments(file: string): LoadedAssessments {
  const read = readTextFile(file, MAX_BYTES);
  switch (read.kind) {
    case "missing":
      return { assessments: [] };
    case "not-a-file":
      return setAside(file, `it is ${read.what}, not a file`, []);
    case "too-large":
      return setAside(file, `it is larger than ${formatBytes(MAX_BYTES)}`, []);
    case "unreadable":
      return setAside(file, `it cannot be read (${read.message})`, []);
    case "text": {
      const parsed = parseAssessmentList(read.text);
      return parsed.error === undefined
        ? { assessments: parsed.assessments }
        : setAside(file, parsed.error, parsed.assessments);
    }
  }
}

function setAside(file: string, error: string, kept: Assessment[]): LoadedAssessments {
  const movedTo = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  try {
    renameSync(file, movedTo);
    return { assessments: kept, problem: { error, movedTo } };
  } catch {
    return { assessments: kept, problem: { error, movedTo: null } };
  }
}

/** Adds an assessment and writes the list atomically (temp file, then rename; the temp file created exclusively). */
export function saveAssessmentFile(file: string, list: readonly Assessment[], assessment: Assessment): Assessment[] {
  const next = withAssessment(list, assessment);
  mkdirSync(dirname(file), { recursive: true });
  writeAtomically(file, `${JSON.stringify(next, null, 2)}\n`);
  return next;
}
