import { nodePosition } from "../../compile/attributes.ts";
import { closest } from "../../compile/frontmatter.ts";
import { parseLiteral } from "../../compile/literal.ts";
import type { MdAttribute } from "../../compile/parse.ts";
import { own } from "../../own.ts";
import type { Rule } from "../context.ts";

const TONES = ["positive", "mixed", "negative"];
/** `<Scene order>`: `fixed` shows the options in the author's order in every run. */
const ORDERS = ["fixed", "shuffled"];
/** Run records name choices by id; generated ids contain `:`, so an author's never collides with one. */
const CHOICE_ID = /^[A-Za-z0-9][\w-]*$/;
const REQUIRED_TEXT: Readonly<Record<string, readonly string[]>> = {
  Line: ["who"],
  Principle: ["name"],
  Contact: ["name", "reach"],
};

const NONE: readonly string[] = [];
const NONE_GIVEN: readonly MdAttribute[] = [];

export const invalidAttribute: Rule = {
  id: "invalid-attribute",
  severity: "error",
  description: "An attribute the component does not take, or a value of the wrong kind.",
  applies: "both",
  check(context, report) {
    for (const { node } of context.elements) {
      const name = node.name ?? "";
      const spec = own(context.vocabulary, name);
      if (!spec) continue;
      const attributes = node.attributes ?? NONE_GIVEN;
      for (let i = 0; i < attributes.length; i++) {
        const attr = attributes[i] as MdAttribute;
        if (attr.type !== "mdxJsxAttribute") continue;
        const attrName = attr.name ?? "";
        if (!spec.attributes.includes(attrName)) {
          // `onClick={…}`: code, which `expression-not-allowed` reports; one mistake, one diagnostic.
          if (typeof attr.value === "object" && attr.value !== null && !parseLiteral(attr.value.value).ok) continue;
          const near = closest(attrName, spec.attributes);
          const expected = spec.attributes.length
            ? near
              ? `\`${near}\``
              : `one of ${spec.attributes.map((a) => `\`${a}\``).join(", ")}`
            : "no attributes";
          report(
            context.attributePosition(node, attrName),
            `Unexpected attribute \`${attrName}\` on \`<${name}>\`, expected ${expected}`,
            near ? `did you mean \`${near}\`?` : undefined,
          );
          continue;
        }
        const value = attr.value;
        if (attrName === "scores") {
          if (typeof value !== "object" || value === null) {
            report(
              context.attributePosition(node, attrName),
              "Unexpected `scores` that is not an object, expected `scores={{ respect: 2 }}`",
            );
            continue;
          }
          const parsed = parseLiteral(value.value);
          if (parsed.ok && (typeof parsed.value !== "object" || parsed.value === null)) {
            report(
              context.attributePosition(node, attrName),
              "Unexpected `scores` that is not an object, expected `scores={{ respect: 2 }}`",
            );
          }
          continue;
        }
        if (typeof value === "object" && value !== null) {
          const parsed = parseLiteral(value.value);
          if (parsed.ok)
            report(
              context.attributePosition(node, attrName),
              `Unexpected \`{…}\` value for \`${attrName}\`, expected a quoted string: ${attrName}="…"`,
            );
          continue;
        }
        if (value === null || value === undefined) {
          report(
            context.attributePosition(node, attrName),
            `Unexpected \`${attrName}\` without a value, expected ${attrName}="…"`,
          );
          continue;
        }
        if (attrName === "tone" && !TONES.includes(value)) {
          const near = closest(value, TONES);
          report(
            context.attributePosition(node, attrName),
            `Unexpected tone \`${value}\`, expected \`positive\`, \`mixed\` or \`negative\``,
            near ? `did you mean \`${near}\`?` : undefined,
          );
        }
        if (attrName === "order" && !ORDERS.includes(value)) {
          report(
            context.attributePosition(node, attrName),
            `Unexpected order \`${value}\`, expected \`fixed\` (or \`shuffled\`, the default)`,
          );
        }
        if (name === "Choice" && attrName === "id" && !CHOICE_ID.test(value)) {
          report(
            context.attributePosition(node, attrName),
            `Unexpected choice id \`${value}\`, expected ASCII letters, digits, \`-\` and \`_\` only, starting with a letter or digit`,
          );
        }
      }
      for (const required of own(REQUIRED_TEXT, name) ?? NONE) {
        const present = node.attributes?.some((a) => a.type === "mdxJsxAttribute" && a.name === required);
        if (!present)
          report(nodePosition(node), `Unexpected \`<${name}>\` without \`${required}\`, expected ${required}="…"`);
      }
    }
  },
};
