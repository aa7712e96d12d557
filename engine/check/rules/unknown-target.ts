import { findAttribute } from "../../compile/attributes.ts";
import { closest } from "../../compile/frontmatter.ts";
import type { Rule } from "../context.ts";

export const unknownTarget: Rule = {
  id: "unknown-target",
  severity: "error",
  description: "A choice's `to`, or the frontmatter's `start`, names no scene or ending.",
  applies: "scenario",
  check(context, report) {
    const { draft } = context;
    const ids = [...draft.byId.keys()];
    const suggest = (id: string) => {
      const near = closest(id, ids);
      return near ? `, expected \`${near}\`` : ", expected the id of a scene or ending in this file";
    };
    const help = (id: string) => {
      const near = closest(id, ids);
      return near ? `did you mean \`${near}\`?` : undefined;
    };
    const start = context.start;
    if (start?.fromFrontmatter) {
      const target = draft.byId.get(start.id);
      if (!target) report(start.position, `Unexpected start \`${start.id}\`${suggest(start.id)}`, help(start.id));
      else if (target.kind !== "scene")
        report(start.position, `Unexpected start \`${start.id}\`, which is an ending, expected a scene`);
    }
    for (const scene of draft.nodes) {
      for (const choice of scene.choices) {
        // `to={…}` is there but not a plain string: `invalid-attribute` says so, once.
        if (choice.to === undefined) {
          if (!findAttribute(choice.node, "to"))
            report(choice.position, 'Unexpected `<Choice>` without `to`, expected to="…" naming a scene or ending');
        } else if (!draft.byId.has(choice.to)) {
          report(
            context.attributePosition(choice.node, "to"),
            `Unexpected target \`${choice.to}\`${suggest(choice.to)}`,
            help(choice.to),
          );
        }
      }
    }
  },
};
