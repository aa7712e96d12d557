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

/** Components a scene's or ending's body leaves out (read on their own), and a choice's text. */
const NOT_BODY: ReadonlySet<string> = new Set(["Choice", "Reflect"]);
const NOT_CHOICE_TEXT: ReadonlySet<string> = new Set(["Feedback"]);

type Writable<T> = { -readonly [K in keyof T]: T[K] };

// Optional fields are stored one by one, in the type's order, rather than spread from `{}` or `{ id }`:
// an object spread costs about ten times a plain store, and these run for every scene and choice.
function readNode(node: MdNode, kind: "scene" | "ending"): DraftNode {
  const children = node.children ?? [];
  const id = attributeText(node, "id");
  const title = attributeText(node, "title");
  const tone = attributeText(node, "tone");
  const order = attributeText(node, "order");
  const out = { kind, node, position: nodePosition(node) } as Writable<DraftNode>;
  if (id !== undefined) out.id = id;
  if (title !== undefined) out.title = title;
  if (tone !== undefined) out.tone = tone;
  if (order !== undefined) out.order = order;
  out.body = toBlocks(children, NOT_BODY);
  const choices: DraftChoice[] = [];
  if (kind === "scene") for (const c of collect(children, "Choice", false)) choices.push(readChoice(c, choices.length));
  out.choices = choices;
  out.whens = collect(children, "When", true).map((w) => ({
    node: w,
    if: flagList(attributeText(w, "if")),
    unless: flagList(attributeText(w, "unless")),
  }));
  const reflect: Block[] = [];
  for (const r of collect(children, "Reflect", false)) pushAll(reflect, toBlocks(r.children ?? []));
  if (reflect.length > 0) out.reflect = reflect;
  return out;
}

function readChoice(node: MdNode, index: number): DraftChoice {
  const children = node.children ?? [];
  const feedbackNode = collect(children, "Feedback", false)[0];
  const scoresAttr = findAttribute(node, "scores");
  let scores: Record<string, unknown> | undefined;
  if (scoresAttr && typeof scoresAttr.value === "object" && scoresAttr.value !== null) {
    const parsed = parseLiteral(scoresAttr.value.value);
    if (parsed.ok && isRecord(parsed.value)) scores = parsed.value;
  }
  const id = attributeText(node, "id");
  // `to={"heard"}` is an invalid-attribute error, but the graph follows it: one mistake, one diagnostic.
  const to = attributeText(node, "to") ?? literalString(node, "to");
  const out = { node, position: nodePosition(node), index } as Writable<DraftChoice>;
  if (id !== undefined) out.id = id;
  if (to !== undefined) out.to = to;
  if (scores !== undefined) out.scores = scores;
  out.set = flagList(attributeText(node, "set"));
  out.clear = flagList(attributeText(node, "clear"));
  out.if = flagList(attributeText(node, "if"));
  out.unless = flagList(attributeText(node, "unless"));
  out.text = toBlocks(children, NOT_CHOICE_TEXT);
  if (feedbackNode) out.feedback = toBlocks(feedbackNode.children ?? []);
  return out;
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
  collectInto(out, children, name, deep);
  return out;
}

function collectInto(out: MdNode[], children: readonly MdNode[], name: string, deep: boolean): void {
  for (let i = 0; i < children.length; i++) {
    const c = children[i] as MdNode;
    const type = c.type;
    const isElement = type === "mdxJsxFlowElement" || type === "mdxJsxTextElement";
    if (isElement && c.name === name) {
      out.push(c);
      if (deep && c.children) collectInto(out, c.children, name, deep);
    } else if ((type === "paragraph" || (deep && isElement && c.name !== "Choice")) && c.children) {
      collectInto(out, c.children, name, deep);
    }
  }
}

export type Visit = { readonly node: MdNode; readonly parent: MdNode | null };

const isElement = (node: MdNode) => node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement";

/** Every mdast node below `root` in document order, with its nearest enclosing component (for placement rules). */
export function flatten(root: MdNode): Visit[] {
  const out: Visit[] = [];
  const visit = (node: MdNode, parent: MdNode | null) => {
    const children = node.children;
    if (!children) return;
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as MdNode;
      out.push({ node: child, parent });
      if (child.children) visit(child, isElement(child) ? child : parent);
    }
  };
  visit(root, null);
  return out;
}

/** The flattened tree, and the same visits grouped for rules that judge one kind of node. */
export type FlatTree = {
  /** Every node (see {@link flatten}), listed on first use: no rule of a clean file needs the text nodes. */
  readonly nodes: readonly Visit[];
  /** The components (flow and text), in document order. */
  readonly elements: readonly Visit[];
  /** The nodes of one mdast type, in document order. */
  ofType(type: string): readonly Visit[];
};

const NONE: readonly Visit[] = [];

/**
 * One walk for every rule: most rules look at components only, or at one rare type (images, links,
 * `import`), and would otherwise each step through every text node of the file.
 */
export function flattenIndexed(root: MdNode): FlatTree {
  const elements: Visit[] = [];
  const byType = new Map<string, Visit[]>();
  const visit = (node: MdNode, parent: MdNode | null) => {
    const children = node.children;
    if (!children) return;
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as MdNode;
      const type = child.type;
      if (type === "mdxJsxFlowElement" || type === "mdxJsxTextElement") {
        elements.push({ node: child, parent });
        if (child.children) visit(child, child);
        continue;
      }
      // Text and paragraphs, the common types, are only read through `nodes`.
      if (type !== "text" && type !== "paragraph") {
        const list = byType.get(type);
        if (list) list.push({ node: child, parent });
        else byType.set(type, [{ node: child, parent }]);
      }
      if (child.children) visit(child, parent);
    }
  };
  visit(root, null);
  let nodes: Visit[] | undefined;
  const all = () => {
    nodes ??= flatten(root);
    return nodes;
  };
  return {
    get nodes() {
      return all();
    },
    elements,
    ofType: (type) => {
      if (type === "text" || type === "paragraph") return all().filter((v) => v.node.type === type);
      if (type === "mdxJsxFlowElement" || type === "mdxJsxTextElement")
        return elements.filter((v) => v.node.type === type);
      return byType.get(type) ?? NONE;
    },
  };
}

export const positionOfAttribute = (source: string, lines: LineIndex, node: MdNode, name: string) =>
  attributePosition(source, lines, node, name);
