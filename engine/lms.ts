/**
 * What a learning platform (an LMS through SCORM, an LRS through cmi5/xAPI)
 * learns from a run: completion, one score, one objective per principle the
 * run tested, and each decision with what it changed. Pure: the exported
 * packages' scripts (web/lms/) compute it in the trainee's browser from the
 * run record the player sends (`rehearse:run` events), and tests compute it
 * from the same record to check what the package reported.
 *
 * The score is the debrief's: each tested principle's `percent` (where the
 * run's total sits between the lowest and the highest total any complete run
 * of the scenario reaches, 0–100), and their mean. 100 is the best reachable
 * on every principle the run tested.
 *
 * A run resumes from a compact string (`resumeString`) that fits SCORM 1.2's
 * 4,096 characters of suspend data.
 */
import type { Analysis } from "./analyze.ts";
import type { Scenario, Scores } from "./model.ts";
import { own } from "./own.ts";
import { RUN_SCHEMA, type RunRecord } from "./record.ts";
import type { Position, Step } from "./run.ts";
import { availableChoices, nodeById, sceneById, takeChoice } from "./run.ts";
import { isSeed } from "./shuffle.ts";
import { runTotals } from "./totals.ts";

/** One principle the run tested, as an LMS objective (its id is the principle's id). */
export type LmsObjective = {
  readonly id: string;
  /** The run's total for the principle, and the lowest and highest total any complete run reaches. */
  readonly raw: number;
  readonly min: number;
  readonly max: number;
  /** The debrief's percentage, 0–100. */
  readonly percent: number;
  /** `percent / 100`, 0–1. */
  readonly scaled: number;
};

/** One decision: where, which choice (by id), and what it changed per principle (no zeros). */
export type LmsDecision = {
  /** 1-based. */
  readonly step: number;
  readonly scene: string;
  readonly sceneTitle?: string;
  readonly choice: string;
  readonly changes: Scores;
};

export type LmsResult = {
  readonly scenario: string;
  /** `completed` once the run has reached an ending. */
  readonly completion: "completed" | "incomplete";
  readonly ending: string | null;
  readonly tone: "positive" | "mixed" | "negative" | null;
  /**
   * The mean of the objectives' percentages, rounded to a whole number, as raw 0–100 and scaled 0–1;
   * null while no principle has been tested (before the first decision that could move one).
   */
  readonly score: { readonly raw: number; readonly min: 0; readonly max: 100; readonly scaled: number } | null;
  /** One per principle this run tested, in the scenario's order. */
  readonly objectives: readonly LmsObjective[];
  readonly decisions: readonly LmsDecision[];
  /** How many of the record's steps replayed on this scenario (all, unless it has changed since). */
  readonly replayed: number;
};

/** What an LMS learns from a run, replayed on its scenario (as far as its steps hold). */
export function lmsResult(
  scenario: Scenario,
  analysis: Pick<Analysis, "range">,
  run: Pick<RunRecord, "steps">,
): LmsResult {
  const steps: Step[] = [];
  const decisions: LmsDecision[] = [];
  let position: Position = { at: scenario.start, scores: {}, flags: [] };
  for (const step of run.steps) {
    const taken = position.at === step.scene ? takeChoice(scenario, position, step.choice) : undefined;
    if (!taken || taken.choice.to !== step.to) break;
    const scene = sceneById(scenario, position.at);
    const changes: Record<string, number> = {};
    for (const p of scenario.principles) {
      const v = own(taken.choice.scores, p) ?? 0;
      if (v !== 0) changes[p] = v;
    }
    decisions.push({
      step: steps.length + 1,
      scene: taken.step.scene,
      ...(scene?.title === undefined ? {} : { sceneTitle: scene.title }),
      choice: taken.choice.id,
      changes,
    });
    steps.push(taken.step);
    position = taken.next;
  }
  const totals = runTotals(scenario, analysis as Analysis, steps);
  const objectives: LmsObjective[] = [];
  for (const id of scenario.principles) {
    const percent = own(totals.percent, id);
    if (percent === undefined) continue;
    const { min, max } = own(analysis.range, id) ?? { min: 0, max: 0 };
    objectives.push({ id, raw: own(totals.scores, id) ?? 0, min, max, percent, scaled: percent / 100 });
  }
  const node = nodeById(scenario, position.at);
  const ended = node?.kind === "ending";
  const mean =
    objectives.length === 0 ? null : Math.round(objectives.reduce((s, o) => s + o.percent, 0) / objectives.length);
  return {
    scenario: scenario.id,
    completion: ended ? "completed" : "incomplete",
    ending: ended ? node.id : null,
    tone: ended ? (node.tone ?? null) : null,
    score: mean === null ? null : { raw: mean, min: 0, max: 100, scaled: mean / 100 },
    objectives,
    decisions,
    replayed: steps.length,
  };
}

/**
 * What an exported package's pages tell the trainee about where their runs go, in place of the site's
 * "Nothing you choose leaves this browser." (the export writes it into the page, the package's script
 * hands it to the player).
 */
export const LMS_NOTE =
  "In a course, your choices and scores are sent to your organisation's learning platform, where its course staff can see them.";

/** SCORM 1.2's limit on `cmi.suspend_data`; SCORM 2004 allows 64,000. */
export const SCORM12_SUSPEND_LIMIT = 4096;

const RESUME_PREFIX = "rehearse.resume/1";

/**
 * A run as a compact string: `rehearse.resume/1|hash|seed|startedAt|f|c1,c2,…`
 * (`f` when the last choice's feedback was still on screen; `-` for no seed),
 * naming each choice by its id. Ids are names (letters, digits, `-`, `_`), so
 * the separators never occur in them. When that is longer than `limit`, each
 * choice is named by its place among the options then available in the
 * author's order (`#2`, as `rehearse.run/1` records did), which a package's
 * frozen copy of the scenario resolves the same way; a run longer still (loops
 * can make runs endless) keeps the most steps that fit, so it resumes at the
 * furthest point the LMS can hold, never at a corrupt one.
 */
export function resumeString(
  scenario: Scenario,
  record: Pick<RunRecord, "scenarioHash" | "seed" | "startedAt" | "steps" | "feedbackPending">,
  limit = SCORM12_SUSPEND_LIMIT,
): string {
  const head = (pending: boolean) =>
    [RESUME_PREFIX, record.scenarioHash, record.seed ?? "-", record.startedAt, pending ? "f" : ""].join("|");
  const byId = `${head(record.feedbackPending === true)}|${record.steps.map((s) => s.choice).join(",")}`;
  if (byId.length <= limit) return byId;
  const places: string[] = [];
  let position: Position = { at: scenario.start, scores: {}, flags: [] };
  for (const step of record.steps) {
    const scene = sceneById(scenario, position.at);
    const available = scene ? availableChoices(scene, position.flags) : [];
    const index = available.findIndex((c) => c.id === step.choice);
    const choice = available[index];
    if (!choice || choice.to !== step.to) break;
    places.push(`#${index + 1}`);
    position = takeChoice(scenario, position, choice.id)?.next ?? position;
  }
  let text = `${head(record.feedbackPending === true && places.length === record.steps.length)}|${places.join(",")}`;
  while (text.length > limit && places.length > 0) {
    // Drop whole steps from the end until it fits (a step is at most 11 characters with its comma).
    const over = text.length - limit;
    places.splice(Math.max(0, places.length - Math.max(1, Math.ceil(over / 12))));
    text = `${head(false)}|${places.join(",")}`;
  }
  return text;
}

/**
 * The run record a resume string stands for, replayed on the scenario (its
 * scores and totals recomputed): what the player resumes from. Undefined for
 * an empty or foreign string (a new run starts); never throws.
 */
export function parseResumeString(
  scenario: Scenario,
  analysis: Pick<Analysis, "range">,
  text: unknown,
): RunRecord | undefined {
  if (typeof text !== "string" || !text.startsWith(`${RESUME_PREFIX}|`)) return undefined;
  const [, hash, seedText, startedAt, pending, list] = text.split("|");
  if (hash === undefined || startedAt === undefined || list === undefined || Number.isNaN(Date.parse(startedAt)))
    return undefined;
  const seed = seedText === "-" ? null : Number(seedText);
  if (seed !== null && !isSeed(seed)) return undefined;
  const steps: Step[] = [];
  let position: Position = { at: scenario.start, scores: {}, flags: [] };
  for (const reference of list === "" ? [] : list.split(",")) {
    const taken = takeChoice(scenario, position, reference);
    if (!taken) break;
    steps.push(taken.step);
    position = taken.next;
  }
  const totals = runTotals(scenario, analysis as Analysis, steps);
  const node = nodeById(scenario, position.at);
  const ended = node?.kind === "ending";
  return {
    schema: RUN_SCHEMA,
    scenario: scenario.id,
    scenarioHash: hash,
    seed,
    startedAt,
    finishedAt: null,
    steps,
    ending: ended ? node.id : null,
    scores: totals.scores,
    percent: totals.percent,
    reach: totals.reach,
    flags: position.flags,
    ...(pending === "f" && steps.length > 0 ? { feedbackPending: true } : {}),
  };
}
