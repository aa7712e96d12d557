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
  for (const scene of context.draft.nodes) {
    for (const choice of scene.choices) {
      for (const flag of choice.set) sets.push({ flag, node: choice.node, attribute: "set" });
      for (const flag of choice.if) reads.push({ flag, node: choice.node, attribute: "if" });
      for (const flag of choice.unless) reads.push({ flag, node: choice.node, attribute: "unless" });
    }
    for (const when of scene.whens) {
      for (const flag of when.if) reads.push({ flag, node: when.node, attribute: "if" });
      for (const flag of when.unless) reads.push({ flag, node: when.node, attribute: "unless" });
    }
  }
  return { sets, reads };
}
