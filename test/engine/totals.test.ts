import { describe, expect, it } from "vitest";
import { analyzeScenario } from "../../engine/analyze.ts";
import { loadLibrary } from "../../engine/load.ts";
import type { Scenario } from "../../engine/model.ts";
import { availableChoices, sceneById, startPosition, takeChoice } from "../../engine/run.ts";
import { debriefRun } from "../../engine/score.ts";
import { createPlayerSession } from "../../engine/session-core.ts";
import { runTotals } from "../../engine/totals.ts";

const library = loadLibrary("scenarios");
const scenarios = library.scenarios.flatMap(({ result }) => (result.value ? [result.value] : []));

/** Up to `limit` runs from the start, each as its steps, by depth-first choice (every prefix counts too). */
function runsOf(scenario: Scenario, limit: number) {
  const runs: { scene: string; choice: string; to: string; scores: Record<string, number> }[][] = [];
  const walk = (position = startPosition(scenario), steps: (typeof runs)[number] = []) => {
    if (runs.length >= limit) return;
    runs.push(steps);
    const scene = sceneById(scenario, position.at);
    if (!scene || steps.length > 12) return;
    for (const choice of availableChoices(scene, position.flags)) {
      const taken = takeChoice(scenario, position, choice.id);
      if (taken) walk(taken.next, [...steps, { ...taken.step, scores: { ...taken.step.scores } }]);
    }
  };
  walk();
  return runs;
}

describe("a run's totals without its debrief (engine/totals.ts)", () => {
  it("has scenarios to check", () => {
    expect(scenarios.length).toBeGreaterThan(5);
  });

  it("match the debrief's scores, percentages and reach on every bundled scenario's runs", () => {
    let compared = 0;
    for (const scenario of scenarios) {
      const analysis = analyzeScenario(scenario);
      for (const steps of runsOf(scenario, 200)) {
        const { scores, percent, reach } = debriefRun(scenario, analysis, steps);
        expect(runTotals(scenario, analysis, steps), `${scenario.id} after ${steps.length} steps`).toEqual({
          scores,
          percent,
          reach,
        });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it("are what a player session saves at each step", () => {
    const scenario = scenarios[0] as Scenario;
    const analysis = analyzeScenario(scenario);
    const session = createPlayerSession(scenario, { analysis, seed: 7 });
    for (let i = 0; i < 4 && session.view().phase !== "ended"; i++) {
      if (session.view().phase === "deciding") session.choose(1);
      else session.continue();
      const record = session.save();
      const { scores, percent, reach } = debriefRun(scenario, analysis, record.steps);
      expect({ scores: record.scores, percent: record.percent, reach: record.reach }).toEqual({
        scores,
        percent,
        reach,
      });
    }
  });
});
