import { nodePosition } from "../../compile/attributes.ts";
import { parseLiteral } from "../../compile/literal.ts";
import type { MdAttribute } from "../../compile/parse.ts";
import type { Rule } from "../context.ts";

export const expressionNotAllowed: Rule = {
  id: "expression-not-allowed",
  severity: "error",
  description:
    "A `{…}` expression (other than a `{/* comment */}`), or an attribute value that is not a plain literal.",
  applies: "both",
  check(context, report) {
    for (const type of ["mdxFlowExpression", "mdxTextExpression"]) {
      for (const { node } of context.ofType(type)) {
        if (isComment(String(node.value ?? ""))) continue; // an MDX comment: never shown, never run
        report(
          nodePosition(node),
          `Unexpected expression \`{${short(String(node.value ?? ""))}}\`, expected plain text (write \\{ for a literal brace)`,
        );
      }
    }
    for (const { node } of context.elements) {
      const attributes = node.attributes;
      if (!attributes) continue;
      for (let i = 0; i < attributes.length; i++) {
        const attr = attributes[i] as MdAttribute;
        if (attr.type === "mdxJsxExpressionAttribute") {
          report(nodePosition(node), 'Unexpected spread attribute `{…}`, expected `name="value"` attributes');
          continue;
        }
        if (typeof attr.value !== "object" || attr.value === null) continue;
        const parsed = parseLiteral(attr.value.value);
        if (!parsed.ok) {
          report(
            context.attributePosition(node, attr.name ?? ""),
            `Unexpected value \`{${short(attr.value.value)}}\` for \`${attr.name}\`: ${lower(parsed.message)}`,
          );
        }
      }
    }
  },
};

/** An expression of block comments and nothing else: an MDX comment, which authors may leave anywhere. */
export const isComment = (code: string) => code.includes("/*") && code.replace(/\/\*[\s\S]*?\*\//g, "").trim() === "";

const short = (code: string) => {
  const flat = code.replace(/\s+/g, " ").trim();
  return flat.length > 40 ? `${flat.slice(0, 37)}…` : flat;
};
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
