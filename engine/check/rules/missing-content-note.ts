import { toList } from "../../compile/frontmatter.ts";
import type { Rule } from "../context.ts";

/**
 * Tags that mark heavy content: a scenario tagged with one of these needs a
 * `contentNote`, so a trainee knows what is coming and where support is before
 * the run starts. The one list: the rule, its message and the guide read it.
 */
export const HEAVY_THEMES: readonly string[] = [
  "risk",
  "suicide",
  "self-harm",
  "abuse",
  "domestic-abuse",
  "child-abuse",
  "sexual-violence",
  "violence",
  "harm-to-others",
  "panic",
  "crisis",
  "safeguarding",
  "bereavement",
  "addiction",
  "eating-disorder",
];

const HEAVY = new Set(HEAVY_THEMES);

export const missingContentNote: Rule = {
  id: "missing-content-note",
  severity: "warning",
  description: `A scenario tagged with a heavy theme (${HEAVY_THEMES.map((t) => `\`${t}\``).join(", ")}) that has no \`contentNote\` to tell the trainee before the run starts.`,
  applies: "scenario",
  check(context, report) {
    const front = context.frontmatter;
    if (!front) return;
    const heavy = toList(front.data.tags).filter((tag) => HEAVY.has(tag.toLowerCase()));
    const note = front.data.contentNote;
    if (heavy.length === 0 || (typeof note === "string" && note.trim() !== "")) return;
    report(
      front.positions.tags ?? { line: 1, column: 1 },
      `Unexpected heavy theme${heavy.length === 1 ? "" : "s"} ${heavy.map((t) => `\`${t}\``).join(", ")} without a \`contentNote\`, expected a \`contentNote:\` in the frontmatter naming what the scenario touches (the site and the terminal show it before the run, with the group's support contacts)`,
    );
  },
};
