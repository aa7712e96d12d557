import { SUPPORT_VOCABULARY } from "../check/context.ts";
import type { Result } from "../diagnostics.ts";
import { hasErrors, neverThrows } from "../diagnostics.ts";
import { contentHash } from "../hash.ts";
import type { Contact, Support } from "../model.ts";
import { attributeText } from "./attributes.ts";
import { checkDocument } from "./document.ts";
import { SUPPORT_FIELDS } from "./frontmatter.ts";
import type { MdNode } from "./parse.ts";
import { findPlaceholders } from "./placeholders.ts";
import { toBlocks } from "./prose.ts";

/**
 * Compiles the group's support page (`support.mdx`): a title, introductory
 * prose, and one `<Contact>` per line of support. Never throws.
 */
export function compileSupport(source: string, file: string): Result<Support> {
  return neverThrows(file, () => {
    const { diagnostics, tree, frontmatter } = checkDocument(source, file, {
      rules: "support",
      fields: SUPPORT_FIELDS,
      vocabulary: SUPPORT_VOCABULARY,
    });
    if (!tree || !frontmatter) return { diagnostics };
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
        title: String(frontmatter.data.title),
        intro: toBlocks(intro),
        contacts,
        placeholders: [...new Set(findPlaceholders(source).map((p) => p.text))],
      },
      diagnostics,
    };
  });
}
