import { attributeText } from "../../compile/attributes.ts";
import { scenarioIdOf } from "../../compile/compile-scenario.ts";
import { readFrontmatter, SCENARIO_FIELDS, toList } from "../../compile/frontmatter.ts";
import { isUrlName, RESERVED_NAMES } from "../../library.ts";
import type { Rule } from "../context.ts";

const HAS_ID = new Set(["Scene", "Ending", "Principle", "Contact"]);

/** `café` → `cafe`, `Two words` → `Two-words`: an ASCII spelling to suggest, when there is one. */
function asciiName(id: string): string | undefined {
  const ascii = id
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9_-]+/g, "-")
    .replace(/^[-_]+|-+$/g, "");
  return isUrlName(ascii) ? ascii : undefined;
}

const EXPECTED = "expected letters, digits, `-` and `_` only, starting with a letter or digit";

export const invalidName: Rule = {
  id: "invalid-name",
  severity: "error",
  description:
    "An id, scenario file name, audience or tag that cannot be part of a web address on the site (`café`, `../x`, `a#b`, `all`).",
  applies: "both",
  check(context, report) {
    // Ids name scenes, endings, principles and contacts in web addresses (`#scene-id`), run records and
    // filters: ASCII letters, digits, `-` and `_`, the same names `isUrlName` allows everywhere else.
    for (const { node } of context.elements) {
      if (node.type !== "mdxJsxFlowElement" || !HAS_ID.has(node.name ?? "")) continue;
      const id = attributeText(node, "id");
      if (id === undefined || id.trim() === "" || isUrlName(id)) continue;
      const ascii = asciiName(id);
      report(
        context.attributePosition(node, "id"),
        `Unexpected id \`${id}\`, expected ASCII letters (a–z, A–Z), digits, \`-\` and \`_\` only: the id is part of web addresses and run records`,
        ascii ? `write \`${ascii}\`` : undefined,
      );
    }
    if (context.vocabulary.Principle) {
      for (const { node } of context.elements) {
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
