import { analyzeScenario } from "../engine/analyze.ts";
import { memoized } from "../engine/memo.ts";
import type { Scenario } from "../engine/model.ts";
import type { RestoreResult, Session } from "../engine/session.ts";
import { createSession, restoreSession } from "../engine/session.ts";
import type { Seed } from "../engine/shuffle.ts";

/** The terminal compiles scenarios itself, so it analyses them once here (the site does it at build time). */
export const analysisOf = memoized(analyzeScenario);

/** A new run's seed: the terminal player shuffles each run's options differently. */
export const newSeed = (): number => crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;

/** A session; without a seed it shows the author's order (scripts, the transcript, the preview). */
export const startSession = (scenario: Scenario, seed: Seed = null): Session =>
  createSession(scenario, { analysis: analysisOf(scenario), seed });

export const resumeSession = (scenario: Scenario, record: unknown): RestoreResult =>
  restoreSession(scenario, record, { analysis: analysisOf(scenario) });
