import type { RuleContext, Vocabulary } from "../check/context.ts";
import { controlCharacterDiagnostics } from "../check/rules/control-character.ts";
import { runRules } from "../check/run.ts";
import type { Diagnostic } from "../diagnostics.ts";
import { sortDiagnostics } from "../diagnostics.ts";
import { exploreSpace } from "../space.ts";
import { attributePosition } from "./attributes.ts";
import { flattenIndexed } from "./draft.ts";
import type { FieldSpec } from "./frontmatter.ts";
import { readFrontmatter } from "./frontmatter.ts";
import type { MdNode } from "./parse.ts";
import { LineIndex, parseMdx } from "./parse.ts";

/** What a code or support file's compiler reads once its rules have run. */
export type CheckedDocument = {
  readonly diagnostics: Diagnostic[];
  /** Absent when the file did not parse. */
  readonly tree?: MdNode;
  readonly frontmatter?: { readonly data: Record<string, unknown> };
};

/**
 * The first steps of compiling a file that is not a scenario (the code, the support page): parse,
 * read the frontmatter, run the rules of that kind of file. A file that does not parse gets its
 * syntax error and any control characters (often the reason it did not parse).
 */
export function checkDocument(
  source: string,
  file: string,
  kind: {
    readonly rules: "code" | "support";
    readonly fields: Readonly<Record<string, FieldSpec>>;
    readonly vocabulary: Vocabulary;
  },
): CheckedDocument {
  const parsed = parseMdx(source, file);
  if (!parsed.tree)
    return { diagnostics: sortDiagnostics([...parsed.diagnostics, ...controlCharacterDiagnostics(source, file)]) };
  const tree = parsed.tree;
  const lines = new LineIndex(source);
  const front = readFrontmatter(tree, kind.fields);
  const context = ruleContext(source, file, lines, tree, front, {
    vocabulary: kind.vocabulary,
    draft: { nodes: [], byId: new Map() },
    space: () => exploreSpace([], ""),
  });
  return { diagnostics: sortDiagnostics(runRules(context, kind.rules)), tree, frontmatter: front };
}

/**
 * The context the rules read over one parsed document (a scenario, the code, the support page): its
 * nodes indexed in one walk (the full list only when a rule asks), its frontmatter, and attribute
 * positions found in the source.
 */
export function ruleContext(
  source: string,
  file: string,
  lines: LineIndex,
  tree: MdNode,
  front: ReturnType<typeof readFrontmatter>,
  kind: Pick<RuleContext, "vocabulary" | "draft" | "space" | "code" | "start">,
): RuleContext {
  const flat = flattenIndexed(tree);
  return {
    ...kind,
    file,
    source,
    lines,
    tree,
    get nodes() {
      return flat.nodes;
    },
    elements: flat.elements,
    ofType: flat.ofType,
    frontmatterProblems: front.problems,
    frontmatter: { data: front.data, positions: front.positions },
    attributePosition: (node: MdNode, name: string) => attributePosition(source, lines, node, name),
  };
}
