/**
 * The cohort report's types (issue #15 §3): what `cohortReport` (cohort.ts)
 * returns, for the CLI (`rehearse cohort`) and the site (`/cohort/`) alike.
 * Plain, JSON-serialisable data, with small groups already suppressed: a
 * caller can print or save the whole object without leaking a small group.
 */
import type { ScenarioData } from "./import.ts";
import type { Code, Scores, Tone } from "./model.ts";

export const COHORT_SCHEMA = "rehearse.cohort/1";

/** The smallest group a breakdown is shown for, unless the config says otherwise (`cohort.minimumGroup`). */
export const DEFAULT_MINIMUM_GROUP = 5;

/** One file a coordinator gave: its name (shown in the problems list only) and its text. */
export type CohortFile = {
  readonly name: string;
  readonly text: string;
  /** Set when the caller could not read the file (too large, a folder, a zip it does not open): listed with this reason and left out. */
  readonly error?: string;
};

/** What the records are read against: the code (its principles and statements) and the scenarios with their analyses. */
export type CohortLibrary = {
  readonly code: Pick<Code, "title" | "hash" | "principles">;
  /** Every scenario of the library by id, with its analysis (as `scenario.json` carries it on the site). */
  readonly scenarios: Readonly<Record<string, ScenarioData>>;
};

export type CohortOptions = {
  /** Breakdowns over fewer trainees than this are suppressed; default {@link DEFAULT_MINIMUM_GROUP}. */
  readonly minimumGroup?: number;
};

/** A breakdown over too few trainees: nothing of it is shown, not even how many ("fewer than 5"). */
export type Suppressed = { readonly suppressed: true };

/** A breakdown over `trainees` different trainees (at least the minimum group), or suppressed. */
export type Breakdown<T> = Suppressed | ({ readonly suppressed: false; readonly trainees: number } & T);

/** Counts per point of the five-point scale: index 0 is 1 (strongly disagree) … index 4 is 5 (strongly agree). */
export type ScaleCounts = readonly [number, number, number, number, number];

/** Answers to one or more statements: counts per scale point, and the mean of the trainees' means. */
export type AnswerDistribution = {
  /** Every answer given (a trainee answering two statements of a principle counts twice). */
  readonly answers: number;
  readonly counts: ScaleCounts;
  /** The mean over trainees of each trainee's mean answer, 1–5. */
  readonly mean: number;
};

/**
 * The paired change of a principle: for each trainee with a "before" and an
 * "after" answer to the principle (the mean of its statements they answered in
 * each), `after − before`. `dz` is Cohen's d_z for paired samples: the mean
 * difference divided by the sample standard deviation of the differences
 * (n − 1); null when n < 2 or every trainee changed by the same amount (SD 0).
 */
export type PairedChange = {
  /** Paired trainees (equal to `trainees`). */
  readonly n: number;
  readonly before: number;
  readonly after: number;
  readonly mean: number;
  readonly sd: number;
  readonly dz: number | null;
};

export type StatementCohort = {
  readonly id: string;
  readonly text: string;
  readonly before: Breakdown<AnswerDistribution>;
  readonly after: Breakdown<AnswerDistribution>;
};

/** Where trainees' totals sat in a scenario's range, 0–100 (`percent` of a run record), in five bands. */
export type PositionDistribution = {
  /** Runs counted (one per trainee: their first completed run of the scenario). */
  readonly runs: number;
  /** Runs per band: 0–19, 20–39, 40–59, 60–79, 80–100 (% of the way from the lowest total to the highest). */
  readonly bands: readonly [number, number, number, number, number];
  readonly mean: number;
  readonly median: number;
};

/** The labels of {@link PositionDistribution.bands}. */
export const POSITION_BANDS = ["0–19%", "20–39%", "40–59%", "60–79%", "80–100%"] as const;

export type PrincipleCohort = {
  readonly id: string;
  readonly name: string;
  readonly statements: readonly StatementCohort[];
  /** Every answer to the principle's statements. */
  readonly before: Breakdown<AnswerDistribution>;
  readonly after: Breakdown<AnswerDistribution>;
  readonly change: Breakdown<PairedChange>;
  /** What the runs tested: over every scenario, the trainees' first completed runs that tested this principle. */
  readonly tested: Breakdown<PositionDistribution & { readonly scenarios: readonly string[] }>;
};

export type ScenarioPrincipleCohort = {
  readonly id: string;
  /** The scenario's range: the lowest and highest total any complete run reaches. */
  readonly min: number;
  readonly max: number;
  /** Where the trainees whose first completed run tested the principle sat in `min…max`. */
  readonly position: Breakdown<PositionDistribution>;
};

export type EndingCount = {
  readonly id: string;
  readonly title: string;
  readonly tone: Tone | null;
  /** Trainees whose first completed run ended here. */
  readonly count: number;
};

export type ScenarioResults = {
  /** Every completed run (a trainee who played it three times counts three). */
  readonly completedRuns: number;
  /** Runs started and not finished. */
  readonly unfinishedRuns: number;
  /** Per ending, over each trainee's first completed run. */
  readonly endings: readonly EndingCount[];
  readonly tones: Readonly<Record<Tone | "untoned", number>>;
  readonly principles: readonly ScenarioPrincipleCohort[];
};

export type ScenarioCohort = {
  readonly id: string;
  readonly title: string;
  /** Trainees with a completed run of it. */
  readonly results: Breakdown<ScenarioResults>;
};

export type OptionCohort = {
  /** The choice's id in its scene. */
  readonly id: string;
  /** The option's text as plain text (cut to 160 characters). */
  readonly text: string;
  readonly scores: Scores;
  /** Best by the code at every visit where it was offered (looking ahead, as the debrief weighs options). */
  readonly best: boolean;
  /** Times chosen. */
  readonly count: number;
  /** count / visits, 0–1. */
  readonly share: number;
};

export type DecisionResults = {
  /** Times the cohort was at this decision (first completed runs; a loop can bring a trainee back). */
  readonly visits: number;
  /** Every option the scene has, in the author's order. */
  readonly options: readonly OptionCohort[];
  /** Share of visits (0–1) where the option chosen was below the best available then. */
  readonly belowBest: number;
  /** Mean net points given up against the best option, looking ahead (the debrief's `givenUp`). */
  readonly givenUp: number;
};

export type DecisionCohort = {
  readonly scenario: string;
  readonly scene: string;
  readonly sceneTitle: string;
  /** 1 = where the cohort diverged most from the code; null when suppressed or nobody diverged. */
  readonly rank: number | null;
  readonly results: Breakdown<DecisionResults>;
};

/** A file left out, and why. */
export type RejectedFile = { readonly file: string; readonly reason: string };

/** A record counted once: `file` repeated `sameAs`. */
export type DuplicateFile = { readonly file: string; readonly sameAs: string; readonly reason: string };

/** A record with runs that do not replay on the current scenarios: those runs are left out, the rest counts. */
export type NotReplaying = {
  readonly file: string;
  readonly runs: readonly { readonly run: number; readonly scenario: string; readonly reason: string }[];
};

export type CohortReport = {
  readonly schema: typeof COHORT_SCHEMA;
  readonly minimumGroup: number;
  readonly code: { readonly title: string; readonly hash: string };
  readonly files: {
    /** Files given. */
    readonly given: number;
    /** Different records counted (= trainees). */
    readonly records: number;
    readonly duplicates: number;
    readonly rejected: number;
    /** Records counted with some runs left out because they do not replay. */
    readonly notReplaying: number;
  };
  /** Trainees in the report: one per record counted. Pseudonyms are never in the report. */
  readonly trainees: number;
  /** Records made with another version of the code (a different hash): answers to statements it no longer has are left out. */
  readonly otherCode: number;
  readonly assessments: { readonly before: number; readonly after: number; readonly both: number };
  /** Runs counted, completed and not. */
  readonly runs: { readonly completed: number; readonly unfinished: number; readonly leftOut: number };
  readonly principles: readonly PrincipleCohort[];
  /** Scenarios with at least one run, in the library's order. */
  readonly scenarios: readonly ScenarioCohort[];
  /**
   * Decision scenes reached (where two or more options were offered), ranked: where the cohort diverged
   * most from the code first, then the rest in the library's order, suppressed ones last.
   */
  readonly decisions: readonly DecisionCohort[];
  readonly problems: {
    readonly rejected: readonly RejectedFile[];
    readonly duplicates: readonly DuplicateFile[];
    readonly notReplaying: readonly NotReplaying[];
  };
};

/** A table cell: text, a number, empty, or suppressed ("fewer than 5"). */
export type CohortCell = string | number | null | Suppressed;

export type CohortTable = {
  /** A file-name-safe id: `principles`, `statements`, `scenarios`, … (the CSV is `<id>.csv`). */
  readonly id: string;
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly CohortCell[])[];
};
