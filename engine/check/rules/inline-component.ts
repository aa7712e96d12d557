import { nodePosition } from "../../compile/attributes.ts";
import type { MdNode } from "../../compile/parse.ts";
import type { Rule } from "../context.ts";

/** Markdown that holds blocks: a component may stand in these (or directly in a component). */
const BLOCK_HOLDERS = new Set(["root", "paragraph", "list", "listItem", "blockquote"]);

const PLACE: Readonly<Record<string, string>> = {
  emphasis: "emphasis",
  strong: "strong text",
  delete: "struck-out text",
  link: "a link",
  linkReference: "a link",
  heading: "a heading",
  table: "a table",
  tableRow: "a table",
  tableCell: "a table",
  footnoteDefinition: "a footnote",
};

const isElement = (node: MdNode) => node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement";

export const inlineComponent: Rule = {
  id: "inline-component",
  severity: "error",
  description:
    "A component inside emphasis, strong text, a link, a heading or a table, where it would be read as plain words (a note shown to trainees, a `<When>` ignored).",
  applies: "both",
  check(context, report) {
    // Depth first without recursion; `inside` is the nearest inline Markdown around the node, if any.
    const stack: { node: MdNode; inside: string | undefined }[] = [{ node: context.tree, inside: undefined }];
    while (stack.length > 0) {
      const { node, inside } = stack.pop() as { node: MdNode; inside: string | undefined };
      let within = inside;
      if (isElement(node)) {
        if (inside !== undefined) {
          const name = node.name ? `\`<${node.name}>\`` : "fragment `<>`";
          report(
            nodePosition(node),
            `Unexpected ${name} inside ${inside}, expected it on a line of its own (a component is a block: it cannot stand in emphasis, strong text, a link, a heading or a table)`,
          );
        }
        within = undefined;
      } else if (!BLOCK_HOLDERS.has(node.type)) {
        within ??= Object.hasOwn(PLACE, node.type) ? PLACE[node.type] : `a ${node.type}`;
      }
      const children = node.children ?? [];
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) stack.push({ node: child, inside: within });
      }
    }
  },
};
