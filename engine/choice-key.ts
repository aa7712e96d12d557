import type { Choice } from "./model.ts";

/**
 * A choice's stable key: the name run records, saves and the room summary use
 * for it, whatever order the options are shown in. The author's `id` when
 * there is one.
 */
export function choiceKey(choice: Choice): string {
  return choice.id ?? `#${choice.index + 1}`;
}
