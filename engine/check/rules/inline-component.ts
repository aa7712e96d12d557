import { nodePosition } from "../../compile/attributes.ts";
import type { MdNode } from "../../compile/parse.ts";
import type { Report, Rule } from "../context.ts";

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
    // Two parallel stacks: no object per node of the file.
    const nodes: MdNode[] = [context.tree];
    const insides: (string | undefined)[] = [undefined];
    while (nodes.length > 0) {
      const node = nodes.pop() as MdNode;
      const inside = insides.pop();
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
      if (node.type === "image" || node.type === "imageReference") reportInAlt(context.source, node, report);
      const children = node.children ?? [];
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        // Leaves other than components and images (text, code) cannot hold a component: skip them.
        if (
          child &&
          (child.children || isElement(child) || child.type === "image" || child.type === "imageReference")
        ) {
          nodes.push(child);
          insides.push(within);
        }
      }
    }
  },
};

/**
 * The parser keeps an image's alt as plain text, with the text of any
 * component inside it (`![A photo <Note>…</Note>](…)` would put the note in
 * the alt): find a tag in the alt's source instead. A literal `<` in prose is
 * written `&lt;` or `\<`, so a bare one before a name is a tag.
 */
function reportInAlt(source: string, node: MdNode, report: Report) {
  const start = node.position?.start.offset;
  if (start === undefined || !source.startsWith("![", start)) return;
  let depth = 1;
  let end = start + 2;
  for (; end < source.length && depth > 0; end++) {
    const c = source[end];
    if (c === "\\") end++;
    else if (c === "[") depth++;
    else if (c === "]") depth--;
  }
  const alt = source.slice(start + 2, end - 1).replace(/`[^`]*`/g, "");
  const tag = /<([A-Za-z][\w.:-]*)?[\s/>]/.exec(alt);
  if (!tag) return;
  const name = tag[1] ? `\`<${tag[1]}>\`` : "fragment `<>`";
  report(
    nodePosition(node),
    `Unexpected ${name} inside an image's alt text, expected plain words that describe the image (a component there is read as words)`,
  );
}
