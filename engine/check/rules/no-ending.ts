import type { Rule } from "../context.ts";

export const noEnding: Rule = {
  id: "no-ending",
  severity: "error",
  description: "The scenario has no `<Ending>` (or no scene at all).",
  applies: "scenario",
  check(context, report) {
    if (context.draft.nodes.some((n) => n.kind === "ending")) return;
    if (!context.draft.nodes.some((n) => n.kind === "scene")) {
      // An empty file, or one with neither: the frontmatter rule reports an empty file on its own.
      if (context.source.trim() === "") return;
      report(
        { line: 1, column: 1 },
        'Unexpected scenario without scenes or endings, expected at least one `<Scene id="…">` and one `<Ending id="…" tone="…">`',
      );
      return;
    }
    const last = context.draft.nodes.at(-1);
    report(
      last ? { line: last.position.endLine ?? last.position.line, column: 1 } : { line: 1, column: 1 },
      'Unexpected scenario without an ending, expected at least one `<Ending id="…" tone="…">`',
    );
  },
};
