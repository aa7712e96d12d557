import { MAX_FLAGS, MAX_STATES } from "../../space.ts";
import type { Rule } from "../context.ts";

// Grouped by hand: `toLocaleString` loads ICU's number formats, 11 ms at the start of every command.
export const tooComplex: Rule = {
  id: "too-complex",
  severity: "error",
  description: `More than ${MAX_FLAGS} flags, or more than ${String(MAX_STATES).replace(/\B(?=(\d{3})+$)/g, ",")} reachable (scene, flags) states: too many to check.`,
  applies: "scenario",
  check(context, report) {
    const space = context.space();
    if (!space.truncated) return;
    report(
      { line: 1, column: 1 },
      space.flags.length > MAX_FLAGS
        ? `Unexpected ${space.flags.length} flags, expected at most ${MAX_FLAGS} (the checker follows every combination)`
        : `Unexpected more than ${MAX_STATES} reachable (scene, flags) states, expected fewer flags or scenes`,
    );
  },
};
