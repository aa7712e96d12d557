import type { Block } from "../model.ts";
import { plainText } from "./prose.ts";

/** How many words of a choice's text its generated id keeps. */
const SLUG_WORDS = 5;

/**
 * The ids of a scene's choices, in order: the author's `id` where given, else
 * `<target>:<slug of the text>` (`redirect:thats-marcuss-story-to-tell`),
 * made unique within the scene with `-2`, `-3`… in file order. An id depends
 * only on its own choice (and on same-named siblings before it), so it
 * survives the author reordering other options or editing anything else.
 * The `:` keeps generated ids apart from author ids, which cannot contain one.
 */
export function choiceIds(
  choices: readonly { readonly id?: string; readonly to?: string; readonly text: readonly Block[] }[],
): string[] {
  const taken = new Set(choices.flatMap((c) => (c.id === undefined ? [] : [c.id])));
  return choices.map((c) => {
    if (c.id !== undefined) return c.id;
    const base = `${c.to ?? ""}:${slug(plainText(c.text)) || "choice"}`;
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  });
}

const ASCII = /^[^\u0080-\uffff]*$/;

/** Lower-case ASCII words joined by `-`: accents dropped, apostrophes removed, the first few words kept. */
export function slug(text: string): string {
  // ASCII text is its own NFKD form and has no combining marks: skip both passes.
  const letters = ASCII.test(text) ? text : text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  return letters
    .toLowerCase()
    .replace(/['’‘]/g, "")
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, SLUG_WORDS)
    .join("-");
}
