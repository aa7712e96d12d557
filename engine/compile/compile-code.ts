import type { RuleContext } from "../check/context.ts";
import { CODE_VOCABULARY } from "../check/context.ts";
import { controlCharacterDiagnostics } from "../check/rules/control-character.ts";
import { runRules } from "../check/run.ts";
import type { Result } from "../diagnostics.ts";
import { hasErrors, neverThrows, sortDiagnostics } from "../diagnostics.ts";
import { contentHash } from "../hash.ts";
import type { Code, Principle } from "../model.ts";
import { exploreSpace } from "../space.ts";
import { attributePosition, attributeText, nodePosition } from "./attributes.ts";
import { flatten } from "./draft.ts";
import { CODE_FIELDS, readFrontmatter } from "./frontmatter.ts";
import type { MdNode } from "./parse.ts";
import { LineIndex, parseMdx } from "./parse.ts";
import { inlineText, toBlocks } from "./prose.ts";
import { statementsOf } from "./statements.ts";

/** Compiles the code of ethics (`code.mdx`): a title, introductory prose, and `<Principle>` blocks. */
export function compileCode(source: string, file: string): Result<Code> {
  return neverThrows(file, () => {
    const parsed = parseMdx(source, file);
    if (!parsed.tree)
      return { diagnostics: sortDiagnostics([...parsed.diagnostics, ...controlCharacterDiagnostics(source, file)]) };
    const tree = parsed.tree;
    const lines = new LineIndex(source);
    const front = readFrontmatter(tree, CODE_FIELDS);
    const context: RuleContext = {
      file,
      source,
      lines,
      tree,
      nodes: flatten(tree),
      vocabulary: CODE_VOCABULARY,
      draft: { nodes: [], byId: new Map() },
      frontmatterProblems: front.problems,
      space: () => exploreSpace([], ""),
      attributePosition: (node: MdNode, name: string) => attributePosition(source, lines, node, name),
    };
    const diagnostics = sortDiagnostics(runRules(context, "code"));
    const principles: Principle[] = [];
    if (!tree.children?.some((c) => c.type === "mdxJsxFlowElement" && c.name === "Principle")) {
      diagnostics.push({
        file,
        line: 1,
        column: 1,
        severity: "error",
        rule: "missing-id",
        message: 'Unexpected code without principles, expected at least one `<Principle id="…" name="…">`',
      });
    }
    if (hasErrors(diagnostics)) return { diagnostics };
    const intro: MdNode[] = [];
    for (const child of tree.children ?? []) {
      if (child.type === "mdxJsxFlowElement" && child.name === "Principle") {
        const body = toBlocks(child.children ?? []);
        const first = body.find((b) => b.type === "paragraph");
        principles.push({
          id: attributeText(child, "id") ?? "",
          name: attributeText(child, "name") ?? "",
          summary: attributeText(child, "summary") ?? (first?.type === "paragraph" ? inlineText(first.children) : ""),
          body,
          statements: statementsOf(child).map(({ id, text }) => ({ id, text })),
          position: nodePosition(child),
        });
      } else if (child.type !== "yaml") intro.push(child);
    }
    return {
      value: { file, hash: contentHash(source), title: String(front.data.title), intro: toBlocks(intro), principles },
      diagnostics,
    };
  });
}
