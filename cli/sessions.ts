import { analyzeScenario } from "../engine/analyze.ts";
import { memoized } from "../engine/memo.ts";
import type { Scenario } from "../engine/model.ts";
import type { RestoreResult, Session } from "../engine/session.ts";
import { createSession, restoreSession } from "../engine/session.ts";

/** The terminal compiles scenarios itself, so it analyses them once here (the site does it at build time). */
export const analysisOf = memoized(analyzeScenario);

export const startSession = (scenario: Scenario): Session =>
  createSession(scenario, { analysis: analysisOf(scenario) });

export const resumeSession = (scenario: Scenario, record: unknown): RestoreResult =>
  restoreSession(scenario, record, { analysis: analysisOf(scenario) });
