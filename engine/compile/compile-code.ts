import { CODE_VOCABULARY } from "../check/context.ts";
import type { Result } from "../diagnostics.ts";
import { hasErrors, neverThrows } from "../diagnostics.ts";
import { contentHash } from "../hash.ts";
import type { Code, Principle } from "../model.ts";
import { attributeText, nodePosition } from "./attributes.ts";
import { checkDocument } from "./document.ts";
import { CODE_FIELDS } from "./frontmatter.ts";
import type { MdNode } from "./parse.ts";
import { inlineText, toBlocks } from "./prose.ts";
import { statementsOf } from "./statements.ts";

/** Compiles the code of ethics (`code.mdx`): a title, introductory prose, and `<Principle>` blocks. */
export function compileCode(source: string, file: string): Result<Code> {
  return neverThrows(file, () => {
    const { diagnostics, tree, frontmatter } = checkDocument(source, file, {
      rules: "code",
      fields: CODE_FIELDS,
      vocabulary: CODE_VOCABULARY,
    });
    if (!tree || !frontmatter) return { diagnostics };
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
      value: {
        file,
        hash: contentHash(source),
        title: String(frontmatter.data.title),
        intro: toBlocks(intro),
        principles,
      },
      diagnostics,
    };
  });
}
