import type { Diagnostic } from "../diagnostics.ts";
import { diagnostic } from "../diagnostics.ts";
import type { RuleContext } from "./context.ts";
import { rules } from "./rules/index.ts";

/**
 * Rules that judge one element on its own, so they can run on the elements of a file that does not parse
 * as a whole; the others (targets, reachability, endings, flags) would report the missing elements.
 */
export const LOCAL_RULES: ReadonlySet<string> = new Set([
  "control-character",
  "invalid-name",
  "unknown-component",
  "inline-component",
  "esm-not-allowed",
  "expression-not-allowed",
  "invalid-attribute",
  "missing-id",
  "unknown-principle",
  "score-range",
  "empty-choice",
  "missing-alt",
  "remote-image",
  "unsafe-url",
  "missing-feedback",
  "unscored-choice",
]);

/** Runs every rule that applies to this kind of file; a rule that fails is itself reported, never thrown. */
export function runRules(
  context: RuleContext,
  kind: "scenario" | "code" | "support",
  only?: ReadonlySet<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    if (rule.applies !== "both" && rule.applies !== kind) continue;
    if (only && !only.has(rule.id)) continue;
    try {
      rule.check(context, (position, message, help) =>
        out.push(diagnostic(context.file, position, rule.severity, rule.id, message, help)),
      );
    } catch (error) {
      out.push(
        diagnostic(
          context.file,
          { line: 1, column: 1 },
          "error",
          rule.id,
          `Internal error in rule \`${rule.id}\`: ${String(error)}`,
        ),
      );
    }
  }
  return out;
}
