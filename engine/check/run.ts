import type { Diagnostic } from "../diagnostics.ts";
import { diagnostic } from "../diagnostics.ts";
import type { RuleContext } from "./context.ts";
import { rules } from "./rules/index.ts";

/** Runs every rule that applies to this kind of file; a rule that fails is itself reported, never thrown. */
export function runRules(context: RuleContext, kind: "scenario" | "code" | "support"): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    if (rule.applies !== "both" && rule.applies !== kind) continue;
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
