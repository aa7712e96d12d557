/**
 * The self-assessment (issue #15 §1): the code's statements, answered on a
 * five-point scale before training and again later. This module keeps the
 * answers in a key-value store beside the runs (`rehearse:assessments`), says
 * which assessment is due, and works out the change per principle. Both the
 * site and the terminal use it; neither computes anything itself.
 */
import type { Principle } from "./model.ts";
import { KEY_PREFIX, type KeyValueStore, type Repair, setAside } from "./progress.ts";
import type { RunRecord } from "./record.ts";
import { type Answer, type Assessment, parseAssessment, RECORD_LIMITS } from "./training-record.ts";

/** Every assessment taken in this browser, as a JSON list. */
export const ASSESSMENTS_KEY = `${KEY_PREFIX}assessments`;

/** The scale, 1 to 5, in the words the trainee reads. */
export const ANSWER_LABELS: Readonly<Record<Answer, string>> = {
  1: "Strongly disagree",
  2: "Disagree",
  3: "Neither agree nor disagree",
  4: "Agree",
  5: "Strongly agree",
};
export const ANSWERS: readonly Answer[] = [1, 2, 3, 4, 5];

/** After this many scenarios completed since the last assessment, the "after" one is suggested. */
export const AFTER_SUGGESTED_AT = 5;

/** The principles' statements, as the self-assessment asks them. */
export type AssessedPrinciple = Pick<Principle, "id" | "name" | "statements">;

/** Reads a saved list of assessments; entries that cannot be read are left out and counted. Never throws. */
export function parseAssessmentList(raw: string): { assessments: Assessment[]; bad: number; error?: string } {
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    return { assessments: [], bad: 0, error: "the saved self-assessments are not JSON" };
  }
  if (!Array.isArray(list)) return { assessments: [], bad: 0, error: "the saved self-assessments are not a list" };
  const assessments: Assessment[] = [];
  let bad = 0;
  let error: string | undefined;
  for (const item of list) {
    const parsed = parseAssessment(item);
    if (typeof parsed === "string") {
      bad++;
      error ??= `a saved self-assessment could not be read (${parsed})`;
    } else assessments.push(parsed);
  }
  return { assessments, bad, ...(error ? { error } : {}) };
}

/**
 * Reads the assessments from the store. Damaged data is set aside under a
 * `rehearse:corrupt:<time>` key and reported, like damaged runs; the rest is kept.
 */
export function readAssessments(
  store: KeyValueStore,
  now = new Date(),
): { assessments: Assessment[]; repairs: Repair[] } {
  const raw = store.getItem(ASSESSMENTS_KEY);
  if (raw === null) return { assessments: [], repairs: [] };
  const parsed = parseAssessmentList(raw);
  if (parsed.error === undefined) return { assessments: parsed.assessments, repairs: [] };
  const repair = setAside(store, ASSESSMENTS_KEY, raw, parsed.error, now);
  store.setItem(ASSESSMENTS_KEY, JSON.stringify(parsed.assessments));
  return {
    assessments: parsed.assessments,
    repairs: [repair],
  };
}

/**
 * The list with one more assessment: a new "before" replaces the old one (a
 * record holds at most one), an "after" is added. The oldest "after"s go first
 * when the list would outgrow what a training record may hold.
 */
export function withAssessment(list: readonly Assessment[], assessment: Assessment): Assessment[] {
  const kept = assessment.when === "before" ? list.filter((a) => a.when !== "before") : [...list];
  const next = [...kept, assessment];
  while (next.length > RECORD_LIMITS.assessments) {
    const oldest = next.findIndex((a) => a.when === "after");
    next.splice(oldest === -1 ? 0 : oldest, 1);
  }
  return next;
}

/** Saves a new assessment beside the runs. */
export function saveAssessment(store: KeyValueStore, assessment: Assessment, now = new Date()): Repair[] {
  const read = readAssessments(store, now);
  store.setItem(ASSESSMENTS_KEY, JSON.stringify(withAssessment(read.assessments, assessment)));
  return read.repairs;
}

export type Due = {
  /** Which assessment to offer now. */
  readonly when: "before" | "after";
  /** Whether to suggest it: a "before" is suggested until taken; an "after" once enough scenarios are done since the last one. */
  readonly suggested: boolean;
  /** Different scenarios completed since the last assessment (all of them when none was taken). */
  readonly scenariosSince: number;
  /** The last assessment taken, if any. */
  readonly last?: Assessment;
};

/** Which assessment is due, given the assessments taken and the completed runs. */
export function assessmentDue(assessments: readonly Assessment[], completed: readonly RunRecord[]): Due {
  let last: Assessment | undefined;
  for (const a of assessments) if (!last || Date.parse(a.at) >= Date.parse(last.at)) last = a;
  const since = last ? Date.parse(last.at) : Number.NEGATIVE_INFINITY;
  const scenarios = new Set(
    completed.filter((r) => r.finishedAt !== null && Date.parse(r.finishedAt) > since).map((r) => r.scenario),
  );
  const hasBefore = assessments.some((a) => a.when === "before");
  if (!hasBefore) return { when: "before", suggested: true, scenariosSince: scenarios.size, ...(last ? { last } : {}) };
  return {
    when: "after",
    suggested: scenarios.size >= AFTER_SUGGESTED_AT,
    scenariosSince: scenarios.size,
    ...(last ? { last } : {}),
  };
}

export type ChangeRow = {
  readonly principle: string;
  /** The mean answer (1–5) to the principle's statements in the "before" assessment; null when none was answered. */
  readonly before: number | null;
  /** The same in the latest "after". */
  readonly after: number | null;
  /** after − before, when both exist. */
  readonly change: number | null;
};

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 10) / 10;

/** The mean answer per principle before and after, and the change, in the code's order. */
export function changeByPrinciple(
  principles: readonly AssessedPrinciple[],
  before: Assessment | undefined,
  after: Assessment | undefined,
): ChangeRow[] {
  const answered = (a: Assessment | undefined, p: AssessedPrinciple) =>
    mean(
      p.statements
        .map((s) => (a && Object.hasOwn(a.answers, s.id) ? a.answers[s.id] : undefined))
        .filter((v): v is Answer => v !== undefined),
    );
  return principles.map((p) => {
    const b = answered(before, p);
    const a = answered(after, p);
    return {
      principle: p.id,
      before: b,
      after: a,
      change: b === null || a === null ? null : Math.round((a - b) * 10) / 10,
    };
  });
}

/** Statement ids the code asks, so answers to statements it no longer has can be told apart. */
export const statementIds = (principles: readonly AssessedPrinciple[]): string[] =>
  principles.flatMap((p) => p.statements.map((s) => s.id));
