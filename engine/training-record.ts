import { jsonObject } from "./json-object.ts";
import { isScenarioId, isTime, type RunRecord } from "./record.ts";
import { isSeed } from "./shuffle.ts";

/**
 * The training record a trainee chooses to share with their coordinator
 * (`rehearse.record/1`, issue #15 §2): an optional pseudonym, the before/after
 * self-assessment answers, and the run records without any scores (a reader
 * recomputes them by replaying the steps on its own scenarios).
 *
 * The JSON Schema is `schemas/rehearse.record-1.schema.json`. Readers ignore
 * fields they do not know, so the format can grow without breaking old readers;
 * `parseTrainingRecord` keeps reading every record this version wrote.
 *
 * Additive to the agreed spec (RECORD.md): `isAnswer`, `isStatementId`,
 * `assessmentOf`, `parseAssessment`, `RECORD_LIMITS` and `TrainingRecordInput`
 * (`buildTrainingRecord` takes one object). Statement ids are lowercase letters,
 * digits and `-` (`isStatementId`, checked by `invalid-statement`); an id the
 * compiler makes is `<principle>-<n>` with the principle id lowercased and `_`
 * written as `-`. A parsed record is never a hostile object: unknown fields are
 * dropped, and answers are keyed by checked ids only (no `__proto__`).
 */
export const TRAINING_RECORD_SCHEMA = "rehearse.record/1";

/** A five-point scale: 1 = strongly disagree … 5 = strongly agree. */
export type Answer = 1 | 2 | 3 | 4 | 5;

export type Assessment = {
  readonly when: "before" | "after";
  /** When it was taken (ISO date-time). */
  readonly at: string;
  /** Statement id → answer. A statement the trainee skipped is absent. */
  readonly answers: Readonly<Record<string, Answer>>;
};

/** A run record (`rehearse.run/2`) without scores, percent, reach or flags. */
export type SharedRun = {
  readonly scenario: string;
  readonly scenarioHash: string;
  readonly seed: number | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly steps: readonly { readonly scene: string; readonly choice: string; readonly to: string }[];
  readonly ending: string | null;
};

export type TrainingRecord = {
  readonly schema: typeof TRAINING_RECORD_SCHEMA;
  /** Random per record: the same record loaded twice is counted once. */
  readonly id: string;
  readonly createdAt: string;
  /** Optional, typed by the trainee; never shown next to answers. */
  readonly pseudonym?: string;
  readonly code: { readonly title: string; readonly hash: string };
  /** At most one "before"; "after" may repeat (the latest counts). */
  readonly assessments: readonly Assessment[];
  readonly runs: readonly SharedRun[];
};

export type ParsedTrainingRecord =
  | { readonly ok: true; readonly record: TrainingRecord }
  | { readonly ok: false; readonly error: string };

/** What a record may hold: larger is refused rather than read. */
export const RECORD_LIMITS = {
  /** Characters of JSON text accepted by `parseTrainingRecord`. */
  chars: 8 * 1024 * 1024,
  runs: 2000,
  stepsPerRun: 1000,
  assessments: 50,
  answers: 300,
  pseudonym: 60,
  text: 200,
} as const;

export const isAnswer = (value: unknown): value is Answer =>
  value === 1 || value === 2 || value === 3 || value === 4 || value === 5;

/** A statement id as the compiler makes and checks them: lowercase letters, digits and hyphens. */
export const isStatementId = (value: unknown): boolean =>
  typeof value === "string" && value.length <= 100 && /^[a-z0-9][a-z0-9-]*$/.test(value);

const isRecordId = (value: unknown): value is string =>
  typeof value === "string" && value.length <= 100 && /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(value);

const isText = (value: unknown, max: number = RECORD_LIMITS.text): value is string =>
  typeof value === "string" && value.length > 0 && value.length <= max;

// Control characters (incl. ESC, which a terminal would act on) and bidi overrides have no place in a pseudonym.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Checks untrusted JSON (text or parsed) against `rehearse.record/1`; never throws. */
export function parseTrainingRecord(input: unknown): ParsedTrainingRecord {
  try {
    return parse(input);
  } catch (error) {
    // Only a hostile object (a throwing getter, a Proxy) gets here.
    return { ok: false, error: `not a readable record (${error instanceof Error ? error.message : String(error)})` };
  }
}

function parse(input: unknown): ParsedTrainingRecord {
  if (typeof input === "string" && input.length > RECORD_LIMITS.chars)
    return { ok: false, error: `larger than ${RECORD_LIMITS.chars / 1024 / 1024} MiB` };
  const object = jsonObject(input, "a training record object");
  if (!object.ok) return object;
  const r = object.value;
  if (r.schema !== TRAINING_RECORD_SCHEMA) {
    const run = typeof r.schema === "string" && r.schema.startsWith("rehearse.run/");
    return {
      ok: false,
      error: run
        ? `a single run record (${JSON.stringify(r.schema)}), not a training record: share it from /progress/`
        : `unknown schema ${JSON.stringify(typeof r.schema === "string" ? r.schema.slice(0, 60) : r.schema)}, expected "${TRAINING_RECORD_SCHEMA}"`,
    };
  }
  if (!isRecordId(r.id)) return { ok: false, error: "`id` is not a record id (letters, digits, - and _)" };
  if (!isTime(r.createdAt)) return { ok: false, error: "`createdAt` is not a date and time" };
  if (r.pseudonym !== undefined) {
    if (!isText(r.pseudonym, RECORD_LIMITS.pseudonym) || UNSAFE.test(r.pseudonym))
      return {
        ok: false,
        error: `\`pseudonym\` is not 1–${RECORD_LIMITS.pseudonym} characters of plain text`,
      };
  }
  const code = r.code as Record<string, unknown> | null;
  if (typeof code !== "object" || code === null || !isText(code.title, 500) || !isText(code.hash, 100))
    return { ok: false, error: "`code` is not { title, hash }" };

  if (!Array.isArray(r.assessments)) return { ok: false, error: "`assessments` is not a list" };
  if (r.assessments.length > RECORD_LIMITS.assessments)
    return { ok: false, error: `more than ${RECORD_LIMITS.assessments} assessments` };
  const assessments: Assessment[] = [];
  for (const [i, a] of r.assessments.entries()) {
    const parsed = parseAssessment(a);
    if (typeof parsed === "string") return { ok: false, error: `assessment ${i + 1}: ${parsed}` };
    assessments.push(parsed);
  }
  if (assessments.filter((a) => a.when === "before").length > 1)
    return { ok: false, error: 'more than one "before" assessment' };

  if (!Array.isArray(r.runs)) return { ok: false, error: "`runs` is not a list" };
  if (r.runs.length > RECORD_LIMITS.runs) return { ok: false, error: `more than ${RECORD_LIMITS.runs} runs` };
  const runs: SharedRun[] = [];
  for (const [i, run] of r.runs.entries()) {
    const parsed = parseRun(run);
    if (typeof parsed === "string") return { ok: false, error: `run ${i + 1}: ${parsed}` };
    runs.push(parsed);
  }

  return {
    ok: true,
    record: {
      schema: TRAINING_RECORD_SCHEMA,
      id: r.id,
      createdAt: r.createdAt,
      ...(r.pseudonym === undefined ? {} : { pseudonym: r.pseudonym as string }),
      code: { title: code.title as string, hash: code.hash as string },
      assessments,
      runs,
    },
  };
}

/** One assessment from untrusted data: the assessment, or what is wrong with it. */
export function parseAssessment(value: unknown): Assessment | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not { when, at, answers }";
  const a = value as Record<string, unknown>;
  if (a.when !== "before" && a.when !== "after") return '`when` is not "before" or "after"';
  if (!isTime(a.at)) return "`at` is not a date and time";
  if (typeof a.answers !== "object" || a.answers === null || Array.isArray(a.answers))
    return "`answers` is not an object";
  const entries = Object.entries(a.answers);
  if (entries.length > RECORD_LIMITS.answers) return `more than ${RECORD_LIMITS.answers} answers`;
  const answers: Record<string, Answer> = {};
  for (const [id, answer] of entries) {
    if (!isStatementId(id)) return `${JSON.stringify(id.slice(0, 60))} is not a statement id`;
    if (!isAnswer(answer)) return `the answer to "${id}" is not 1, 2, 3, 4 or 5`;
    answers[id] = answer;
  }
  return { when: a.when, at: a.at, answers };
}

function parseRun(value: unknown): SharedRun | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a run";
  const r = value as Record<string, unknown>;
  if (!isScenarioId(r.scenario)) return "`scenario` is not a scenario id";
  if (!isText(r.scenarioHash, 100)) return "`scenarioHash` is not a string";
  if (r.seed !== null && !isSeed(r.seed)) return "`seed` is not null or an integer from 0 to 4294967295";
  if (!isTime(r.startedAt)) return "`startedAt` is not a date and time";
  if (r.finishedAt !== null && !isTime(r.finishedAt)) return "`finishedAt` is not null or a date and time";
  if (r.ending !== null && !isText(r.ending)) return "`ending` is not null or a string";
  if (!Array.isArray(r.steps)) return "`steps` is not a list";
  if (r.steps.length > RECORD_LIMITS.stepsPerRun) return `more than ${RECORD_LIMITS.stepsPerRun} steps`;
  const steps: { scene: string; choice: string; to: string }[] = [];
  for (const [i, s] of r.steps.entries()) {
    const step = s as Record<string, unknown> | null;
    if (typeof step !== "object" || step === null || !isText(step.scene) || !isText(step.choice) || !isText(step.to))
      return `step ${i + 1} is not { scene, choice, to }`;
    steps.push({ scene: step.scene, choice: step.choice, to: step.to });
  }
  return {
    scenario: r.scenario,
    scenarioHash: r.scenarioHash,
    seed: r.seed as number | null,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt as string | null,
    steps,
    ending: r.ending as string | null,
  };
}

export type TrainingRecordInput = {
  /** Random per record (e.g. `crypto.randomUUID()`): the engine draws no randomness itself. */
  readonly id: string;
  readonly createdAt: string;
  /** Trimmed; empty means none. */
  readonly pseudonym?: string;
  readonly code: { readonly title: string; readonly hash: string };
  readonly assessments: readonly Assessment[];
  /** The trainee's run records: scores, percent, reach, flags and step scores are left out. */
  readonly runs: readonly RunRecord[];
};

/**
 * Builds the record a trainee shares. Only what the record promises is copied:
 * no scores of any kind, no flags, no notes. Runs in the legacy numbering
 * (`#n` choices, from `rehearse.run/1`) are kept as they are.
 */
export function buildTrainingRecord(input: TrainingRecordInput): TrainingRecord {
  const pseudonym = input.pseudonym
    ?.replace(new RegExp(UNSAFE.source, "g"), " ")
    .trim()
    .replace(/\s+/g, " ")
    .slice(0, RECORD_LIMITS.pseudonym)
    .trim();
  const befores = input.assessments.filter((a) => a.when === "before");
  const afters = input.assessments.filter((a) => a.when === "after");
  return {
    schema: TRAINING_RECORD_SCHEMA,
    id: input.id,
    createdAt: input.createdAt,
    ...(pseudonym ? { pseudonym } : {}),
    code: { title: input.code.title, hash: input.code.hash },
    assessments: [...befores.slice(0, 1), ...afters].map((a) => ({
      when: a.when,
      at: a.at,
      answers: { ...a.answers },
    })),
    runs: input.runs.map((run) => ({
      scenario: run.scenario,
      scenarioHash: run.scenarioHash,
      seed: run.seed,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      steps: run.steps.map((s) => ({ scene: s.scene, choice: s.choice, to: s.to })),
      ending: run.ending,
    })),
  };
}

/** The assessment that counts: the "before", or the latest "after" (by `at`, then by place). */
export function assessmentOf(assessments: readonly Assessment[], when: "before" | "after"): Assessment | undefined {
  let found: Assessment | undefined;
  for (const a of assessments) {
    if (a.when !== when) continue;
    if (when === "before") return a;
    if (!found || Date.parse(a.at) >= Date.parse(found.at)) found = a;
  }
  return found;
}
