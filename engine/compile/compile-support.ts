import type { RuleContext } from "../check/context.ts";
import { SUPPORT_VOCABULARY } from "../check/context.ts";
import { controlCharacterDiagnostics } from "../check/rules/control-character.ts";
import { runRules } from "../check/run.ts";
import type { Result } from "../diagnostics.ts";
import { hasErrors, neverThrows, sortDiagnostics } from "../diagnostics.ts";
import { contentHash } from "../hash.ts";
import type { Contact, Support } from "../model.ts";
import { exploreSpace } from "../space.ts";
import { attributePosition, attributeText } from "./attributes.ts";
import { flatten } from "./draft.ts";
import { readFrontmatter, SUPPORT_FIELDS } from "./frontmatter.ts";
import type { MdNode } from "./parse.ts";
import { LineIndex, parseMdx } from "./parse.ts";
import { findPlaceholders } from "./placeholders.ts";
import { toBlocks } from "./prose.ts";

/**
 * Compiles the group's support page (`support.mdx`): a title, introductory
 * prose, and one `<Contact>` per line of support. Never throws.
 */
export function compileSupport(source: string, file: string): Result<Support> {
  return neverThrows(file, () => {
    const parsed = parseMdx(source, file);
    if (!parsed.tree)
      return { diagnostics: sortDiagnostics([...parsed.diagnostics, ...controlCharacterDiagnostics(source, file)]) };
    const tree = parsed.tree;
    const lines = new LineIndex(source);
    const front = readFrontmatter(tree, SUPPORT_FIELDS);
    const context: RuleContext = {
      file,
      source,
      lines,
      tree,
      nodes: flatten(tree),
      vocabulary: SUPPORT_VOCABULARY,
      draft: { nodes: [], byId: new Map() },
      frontmatterProblems: front.problems,
      frontmatter: { data: front.data, positions: front.positions },
      space: () => exploreSpace([], ""),
      attributePosition: (node: MdNode, name: string) => attributePosition(source, lines, node, name),
    };
    const diagnostics = sortDiagnostics(runRules(context, "support"));
    if (hasErrors(diagnostics)) return { diagnostics };
    const intro: MdNode[] = [];
    const contacts: Contact[] = [];
    for (const child of tree.children ?? []) {
      if (child.type === "mdxJsxFlowElement" && child.name === "Contact") {
        contacts.push({
          id: attributeText(child, "id") ?? "",
          name: attributeText(child, "name") ?? "",
          reach: attributeText(child, "reach") ?? "",
          body: toBlocks(child.children ?? []),
        });
      } else if (child.type !== "yaml") intro.push(child);
    }
    return {
      value: {
        file,
        hash: contentHash(source),
        title: String(front.data.title),
        intro: toBlocks(intro),
        contacts,
        placeholders: [...new Set(findPlaceholders(source).map((p) => p.text))],
      },
      diagnostics,
    };
  });
}
