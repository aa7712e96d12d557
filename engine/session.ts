import { type Actor, createActor } from "xstate";
import type { Analysis } from "./analyze.ts";
import type { RunContext, ScenarioMachine } from "./machine.ts";
import { createScenarioMachine } from "./machine.ts";
import type { Choice, Ending, Scenario, Scene } from "./model.ts";
import type { RunRecord } from "./record.ts";
import { parseRunRecord, RUN_SCHEMA } from "./record.ts";
import type { Position, Step } from "./run.ts";
import { availableChoices, nodeById, sceneById } from "./run.ts";
import type { Debrief } from "./score.ts";
import { debriefRun } from "./score.ts";

export type Phase = "deciding" | "feedback" | "ended";

/** What a player renders: everything is derived from the actor's snapshot. */
export type SessionView = {
  readonly phase: Phase;
  /** The scene being decided, or the node the last choice led to. */
  readonly node: Scene | Ending;
  /** Available choices, numbered from 1 (deciding only). */
  readonly choices: readonly { readonly number: number; readonly choice: Choice }[];
  /** The last decision: its scene, choice and step (feedback and after). */
  readonly last?: { readonly scene: Scene; readonly choice: Choice; readonly step: Step };
  readonly position: Position;
  readonly steps: readonly Step[];
  readonly canGoBack: boolean;
};

export type Session = {
  readonly scenario: Scenario;
  readonly analysis: Analysis;
  view(): SessionView;
  /** Called after every change; returns an unsubscribe function. */
  subscribe(listener: (view: SessionView) => void): () => void;
  /** Chooses the n-th available choice (1-based); false when n is not on offer. */
  choose(n: number): boolean;
  /** Moves past the feedback; false when there is none on screen. */
  continue(): boolean;
  /** Undoes the last choice, restoring scene, scores and flags exactly; false at the start. */
  back(): boolean;
  restart(): void;
  debrief(): Debrief;
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
};

export function createSession(scenario: Scenario, options: SessionOptions): Session {
  const { analysis } = options;
  const now = options.now ?? (() => new Date());
  const machine: ScenarioMachine = createScenarioMachine(scenario);
  const actor: Actor<ScenarioMachine> = createActor(machine);
  actor.start();
  let startedAt = options.startedAt ?? now().toISOString();
  let finishedAt: string | null = null;
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
    const previous = context().history.at(-1);
    const lastChoice =
      lastScene && previous ? availableChoices(lastScene, previous.flags)[(lastStep?.choice ?? 0) - 1] : undefined;
    return {
      phase: current,
      node,
      choices:
        current === "deciding" && node.kind === "scene"
          ? availableChoices(node, position.flags).map((choice, i) => ({ number: i + 1, choice }))
          : [],
      ...(lastStep && lastScene && lastChoice
        ? { last: { scene: lastScene, choice: lastChoice, step: lastStep } }
        : {}),
      position,
      steps,
      canGoBack: steps.length > 0,
    };
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

  const session: Session = {
    scenario,
    analysis,
    view,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    choose: (n) => phase() === "deciding" && Number.isInteger(n) && send({ type: "choice.select", index: n }),
    continue: () => phase() === "feedback" && send({ type: "scene.continue" }),
    back: () => context().steps.length > 0 && send({ type: "session.back" }),
    restart() {
      startedAt = now().toISOString();
      finishedAt = null;
      actor.send({ type: "session.restart" });
      notify();
    },
    debrief: () => debriefRun(scenario, analysis, context().steps),
    save() {
      const { position, steps } = context();
      const d = debriefRun(scenario, analysis, steps);
      const ending = nodeById(scenario, position.at);
      return {
        schema: RUN_SCHEMA,
        scenario: scenario.id,
        scenarioHash: scenario.hash,
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

export type RestoreResult =
  | { readonly ok: false; readonly error: string }
  | {
      readonly ok: true;
      readonly session: Session;
      /** `exact`: same scenario version; `replayed`: an edited scenario where every choice still holds; `diverged`: it held for `replayed` of `total` steps. */
      readonly status: "exact" | "replayed" | "diverged";
      readonly replayed: number;
      readonly total: number;
      /** For the trainee when the status is not `exact`. */
      readonly message?: string;
    };

/**
 * Restores a saved run by replaying its choices (the record is the truth).
 * A record from another version of the scenario is replayed as far as its
 * path still holds; corrupt input is an error value, never a throw.
 */
export function restoreSession(scenario: Scenario, input: unknown, options: SessionOptions): RestoreResult {
  const parsed = parseRunRecord(input);
  if (!parsed.ok) return { ok: false, error: `This saved run cannot be read: ${parsed.error}.` };
  const record = parsed.record;
  if (record.scenario !== scenario.id) {
    return { ok: false, error: `This saved run belongs to "${record.scenario}", not "${scenario.id}".` };
  }
  const session = createSession(scenario, { ...options, startedAt: record.startedAt });
  let replayed = 0;
  for (const step of record.steps) {
    const here = session.view();
    if (here.phase !== "deciding" || here.node.id !== step.scene) break;
    const byNumber = here.choices[step.choice - 1];
    const sameTarget = here.choices.filter((c) => c.choice.to === step.to);
    const pick = byNumber?.choice.to === step.to ? byNumber : sameTarget.length === 1 ? sameTarget[0] : undefined;
    if (!pick || !session.choose(pick.number)) break;
    replayed++;
    const isLast = replayed === record.steps.length;
    if (!(isLast && record.feedbackPending)) session.continue();
  }
  const total = record.steps.length;
  const sameVersion = record.scenarioHash === scenario.hash;
  if (replayed < total) {
    // Stop on the last valid decision, not on feedback the trainee has already read.
    if (session.view().phase === "feedback") session.continue();
    const where = session.view().node;
    return {
      ok: true,
      session,
      status: "diverged",
      replayed,
      total,
      message: `This scenario has changed since the run was saved. ${replayed} of ${total} choices still hold, so the run continues from “${where.title ?? where.id}”. You can go on from there or start again.`,
    };
  }
  return {
    ok: true,
    session,
    status: sameVersion ? "exact" : "replayed",
    replayed,
    total,
    ...(sameVersion
      ? {}
      : { message: "This scenario has been updated since the run was saved; every choice you made still holds." }),
  };
}
