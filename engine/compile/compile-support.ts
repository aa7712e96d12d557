import { SUPPORT_VOCABULARY } from "../check/context.ts";
import type { Diagnostic, Result } from "../diagnostics.ts";
import { diagnostic, hasErrors, neverThrows } from "../diagnostics.ts";
import { contentHash } from "../hash.ts";
import type { Contact, Position, Support } from "../model.ts";
import { attributePosition, attributeText } from "./attributes.ts";
import { checkDocument } from "./document.ts";
import { closest, SUPPORT_FIELDS } from "./frontmatter.ts";
import type { MdNode } from "./parse.ts";
import { LineIndex } from "./parse.ts";
import { findPlaceholders } from "./placeholders.ts";
import { toBlocks } from "./prose.ts";

/**
 * The workspace config's `support` (rehearse.config.json): how to reach each contact, by its id. `file` is the
 * config's path as shown, `positions` its keys' places (`support.<id>`, from parseWorkspaceConfig).
 */
export type SupportContacts = {
  readonly reach: Readonly<Record<string, string>>;
  readonly file: string;
  readonly positions: ReadonlyMap<string, Position>;
};

/**
 * Compiles the group's support page (`support.mdx`): a title, introductory
 * prose, and one `<Contact>` per line of support. Never throws. With the
 * config's `contacts`, see applySupportContacts.
 */
export function compileSupport(source: string, file: string, contacts?: SupportContacts): Result<Support> {
  const reaches: Reach[] = [];
  const compiled = compileSupportPage(source, file, contacts ? reaches : undefined);
  return contacts ? applySupportContacts(compiled, source, reaches, contacts) : compiled;
}

/** Where a contact's `reach` attribute stands in support.mdx. */
type Reach = { readonly id: string; readonly at: Position };

/**
 * The config's contacts over the compiled page, the one place every consumer gets them (engine/load.ts's
 * readSupport, for `check`, the terminal, exports, the site and the room): each given `reach` replaces the one
 * support.mdx has, the `support-placeholder` warnings inside a replaced `reach` go (and its placeholder from
 * `placeholders`), and an id with no `<Contact>` is a `config` error at its key, with the nearest id. A page
 * with errors is left as it is: its contacts are not known.
 */
function applySupportContacts(
  compiled: Result<Support>,
  source: string,
  reaches: readonly Reach[],
  contacts: SupportContacts,
): Result<Support> {
  const support = compiled.value;
  if (!support) return compiled;
  return neverThrows(support.file, () => {
    const ids = support.contacts.map((c) => c.id);
    const unknown: Diagnostic[] = Object.keys(contacts.reach)
      .filter((id) => !ids.includes(id))
      .map((id) => {
        const near = closest(id, ids);
        return diagnostic(
          contacts.file,
          contacts.positions.get(`support.${id}`),
          "error",
          "config",
          `Unexpected contact "${id}" in "support": ${support.file} has no <Contact id="${id}">${near ? ` (did you mean "${near}"?)` : ""}, expected one of ${ids.join(", ")}`,
        );
      });
    const lines = new LineIndex(source);
    const replaced = reaches.filter((r) => Object.hasOwn(contacts.reach, r.id)).map((r) => r.at);
    const inReplaced = (p: { line: number; column: number }) => replaced.some((r) => within(p, r));
    return {
      value: {
        ...support,
        // What the site, the room and records cache by: the contacts are part of the page now.
        hash: contentHash(`${source}\0${JSON.stringify(contacts.reach)}`),
        contacts: support.contacts.map((c) =>
          Object.hasOwn(contacts.reach, c.id) ? { ...c, reach: contacts.reach[c.id] ?? c.reach } : c,
        ),
        placeholders: [
          ...new Set(
            findPlaceholders(source)
              .filter((p) => !inReplaced(lines.at(p.offset)))
              .map((p) => p.text),
          ),
        ],
      },
      diagnostics: [
        ...compiled.diagnostics.filter((d) => d.rule !== "support-placeholder" || !inReplaced(d)),
        ...unknown,
      ],
    };
  });
}

/** Whether a place is inside a span (its end column is the one after the span's last character). */
function within(p: { line: number; column: number }, span: Position): boolean {
  const endLine = span.endLine ?? span.line;
  const endColumn = span.endColumn ?? span.column;
  const after = (a: number, b: number, c: number, d: number) => a > c || (a === c && b >= d);
  return after(p.line, p.column, span.line, span.column) && !after(p.line, p.column, endLine, endColumn);
}

/** The page as support.mdx has it; `reaches` (when given) gets where each contact's `reach` is. */
function compileSupportPage(source: string, file: string, reaches?: Reach[]): Result<Support> {
  return neverThrows(file, () => {
    const { diagnostics, tree, frontmatter } = checkDocument(source, file, {
      rules: "support",
      fields: SUPPORT_FIELDS,
      vocabulary: SUPPORT_VOCABULARY,
    });
    if (!tree || !frontmatter) return { diagnostics };
    if (hasErrors(diagnostics)) return { diagnostics };
    const lines = new LineIndex(source);
    const intro: MdNode[] = [];
    const contacts: Contact[] = [];
    for (const child of tree.children ?? []) {
      if (child.type === "mdxJsxFlowElement" && child.name === "Contact") {
        reaches?.push({
          id: attributeText(child, "id") ?? "",
          at: attributePosition(source, lines, child, "reach"),
        });
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
