import { attributeText } from "../../compile/attributes.ts";
import { scenarioIdOf } from "../../compile/compile-scenario.ts";
import { readFrontmatter, SCENARIO_FIELDS, toList } from "../../compile/frontmatter.ts";
import { isUrlName, RESERVED_NAMES } from "../../library.ts";
import type { Rule } from "../context.ts";

const EXPECTED = "expected letters, digits, `-` and `_` only, starting with a letter or digit";

export const invalidName: Rule = {
  id: "invalid-name",
  severity: "error",
  description:
    "A scenario file name, audience or tag that cannot be part of a web address on the site (`../x`, `a#b`, `all`).",
  applies: "both",
  check(context, report) {
    if (context.vocabulary.Principle) {
      for (const { node } of context.nodes) {
        if (node.type !== "mdxJsxFlowElement" || node.name !== "Principle") continue;
        const id = attributeText(node, "id");
        if (id !== undefined && RESERVED_NAMES.has(id))
          report(
            context.attributePosition(node, "id"),
            `Unexpected principle id \`${id}\`, expected another word: the site's filters use \`${id}\` for every principle`,
          );
      }
      return;
    }
    const base = context.file.split(/[\\/]/).pop() ?? context.file;
    const id = scenarioIdOf(context.file);
    if (!isUrlName(id)) {
      report(
        { line: 1, column: 1 },
        `Unexpected file name \`${base}\`, ${EXPECTED}: the name is the scenario's web address (\`/scenarios/<name>/\`)`,
      );
    }
    const front = readFrontmatter(context.tree, SCENARIO_FIELDS);
    for (const field of ["audience", "tags"] as const) {
      const position = front.positions[field];
      if (!position) continue;
      for (const value of toList(front.data[field])) {
        if (!isUrlName(value))
          report(position, `Unexpected ${field === "tags" ? "tag" : field} \`${value}\`, ${EXPECTED}`);
        else if (field === "audience" && RESERVED_NAMES.has(value))
          report(
            position,
            `Unexpected audience \`${value}\`, expected another word: the site's filters use \`${value}\` for everyone`,
          );
      }
    }
  },
};
