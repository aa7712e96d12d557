import type { Rule } from "../context.ts";

export const noEnding: Rule = {
  id: "no-ending",
  severity: "error",
  description: "The scenario has no `<Ending>`.",
  applies: "scenario",
  check(context, report) {
    if (context.draft.nodes.some((n) => n.kind === "ending")) return;
    const last = context.draft.nodes.at(-1);
    report(
      last ? { line: last.position.endLine ?? last.position.line, column: 1 } : { line: 1, column: 1 },
      'Unexpected scenario without an ending, expected at least one `<Ending id="…" tone="…">`',
    );
  },
};
