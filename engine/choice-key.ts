import type { Choice } from "./model.ts";

/**
 * A choice's stable key: the name run records, saves and the room summary use
 * for it, whatever order the options are shown in. The author's `id` when
 * there is one, else the id the compiler made from the choice's target and
 * text; unique within its scene, and never a position.
 */
export function choiceKey(choice: Choice): string {
  return choice.id;
}
