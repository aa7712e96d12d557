/**
 * The audit's thresholds from `rehearse.config.json` (the `audit` object; the
 * rest of the file is read by engine/workspace-config.ts, which reads this too):
 *
 *     { "audit": { "guessable-order": 40, "few-tradeoffs": 2, "guessable-path": false } }
 *
 * Every problem is a positioned `config` error (line and column in the JSON),
 * never an exception.
 */
import type { AuditThresholds } from "./audit.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { parseWorkspaceConfig } from "./workspace-config.ts";

export { CONFIG_FILE } from "./workspace-config.ts";

export type Config = { readonly audit: AuditThresholds };

/** Reads a config file's text for its audit thresholds; `file` is the path shown in messages. */
export function parseConfig(text: string, file: string): { value?: Config; diagnostics: Diagnostic[] } {
  const { value, diagnostics } = parseWorkspaceConfig(text, file);
  return value ? { value: { audit: value.audit }, diagnostics } : { diagnostics };
}
