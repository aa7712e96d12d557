import { attributeText } from "./attributes.ts";
import type { MdNode } from "./parse.ts";
import { inlineText, tidy, toInlines } from "./prose.ts";

/** How many self-assessment statements a principle should have. */
export const STATEMENTS_PER_PRINCIPLE = { min: 1, max: 3 } as const;

/** A `<Statement>` as written: its id (given or made), its plain text, and its node for positions. */
export type StatementSource = {
  readonly id: string;
  /** False when the compiler made the id (`<principle>-<n>`). */
  readonly given: boolean;
  readonly text: string;
  readonly node: MdNode;
};

/**
 * The `<Statement>` children of a `<Principle>`, in order. A statement without
 * an id is named after its principle and place: `confidentiality-2` for the
 * second (principle ids are lowercased and `_` becomes `-`, as statement ids
 * allow lowercase letters, digits and `-` only).
 */
export function statementsOf(principle: MdNode): StatementSource[] {
  const principleId = (attributeText(principle, "id") ?? "").toLowerCase().replace(/_/g, "-");
  const out: StatementSource[] = [];
  for (const child of principle.children ?? []) {
    if (child.type !== "mdxJsxFlowElement" || child.name !== "Statement") continue;
    const given = attributeText(child, "id");
    out.push({
      id: given ?? `${principleId}-${out.length + 1}`,
      given: given !== undefined,
      text: statementText(child),
      node: child,
    });
  }
  return out;
}

/** The statement's words as plain text: emphasis and paragraphs folded into one line. */
function statementText(node: MdNode): string {
  const flat: MdNode[] = [];
  for (const c of node.children ?? []) {
    if (c.type === "paragraph") {
      if (flat.length > 0) flat.push({ type: "text", value: " " });
      flat.push(...(c.children ?? []));
    } else flat.push(c);
  }
  return inlineText(tidy(toInlines(flat)))
    .replace(/\s+/g, " ")
    .trim();
}
