/**
 * Looking ahead: what an option is worth counting what it makes possible
 * later. The debrief and the workshop room weigh options by this one rule, so
 * the trainee's "best here" and the room's "where the room and the code
 * disagreed most" always agree.
 *
 * This module only reads a table the analysis computed (see `lookaheadOf` in
 * analyze.ts): it does not load the state-space explorer, so a player page can
 * use it.
 */
import type { Choice, Scenario } from "./model.ts";
import { own } from "./own.ts";
import { applyChoice, netTotal, type Position, sceneById } from "./run.ts";

/**
 * The best net total still reachable from each state of a scenario: per scene
 * id, per set of flags held there, the highest net total (summed over the
 * scenario's principles) of the choices any continuation from that state to an
 * ending can add, flags honoured. A set of flags is keyed by its bit mask over
 * `flags`, written in base 36 (`"0"`: no flags). States from which no ending
 * can be reached are absent; endings are not listed (nothing is left to add).
 */
export type Lookahead = {
  /** Every flag the scenario sets or clears, sorted: bit i of a key stands for `flags[i]`. */
  readonly flags: readonly string[];
  readonly best: Readonly<Record<string, Readonly<Record<string, number>>>>;
};

/** The key of a set of flags in a {@link Lookahead} table; undefined when one of them is not in the table. */
export function flagsKey(lookahead: Lookahead, flags: readonly string[]): string | undefined {
  let mask = 0;
  for (const f of flags) {
    const bit = lookahead.flags.indexOf(f);
    if (bit < 0) return undefined;
    mask |= 1 << bit;
  }
  return (mask >>> 0).toString(36);
}

/** The highest net total still reachable from a node with these flags: 0 at an ending; undefined where the table does not know it. */
export function remainingFrom(
  scenario: Scenario,
  lookahead: Lookahead,
  at: string,
  flags: readonly string[],
): number | undefined {
  if (!sceneById(scenario, at)) return scenario.endings.some((e) => e.id === at) ? 0 : undefined;
  const key = flagsKey(lookahead, flags);
  return key === undefined ? undefined : own(own(lookahead.best, at) ?? {}, key);
}

/** One option at a decision, weighed. */
export type Weighed = {
  /** Its own net total change over the scenario's principles. */
  readonly net: number;
  /**
   * The highest net total a run can reach from this decision on through this
   * option: `net` plus the best any continuation after it can still add before
   * its ending (flags honoured). Equal to `net` where the analysis cannot look
   * ahead (see {@link weighOptions}).
   */
  readonly lookahead: number;
  /** Whether no other option here has a higher `lookahead` (ties share it). */
  readonly best: boolean;
};

/**
 * Weighs the options available at a position by looking ahead: an option's
 * value is its own net total plus the highest net total any continuation from
 * the state it leads to can still reach, so a tempting option whose cost shows
 * up later is not the best one. The best options are those with the highest
 * value (ties share it); what a choice gives up is the best value minus its own.
 *
 * Where the analysis has no lookahead table (a state space too large to
 * explore, or an analysis made before it existed) or does not know one of the
 * states the options lead to, the decision is weighed on the options' own net
 * totals alone, as before.
 */
export function weighOptions(
  scenario: Scenario,
  analysis: { readonly lookahead?: Lookahead | undefined },
  position: Position,
  choices: readonly Choice[],
): Weighed[] {
  const nets = choices.map((c) => netTotal(scenario, c));
  const table = analysis.lookahead;
  let after = table ? choices.map((c) => remainingFrom(scenario, table, c.to, applyChoice(position, c).flags)) : [];
  if (after.some((v) => v === undefined)) after = [];
  const values = nets.map((net, i) => net + (after[i] ?? 0));
  const top = Math.max(...values);
  return nets.map((net, i) => ({ net, lookahead: values[i] ?? net, best: values[i] === top }));
}

/** The options among these that are best by {@link weighOptions} (ties share it): what a preview marks as best. */
export function bestOptions(
  scenario: Scenario,
  analysis: { readonly lookahead?: Lookahead | undefined },
  position: Position,
  choices: readonly Choice[],
): Set<Choice> {
  const weighed = weighOptions(scenario, analysis, position, choices);
  return new Set(choices.filter((_, i) => weighed[i]?.best));
}
