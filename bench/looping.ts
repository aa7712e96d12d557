import type { Scenario } from "../engine/model.ts";
import type { Step } from "../engine/run.ts";
import { availableChoices, sceneById, startPosition, takeChoice } from "../engine/run.ts";

/**
 * A run of `count` steps that never leaves the loop of {@link generateLoopingScenario}:
 * at each step the next option (in turn) that does not lead to an ending.
 */
export function loopingSteps(scenario: Scenario, count: number): Step[] {
  let position = startPosition(scenario);
  const steps: Step[] = [];
  for (let i = 0; i < count; i++) {
    const scene = sceneById(scenario, position.at);
    if (!scene) throw new Error(`the run left the loop at ${position.at}`);
    const options = availableChoices(scene, position.flags).filter((c) => sceneById(scenario, c.to));
    const choice = options[i % options.length];
    const taken = choice && takeChoice(scenario, position, choice.id);
    if (!taken) throw new Error(`no way round the loop at ${position.at}`);
    steps.push(taken.step);
    position = taken.next;
  }
  return steps;
}
