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
  // ASCII text without apostrophes (most choices): one pass over the lower-cased text, no word list.
  if (ASCII.test(text) && !text.includes("'")) return firstWords(text.toLowerCase());
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

/** The first `SLUG_WORDS` runs of `a-z0-9` in lower-case ASCII text, joined by `-`. */
function firstWords(lower: string): string {
  let out = "";
  let words = 0;
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      out += words === 0 ? lower.slice(start, i) : `-${lower.slice(start, i)}`;
      start = -1;
      if (++words === SLUG_WORDS) break;
    }
  }
  return out;
}
