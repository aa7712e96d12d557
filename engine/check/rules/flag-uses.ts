import type { MdNode } from "../../compile/parse.ts";
import type { RuleContext } from "../context.ts";

export type FlagUse = { readonly flag: string; readonly node: MdNode; readonly attribute: string };

type FlagUses = { readonly sets: readonly FlagUse[]; readonly reads: readonly FlagUse[] };

/** Two rules read the same uses of one file: gathered once per check. */
const gathered = new WeakMap<RuleContext, FlagUses>();

/** Where flags are set (choices' `set`) and read (`if`/`unless` on choices and `<When>`). */
export function flagUses(context: RuleContext): FlagUses {
  let uses = gathered.get(context);
  if (!uses) {
    uses = gather(context);
    gathered.set(context, uses);
  }
  return uses;
}

function gather(context: RuleContext): FlagUses {
  const sets: FlagUse[] = [];
  const reads: FlagUse[] = [];
  // Index loops: most of these lists are empty, and an iterator per empty list was most of this walk's garbage.
  const add = (to: FlagUse[], flags: readonly string[], node: MdNode, attribute: string) => {
    for (let i = 0; i < flags.length; i++) to.push({ flag: flags[i] as string, node, attribute });
  };
  for (const scene of context.draft.nodes) {
    for (const choice of scene.choices) {
      add(sets, choice.set, choice.node, "set");
      add(reads, choice.if, choice.node, "if");
      add(reads, choice.unless, choice.node, "unless");
    }
    for (const when of scene.whens) {
      add(reads, when.if, when.node, "if");
      add(reads, when.unless, when.node, "unless");
    }
  }
  return { sets, reads };
}
