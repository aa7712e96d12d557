/**
 * A run of a scenario: an XState actor with the view a player renders, going
 * back, restarting, and the run record saved at every step. Everything a
 * session is but its debrief (session.ts adds `debrief()`): the site's player
 * page builds on this module so that its first load carries no debrief code;
 * the debrief's own chunk computes it with `debriefRun` when the run ends.
 */
import { type Actor, createActor } from "xstate";
import type { Analysis } from "./analyze.ts";
import type { RunContext, ScenarioMachine } from "./machine.ts";
import { createScenarioMachine } from "./machine.ts";
import type { Choice, Ending, Scenario, Scene } from "./model.ts";
import type { RunRecord } from "./record.ts";
import { RUN_SCHEMA } from "./record.ts";
import type { Position, Step } from "./run.ts";
import { availableChoices, nodeById, sceneById } from "./run.ts";
import { type Seed, shownOrder } from "./shuffle.ts";
import { runTotals } from "./totals.ts";

export type Phase = "deciding" | "feedback" | "ended";

/** What a player renders: everything is derived from the actor's snapshot. */
export type SessionView = {
  readonly phase: Phase;
  /** The scene being decided, or the node the last choice led to. */
  readonly node: Scene | Ending;
  /** Available choices in the order this run shows them, numbered from 1 (deciding only). */
  readonly choices: readonly { readonly number: number; readonly choice: Choice }[];
  /** The last decision: its scene, choice and step (feedback and after). */
  readonly last?: { readonly scene: Scene; readonly choice: Choice; readonly step: Step };
  readonly position: Position;
  readonly steps: readonly Step[];
  readonly canGoBack: boolean;
};

export type PlayerSession = {
  readonly scenario: Scenario;
  readonly analysis: Analysis;
  /** The seed this run shuffles its options with; null shows them in the author's order. */
  readonly seed: Seed;
  view(): SessionView;
  /** Called after every change; returns an unsubscribe function. */
  subscribe(listener: (view: SessionView) => void): () => void;
  /** Chooses the n-th choice as shown (1-based); false when n is not on offer. */
  choose(n: number): boolean;
  /** Moves past the feedback; false when there is none on screen. */
  continue(): boolean;
  /** Undoes the last choice, restoring scene, scores and flags exactly; false at the start. */
  back(): boolean;
  /** Starts a new run, with a new seed when one is given (else the same one). */
  restart(seed?: Seed): void;
  save(): RunRecord;
  stop(): void;
};

export type SessionOptions = {
  /** The scenario's analysis (score ranges for percentages): computed once, at build time on the site. */
  readonly analysis: Analysis;
  /** The clock for `startedAt`/`finishedAt`; defaults to the system clock. */
  readonly now?: () => Date;
  /** When the run began (a restored run keeps its own). */
  readonly startedAt?: string;
  /**
   * The seed that shuffles the options (adapters pick a random one for a new
   * run; a restored run keeps its record's). Absent or null: the author's order.
   */
  readonly seed?: Seed;
};

export function createPlayerSession(scenario: Scenario, options: SessionOptions): PlayerSession {
  return openSession(scenario, options);
}

/** Where a restored run stands: its context and the state it resumes in. */
export type Resume = {
  readonly context: RunContext;
  readonly state: "deciding" | "review" | "ended";
  readonly finishedAt: string | null;
};

/** A session, starting afresh or where a restored run stands (session-restore.ts). */
export function openSession(scenario: Scenario, options: SessionOptions, resume?: Resume): PlayerSession {
  const { analysis } = options;
  const now = options.now ?? (() => new Date());
  const machine: ScenarioMachine = createScenarioMachine(scenario);
  // A restored run starts in its last state at once: replaying it event by event costs a copy of the steps per step.
  const actor: Actor<ScenarioMachine> = createActor(
    machine,
    resume
      ? {
          snapshot: machine.resolveState({
            value: { [resume.context.position.at]: resume.state },
            context: resume.context,
          }),
        }
      : undefined,
  );
  actor.start();
  let seed: Seed = options.seed ?? null;
  let startedAt = options.startedAt ?? now().toISOString();
  let finishedAt: string | null = resume?.finishedAt ?? null;
  const listeners = new Set<(view: SessionView) => void>();

  const context = (): RunContext => actor.getSnapshot().context;
  const phase = (): Phase => {
    const snapshot = actor.getSnapshot();
    return snapshot.hasTag("ended") ? "ended" : snapshot.hasTag("feedback") ? "feedback" : "deciding";
  };
  const view = (): SessionView => {
    const { position, steps } = context();
    const current = phase();
    const node = nodeById(scenario, position.at) as Scene | Ending;
    const lastStep = steps.at(-1);
    const lastScene = lastStep ? sceneById(scenario, lastStep.scene) : undefined;
    const lastChoice = lastScene?.choices.find((c) => c.id === lastStep?.choice);
    return {
      phase: current,
      node,
      choices:
        current === "deciding" && node.kind === "scene"
          ? shown(node).map((choice, i) => ({ number: i + 1, choice }))
          : [],
      ...(lastStep && lastScene && lastChoice
        ? { last: { scene: lastScene, choice: lastChoice, step: lastStep } }
        : {}),
      position,
      steps,
      canGoBack: steps.length > 0,
    };
  };
  /** The options on offer at the current decision, in the order this run shows them. */
  const shown = (scene: Scene) => {
    const { position, steps } = context();
    return shownOrder(scenario, scene, availableChoices(scene, position.flags), seed, steps.length);
  };
  const notify = () => {
    const v = view();
    for (const listener of listeners) listener(v);
  };
  const send = (event: Parameters<typeof actor.send>[0]): boolean => {
    const before = actor.getSnapshot();
    actor.send(event);
    const changed = actor.getSnapshot() !== before;
    if (changed) {
      finishedAt = phase() === "ended" ? (finishedAt ?? now().toISOString()) : null;
      notify();
    }
    return changed;
  };

  const session: PlayerSession = {
    scenario,
    analysis,
    get seed() {
      return seed;
    },
    view,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    choose(n) {
      if (phase() !== "deciding" || !Number.isInteger(n)) return false;
      const scene = sceneById(scenario, context().position.at);
      const choice = scene ? shown(scene)[n - 1] : undefined;
      return choice !== undefined && send({ type: "choice.select", choice: choice.id });
    },
    continue: () => phase() === "feedback" && send({ type: "scene.continue" }),
    back: () => context().steps.length > 0 && send({ type: "session.back" }),
    restart(next) {
      if (next !== undefined) seed = next;
      startedAt = now().toISOString();
      finishedAt = null;
      actor.send({ type: "session.restart" });
      notify();
    },
    save() {
      const { position, steps } = context();
      const d = runTotals(scenario, analysis, steps);
      const ending = nodeById(scenario, position.at);
      return {
        schema: RUN_SCHEMA,
        scenario: scenario.id,
        scenarioHash: scenario.hash,
        seed,
        startedAt,
        finishedAt,
        steps,
        ending: ending?.kind === "ending" ? ending.id : null,
        scores: d.scores,
        percent: d.percent,
        reach: d.reach,
        flags: position.flags,
        ...(phase() === "feedback" ? { feedbackPending: true } : {}),
      };
    },
    stop: () => actor.stop(),
  };
  return session;
}
