import { nodePosition } from "../../compile/attributes.ts";
import { closest } from "../../compile/frontmatter.ts";
import { parseLiteral } from "../../compile/literal.ts";
import type { Rule } from "../context.ts";

const TONES = ["positive", "mixed", "negative"];
const REQUIRED_TEXT: Readonly<Record<string, readonly string[]>> = { Line: ["who"], Principle: ["name"] };

export const invalidAttribute: Rule = {
  id: "invalid-attribute",
  severity: "error",
  description: "An attribute the component does not take, or a value of the wrong kind.",
  applies: "both",
  check(context, report) {
    for (const { node } of context.nodes) {
      if (node.type !== "mdxJsxFlowElement" && node.type !== "mdxJsxTextElement") continue;
      const name = node.name ?? "";
      const spec = context.vocabulary[name];
      if (!spec) continue;
      for (const attr of node.attributes ?? []) {
        if (attr.type !== "mdxJsxAttribute") continue;
        const attrName = attr.name ?? "";
        const where = () => context.attributePosition(node, attrName);
        if (!spec.attributes.includes(attrName)) {
          const near = closest(attrName, spec.attributes);
          const expected = spec.attributes.length
            ? near
              ? `\`${near}\``
              : `one of ${spec.attributes.map((a) => `\`${a}\``).join(", ")}`
            : "no attributes";
          report(where(), `Unexpected attribute \`${attrName}\` on \`<${name}>\`, expected ${expected}`);
          continue;
        }
        const value = attr.value;
        if (attrName === "scores") {
          if (typeof value !== "object" || value === null) {
            report(where(), "Unexpected `scores` that is not an object, expected `scores={{ respect: 2 }}`");
            continue;
          }
          const parsed = parseLiteral(value.value);
          if (parsed.ok && (typeof parsed.value !== "object" || parsed.value === null)) {
            report(where(), "Unexpected `scores` that is not an object, expected `scores={{ respect: 2 }}`");
          }
          continue;
        }
        if (typeof value === "object" && value !== null) {
          const parsed = parseLiteral(value.value);
          if (parsed.ok)
            report(where(), `Unexpected \`{…}\` value for \`${attrName}\`, expected a quoted string: ${attrName}="…"`);
          continue;
        }
        if (value === null || value === undefined) {
          report(where(), `Unexpected \`${attrName}\` without a value, expected ${attrName}="…"`);
          continue;
        }
        if (attrName === "tone" && !TONES.includes(value)) {
          report(where(), `Unexpected tone \`${value}\`, expected \`positive\`, \`mixed\` or \`negative\``);
        }
      }
      for (const required of REQUIRED_TEXT[name] ?? []) {
        const present = node.attributes?.some((a) => a.type === "mdxJsxAttribute" && a.name === required);
        if (!present)
          report(nodePosition(node), `Unexpected \`<${name}>\` without \`${required}\`, expected ${required}="…"`);
      }
    }
  },
};
