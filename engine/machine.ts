import { assign, setup } from "xstate";
import type { Scenario } from "./model.ts";
import type { Position, Step } from "./run.ts";
import { resolveChoice, sceneById, startPosition, takeChoice } from "./run.ts";

export type RunContext = {
  readonly position: Position;
  readonly steps: readonly Step[];
  /** The position before each step, so `session.back` restores it exactly. */
  readonly history: readonly Position[];
};

export type RunEvent =
  /** Takes the available choice with this id (the Session maps the number a trainee sees to it). */
  | { readonly type: "choice.select"; readonly choice: string }
  | { readonly type: "scene.continue" }
  | { readonly type: "session.back" }
  | { readonly type: "session.restart" };

/** The state id of a scene or ending (ids are letters, digits, `-` and `_`, so they are safe here). */
export const stateId = (id: string) => `node-${id}`;

/**
 * An XState machine generated from a scenario. Every scene is a state with
 * `deciding` (choices on offer) and `review` (the feedback of the choice that
 * led here); every ending has `review` then `ended`. Guards and actions are
 * named and take params, so the generated config is plain data.
 */
export function createScenarioMachine(scenario: Scenario) {
  const initial = (): RunContext => ({ position: startPosition(scenario), steps: [], history: [] });
  const nodeStates: Record<string, object> = {};
  for (const scene of scenario.scenes) {
    nodeStates[scene.id] = {
      id: stateId(scene.id),
      initial: "deciding",
      states: {
        review: { tags: ["feedback"], on: { "scene.continue": "deciding" } },
        deciding: {
          tags: ["deciding"],
          on: {
            "choice.select": scene.choices.map((choice) => ({
              guard: { type: "isChoice", params: { scene: scene.id, index: choice.index } },
              target: `#${stateId(choice.to)}.review`,
              actions: { type: "applyChoice" },
            })),
          },
        },
      },
    };
  }
  for (const ending of scenario.endings) {
    nodeStates[ending.id] = {
      id: stateId(ending.id),
      initial: "review",
      states: {
        review: { tags: ["feedback"], on: { "scene.continue": "ended" } },
        ended: { tags: ["ended"] },
      },
    };
  }
  return setup({
    types: { context: {} as RunContext, events: {} as RunEvent },
    guards: {
      /** The event names, among the choices available now, the one with this index in the scene. */
      isChoice: ({ context, event }, params: { scene: string; index: number }) => {
        if (event.type !== "choice.select") return false;
        const scene = sceneById(scenario, params.scene);
        const picked = scene ? resolveChoice(scene, context.position.flags, event.choice) : undefined;
        return picked?.index === params.index;
      },
      /** The last step was made in this scene. */
      cameFrom: ({ context }, params: { scene: string }) => context.steps.at(-1)?.scene === params.scene,
    },
    actions: {
      applyChoice: assign(({ context, event }) => {
        if (event.type !== "choice.select") return {};
        const taken = takeChoice(scenario, context.position, event.choice);
        if (!taken) return {};
        return {
          position: taken.next,
          steps: [...context.steps, taken.step],
          history: [...context.history, context.position],
        };
      }),
      undo: assign(({ context }) => ({
        position: context.history.at(-1) ?? context.position,
        steps: context.steps.slice(0, -1),
        history: context.history.slice(0, -1),
      })),
      reset: assign(() => initial()),
    },
  }).createMachine({
    id: "scenario",
    context: initial,
    initial: scenario.start,
    // biome-ignore lint/suspicious/noExplicitAny: the states are generated from data
    states: nodeStates as any,
    on: {
      "session.back": scenario.scenes.map((scene) => ({
        guard: { type: "cameFrom", params: { scene: scene.id } },
        target: `#${stateId(scene.id)}.deciding`,
        actions: { type: "undo" },
      })),
      "session.restart": { target: `#${stateId(scenario.start)}.deciding`, actions: { type: "reset" }, reenter: true },
    },
  });
}

export type ScenarioMachine = ReturnType<typeof createScenarioMachine>;
