import type { Block, Position } from "../model.ts";
import { pushAll } from "../push-all.ts";
import { attributePosition, attributeText, findAttribute, flagList, nodePosition } from "./attributes.ts";
import { parseLiteral } from "./literal.ts";
import type { LineIndex, MdNode } from "./parse.ts";
import { toBlocks } from "./prose.ts";

/**
 * A lenient reading of a scenario file: everything that could be read, with
 * positions, and nothing rejected. Rules inspect it; the compiler turns it
 * into a Scenario only when no rule reported an error.
 */
export type DraftChoice = {
  readonly node: MdNode;
  readonly position: Position;
  readonly index: number;
  readonly id?: string;
  readonly to?: string;
  /** The literal `scores` object, or undefined when absent or not a literal object. */
  readonly scores?: Readonly<Record<string, unknown>>;
  readonly set: readonly string[];
  readonly clear: readonly string[];
  readonly if: readonly string[];
  readonly unless: readonly string[];
  readonly text: readonly Block[];
  readonly feedback?: readonly Block[];
};

export type DraftWhen = {
  readonly node: MdNode;
  readonly if: readonly string[];
  readonly unless: readonly string[];
};

export type DraftNode = {
  readonly kind: "scene" | "ending";
  readonly node: MdNode;
  readonly position: Position;
  readonly id?: string;
  readonly title?: string;
  readonly tone?: string;
  /** A scene's `order` attribute as written (`fixed` pins the author's order). */
  readonly order?: string;
  readonly body: readonly Block[];
  readonly choices: readonly DraftChoice[];
  readonly whens: readonly DraftWhen[];
  /** The `<Reflect>` questions' prose, in file order (several are shown together); absent when there is none. */
  readonly reflect?: readonly Block[];
};

export type Draft = {
  /** Scenes in file order, then endings in file order. */
  readonly nodes: readonly DraftNode[];
  /** Scenes and endings with an id, first one wins (duplicates are a rule's business). */
  readonly byId: ReadonlyMap<string, DraftNode>;
};

export function readDraft(tree: MdNode): Draft {
  const scenes: DraftNode[] = [];
  const endings: DraftNode[] = [];
  for (const child of tree.children ?? []) {
    if (child.type !== "mdxJsxFlowElement") continue;
    if (child.name === "Scene") scenes.push(readNode(child, "scene"));
    else if (child.name === "Ending") endings.push(readNode(child, "ending"));
  }
  // Scenes first, then endings: the order a compiled Scenario numbers its state space in.
  const nodes = [...scenes, ...endings];
  const byId = new Map<string, DraftNode>();
  for (const n of nodes) if (n.id !== undefined && !byId.has(n.id)) byId.set(n.id, n);
  return { nodes, byId };
}

function readNode(node: MdNode, kind: "scene" | "ending"): DraftNode {
  const children = node.children ?? [];
  const choiceNodes = kind === "scene" ? collect(children, "Choice", false) : [];
  const id = attributeText(node, "id");
  const title = attributeText(node, "title");
  const tone = attributeText(node, "tone");
  const order = attributeText(node, "order");
  const reflect = collect(children, "Reflect", false).flatMap((r) => toBlocks(r.children ?? []));
  return {
    kind,
    node,
    position: nodePosition(node),
    ...(id === undefined ? {} : { id }),
    ...(title === undefined ? {} : { title }),
    ...(tone === undefined ? {} : { tone }),
    ...(order === undefined ? {} : { order }),
    body: toBlocks(children, new Set(["Choice", "Reflect"])),
    choices: choiceNodes.map((c, index) => readChoice(c, index)),
    whens: collect(children, "When", true).map((w) => ({
      node: w,
      if: flagList(attributeText(w, "if")),
      unless: flagList(attributeText(w, "unless")),
    })),
    ...(reflect.length > 0 ? { reflect } : {}),
  };
}

function readChoice(node: MdNode, index: number): DraftChoice {
  const feedbackNode = collect(node.children ?? [], "Feedback", false)[0];
  const scoresAttr = findAttribute(node, "scores");
  let scores: Record<string, unknown> | undefined;
  if (scoresAttr && typeof scoresAttr.value === "object" && scoresAttr.value !== null) {
    const parsed = parseLiteral(scoresAttr.value.value);
    if (parsed.ok && isRecord(parsed.value)) scores = parsed.value;
  }
  const id = attributeText(node, "id");
  // `to={"heard"}` is an invalid-attribute error, but the graph follows it: one mistake, one diagnostic.
  const to = attributeText(node, "to") ?? literalString(node, "to");
  return {
    node,
    position: nodePosition(node),
    index,
    ...(id === undefined ? {} : { id }),
    ...(to === undefined ? {} : { to }),
    ...(scores === undefined ? {} : { scores }),
    set: flagList(attributeText(node, "set")),
    clear: flagList(attributeText(node, "clear")),
    if: flagList(attributeText(node, "if")),
    unless: flagList(attributeText(node, "unless")),
    text: toBlocks(node.children ?? [], new Set(["Feedback"])),
    ...(feedbackNode ? { feedback: toBlocks(feedbackNode.children ?? []) } : {}),
  };
}

/** A `{"…"}` string literal given where a plain attribute belongs, read leniently. */
function literalString(node: MdNode, name: string): string | undefined {
  const attr = findAttribute(node, name);
  if (!attr || typeof attr.value !== "object" || attr.value === null) return undefined;
  const parsed = parseLiteral(attr.value.value);
  return parsed.ok && typeof parsed.value === "string" ? parsed.value : undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/**
 * Elements of one name among the children, also where the author left no blank
 * lines and the parser put them inside a paragraph. `deep` also looks inside
 * nested prose components (a `<When>` inside a `<When>`).
 */
export function collect(children: readonly MdNode[], name: string, deep: boolean): MdNode[] {
  const out: MdNode[] = [];
  for (const c of children) {
    const isElement = c.type === "mdxJsxFlowElement" || c.type === "mdxJsxTextElement";
    if (isElement && c.name === name) {
      out.push(c);
      if (deep) pushAll(out, collect(c.children ?? [], name, deep));
    } else if (c.type === "paragraph" || (deep && isElement && c.name !== "Choice")) {
      pushAll(out, collect(c.children ?? [], name, deep));
    }
  }
  return out;
}

export type Visit = { readonly node: MdNode; readonly parent: MdNode | null };

const isElement = (node: MdNode) => node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement";

/** Every mdast node below `root` in document order, with its nearest enclosing component (for placement rules). */
export function flatten(root: MdNode): Visit[] {
  const out: Visit[] = [];
  const visit = (node: MdNode, parent: MdNode | null) => {
    for (const child of node.children ?? []) {
      out.push({ node: child, parent });
      if (child.children) visit(child, isElement(child) ? child : parent);
    }
  };
  visit(root, null);
  return out;
}

export const positionOfAttribute = (source: string, lines: LineIndex, node: MdNode, name: string) =>
  attributePosition(source, lines, node, name);
