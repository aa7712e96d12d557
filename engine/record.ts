import { jsonObject } from "./json-object.ts";
import type { Scores } from "./model.ts";
import type { Step } from "./run.ts";
import { isSeed, type Seed } from "./shuffle.ts";

export const RUN_SCHEMA = "rehearse.run/2";
/** The schema before choices were named by id: still read, and migrated on reading. */
export const LEGACY_RUN_SCHEMA = "rehearse.run/1";

/**
 * A run record: the list of choices is the truth; totals are kept for readers
 * of the JSON. Steps name choices by id, and `seed` is the seed the run shuffled
 * its options with (null: the author's order), so it shows the same orders when resumed.
 */
export type RunRecord = {
  readonly schema: typeof RUN_SCHEMA;
  readonly scenario: string;
  readonly scenarioHash: string;
  readonly seed: Seed;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly steps: readonly Step[];
  readonly ending: string | null;
  readonly scores: Readonly<Record<string, number>>;
  /** Per principle the run tested only: where its total sits in the scenario's range, 0–100. */
  readonly percent: Readonly<Record<string, number>>;
  /** Per principle the run tested: how many points its path could move it (its weight in a profile). Absent in records written before it existed. */
  readonly reach?: Readonly<Record<string, number>>;
  readonly flags: readonly string[];
  /** True when the last choice's feedback was still on screen. */
  readonly feedbackPending?: boolean;
};

export type ParsedRecord =
  | { readonly ok: true; readonly record: RunRecord }
  | { readonly ok: false; readonly error: string };

/** Checks untrusted JSON (text or parsed) against the run record schema; never throws. */
export function parseRunRecord(input: unknown): ParsedRecord {
  const object = jsonObject(input, "a run record object");
  if (!object.ok) return object;
  const r = object.value;
  const legacy = r.schema === LEGACY_RUN_SCHEMA;
  if (r.schema !== RUN_SCHEMA && !legacy)
    return { ok: false, error: `unknown schema ${JSON.stringify(r.schema)}, expected "${RUN_SCHEMA}"` };
  if (!legacy && r.seed !== undefined && r.seed !== null && !isSeed(r.seed))
    return { ok: false, error: "`seed` is not an integer from 0 to 4294967295" };
  for (const field of ["scenario", "scenarioHash", "startedAt"] as const) {
    if (typeof r[field] !== "string") return { ok: false, error: `\`${field}\` is not a string` };
  }
  if (!isScenarioId(r.scenario)) return { ok: false, error: "`scenario` is not a scenario id" };
  if (!isTime(r.startedAt)) return { ok: false, error: "`startedAt` is not a date and time" };
  if (r.finishedAt !== undefined && r.finishedAt !== null && !isTime(r.finishedAt))
    return { ok: false, error: "`finishedAt` is not a date and time" };
  // Finite numbers only (no Infinity); an imported run's figures are recomputed anyway (engine/import.ts).
  const percent = numbers(r.percent);
  const reach = r.reach === undefined ? undefined : numbers(r.reach);
  if (reach && Object.values(reach).some((v) => v < 0)) return { ok: false, error: "`reach` holds a negative value" };
  if (!Array.isArray(r.steps)) return { ok: false, error: "`steps` is not a list" };
  const steps: Step[] = [];
  for (const [i, s] of r.steps.entries()) {
    const step = s as Record<string, unknown> | null;
    if (
      typeof step !== "object" ||
      step === null ||
      typeof step.scene !== "string" ||
      typeof step.to !== "string" ||
      !(legacy ? Number.isInteger(step.choice) && (step.choice as number) >= 1 : isChoiceId(step.choice))
    ) {
      return { ok: false, error: `step ${i + 1} is not { scene, choice, to, scores }` };
    }
    // A run/1 step's number becomes `#n`, resolved against the scenario when the run is restored or replayed.
    const choice = legacy ? `#${step.choice as number}` : (step.choice as string);
    steps.push({ scene: step.scene, choice, to: step.to, scores: numbers(step.scores) });
  }
  return {
    ok: true,
    record: {
      schema: RUN_SCHEMA,
      scenario: r.scenario as string,
      scenarioHash: r.scenarioHash as string,
      // run/1 runs were shown in the author's order.
      seed: isSeed(r.seed) && !legacy ? r.seed : null,
      startedAt: r.startedAt as string,
      finishedAt: typeof r.finishedAt === "string" ? r.finishedAt : null,
      steps,
      ending: typeof r.ending === "string" ? r.ending : null,
      scores: numbers(r.scores),
      percent,
      ...(reach === undefined ? {} : { reach }),
      flags: Array.isArray(r.flags) ? r.flags.filter((f): f is string => typeof f === "string") : [],
      ...(r.feedbackPending === true ? { feedbackPending: true } : {}),
    },
  };
}

/** A scenario id as the site names its pages (engine/library.ts `isUrlName`), at most 200 characters. */
export const isScenarioId = (value: unknown): value is string =>
  typeof value === "string" && value.length <= 200 && /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(value);

/** A moment as `Date#toISOString` writes it (what every run record holds), and a real one. */
export const isTime = (value: unknown): value is string =>
  typeof value === "string" &&
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
  !Number.isNaN(Date.parse(value));

const isChoiceId = (value: unknown): value is string =>
  typeof value === "string" && value.length > 0 && value.length <= 200;

function numbers(value: unknown): Scores {
  const out: Record<string, number> = {};
  if (typeof value === "object" && value !== null) {
    // for…in over own keys: no array of entries per call (thousands of records are read on opening /progress/).
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      if (typeof v === "number" && Number.isFinite(v) && Object.hasOwn(value, k)) out[k] = v;
    }
  }
  return out;
}
