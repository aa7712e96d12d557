import type { Draft, Visit } from "../compile/draft.ts";
import type { LineIndex, MdNode } from "../compile/parse.ts";
import type { Severity } from "../diagnostics.ts";
import type { Code, Position } from "../model.ts";
import type { StateSpace } from "../space.ts";

/** Which components a file may use, their attributes, and where they may stand (null: top level). */
export type Vocabulary = Readonly<
  Record<string, { readonly attributes: readonly string[]; readonly parents: readonly (string | null)[] }>
>;

export const SCENARIO_VOCABULARY: Vocabulary = {
  Scene: { attributes: ["id", "title", "order"], parents: [null] },
  Ending: { attributes: ["id", "title", "tone"], parents: [null] },
  Choice: { attributes: ["to", "scores", "set", "clear", "if", "unless", "id"], parents: ["Scene"] },
  Feedback: { attributes: [], parents: ["Choice"] },
  Line: { attributes: ["who"], parents: ["Scene", "Ending", "When"] },
  Note: { attributes: [], parents: ["Scene", "Ending", "When"] },
  When: { attributes: ["if", "unless"], parents: ["Scene", "Ending", "When"] },
  Reflect: { attributes: [], parents: ["Scene", "Ending"] },
};

export const CODE_VOCABULARY: Vocabulary = {
  Principle: { attributes: ["id", "name", "summary"], parents: [null] },
  Statement: { attributes: ["id"], parents: ["Principle"] },
};

export const SUPPORT_VOCABULARY: Vocabulary = {
  Contact: { attributes: ["id", "name", "reach"], parents: [null] },
};

export type RuleContext = {
  readonly file: string;
  readonly source: string;
  readonly lines: LineIndex;
  readonly tree: MdNode;
  /** Every node of the tree in document order with its enclosing component, computed once. */
  readonly nodes: readonly Visit[];
  /** The components among `nodes` (flow and text), in document order. */
  readonly elements: readonly Visit[];
  /** The nodes of one mdast type among `nodes`, in document order (a rule that judges images reads `image`). */
  ofType(type: string): readonly Visit[];
  readonly vocabulary: Vocabulary;
  /** Scenario files only. */
  readonly draft: Draft;
  readonly code?: Code;
  /** The resolved start: `start` from the frontmatter, else the first scene's id. */
  readonly start?: { readonly id: string; readonly position: Position; readonly fromFrontmatter: boolean };
  /** Frontmatter problems, read once and shared. */
  readonly frontmatterProblems: readonly { message: string; position: Position; help?: string }[];
  /** The frontmatter as read (fields and where each key stands), for rules that weigh fields together. */
  readonly frontmatter?: {
    readonly data: Readonly<Record<string, unknown>>;
    readonly positions: Readonly<Record<string, Position>>;
  };
  /** The reachable state space (explored on first use). */
  space(): StateSpace;
  attributePosition(node: MdNode, name: string): Position;
};

/** Reports a problem; `help` is a fix to suggest, when there is one ("did you mean `heard`?"). */
export type Report = (position: Position, message: string, help?: string) => void;

/** A checker rule: one module each under `rules/`, with ok / not-ok fixtures. */
export type Rule = {
  readonly id: string;
  readonly severity: Severity;
  /** One line for the authoring guide and `--help`. */
  readonly description: string;
  /** Which files it applies to: `both` is scenarios and the code (and the support page, which is prose like the code's). */
  readonly applies: "scenario" | "code" | "both" | "support";
  readonly check: (context: RuleContext, report: Report) => void;
};
