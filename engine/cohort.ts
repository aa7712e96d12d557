/**
 * The cohort report (issue #15 §3): many trainees' training records
 * (`rehearse.record/1`) read together on the coordinator's machine, for the
 * CLI (`rehearse cohort`) and the site (`/cohort/`) alike. Pure: the caller
 * reads the files and hands over their texts.
 *
 * - Identity: a record is its `id` (random per record). The same id twice is
 *   counted once: an identical copy (the same canonical JSON: the parsed
 *   record with every object's keys sorted, so a copy reformatted by an
 *   editor is still the same) is a duplicate; a different version with the
 *   same id keeps the one created last.
 * - Scores are never read from a record (it holds none): every run is
 *   replayed on the library's scenarios, as an import replays a run
 *   (engine/import.ts), and its totals are `runTotals` (engine/totals.ts), the
 *   debrief's own rule. A run that does not replay (or
 *   names a scenario the library lacks) is left out and listed with its
 *   record, whose other runs and answers still count.
 * - One trainee, one voice: scores, endings and choices count each trainee's
 *   first completed run of a scenario (their own judgement before the debrief
 *   showed them the code's); completions count every completed run.
 * - Privacy: a breakdown over fewer than `minimumGroup` different trainees is
 *   replaced by `{ suppressed: true }` (not even its size is kept), and
 *   pseudonyms never enter the report.
 */

import type {
  AnswerDistribution,
  Breakdown,
  CohortFile,
  CohortLibrary,
  CohortOptions,
  CohortReport,
  DecisionCohort,
  DecisionResults,
  DuplicateFile,
  NotReplaying,
  PairedChange,
  PositionDistribution,
  PrincipleCohort,
  RejectedFile,
  ScaleCounts,
  ScenarioCohort,
  Suppressed,
} from "./cohort-types.ts";
import { COHORT_SCHEMA, DEFAULT_MINIMUM_GROUP } from "./cohort-types.ts";
import { plainText } from "./compile/prose.ts";
import type { ScenarioData } from "./import.ts";
import { weighOptions } from "./lookahead.ts";
import type { Choice, Scene, Tone } from "./model.ts";
import { own } from "./own.ts";
import { applyChoice, availableChoices, type Position, resolveChoice } from "./run.ts";
import { MIN_TESTED_RANGE, percentOf } from "./totals.ts";
import {
  type Answer,
  assessmentOf,
  parseTrainingRecord,
  RECORD_LIMITS,
  type TrainingRecord,
} from "./training-record.ts";

export * from "./cohort-types.ts";

/** One decision on a replayed path, weighed as the debrief weighs it. */
type PathDecision = {
  readonly scene: string;
  readonly chosen: string;
  /** The options offered, weighed (shared by every visit with the same scene and flags). */
  readonly weighing: Weighing;
  readonly givenUp: number;
};

type RunDigest = {
  readonly scenario: string;
  /** When it finished (ms since 1970); null when unfinished. */
  readonly finishedAt: number | null;
  readonly ending: string | null;
  readonly percent: Readonly<Record<string, number>>;
  readonly decisions: readonly PathDecision[];
};

/** What one record contributes, computed when it is added (so a page can add files between frames). */
type Digest = {
  readonly file: string;
  readonly id: string;
  readonly createdAt: string;
  /** The record itself, to tell an identical copy from another version when the same id comes again. */
  readonly record: TrainingRecord;
  readonly otherCode: boolean;
  readonly before: ReadonlyMap<string, Answer>;
  readonly after: ReadonlyMap<string, Answer>;
  readonly hasBefore: boolean;
  readonly hasAfter: boolean;
  readonly runs: readonly RunDigest[];
  readonly leftOut: NotReplaying["runs"];
};

export type CohortBuilder = {
  /** Reads one file; never throws. A file that is not a training record is listed with the reason. */
  add(file: CohortFile): void;
  /** The report over every file added so far. */
  report(): CohortReport;
};

/** The cohort report over these files, read against the library. */
export function cohortReport(
  files: readonly CohortFile[],
  library: CohortLibrary,
  options: CohortOptions = {},
): CohortReport {
  const builder = cohortBuilder(library, options);
  for (const file of files) builder.add(file);
  return builder.report();
}

/** The minimum group to use: the option when it is a whole number of at least 2 (as the config allows: a group of one would single a trainee out), else the default. */
export function minimumGroupOf(options: CohortOptions): number {
  const n = options.minimumGroup;
  return n !== undefined && Number.isInteger(n) && n >= 2 ? n : DEFAULT_MINIMUM_GROUP;
}

/**
 * A report built one file at a time (the site adds files between frames, so no
 * task runs long); `cohortReport` is this over a list.
 */
export function cohortBuilder(library: CohortLibrary, options: CohortOptions = {}): CohortBuilder {
  const minimumGroup = minimumGroupOf(options);
  const statementIds = new Set(library.code.principles.flatMap((p) => p.statements.map((s) => s.id)));
  const replays = new Map<string, Replay | string>();
  const caches = new Map<string, ReplayCache>();
  const rejected: RejectedFile[] = [];
  const duplicates: DuplicateFile[] = [];
  const byId = new Map<string, Digest>();
  let given = 0;

  const answersOf = (record: TrainingRecord, when: "before" | "after") => {
    const out = new Map<string, Answer>();
    const a = assessmentOf(record.assessments, when);
    if (a) for (const [id, answer] of Object.entries(a.answers)) if (statementIds.has(id)) out.set(id, answer);
    return { answers: out, taken: a !== undefined };
  };

  function digest(name: string, record: TrainingRecord): Digest {
    const runs: RunDigest[] = [];
    const leftOut: { run: number; scenario: string; reason: string }[] = [];
    record.runs.forEach((run, i) => {
      const data = own(library.scenarios, run.scenario);
      if (!data) {
        leftOut.push({ run: i + 1, scenario: run.scenario, reason: "this library has no such scenario" });
        return;
      }
      // Replays of the same path are computed once.
      const key = `${run.scenario}\n${run.steps.map((s) => `${s.scene}\t${s.choice}\t${s.to}`).join("\n")}`;
      let replay = replays.get(key);
      if (replay === undefined) {
        let cache = caches.get(run.scenario);
        if (!cache) {
          cache = replayCache(data);
          caches.set(run.scenario, cache);
        }
        replay = replayShared(cache, run.steps);
        replays.set(key, replay);
      }
      const finished = run.finishedAt !== null;
      const reason =
        typeof replay === "string"
          ? replay
          : finished && replay.ending === null
            ? "it is marked finished but does not reach an ending"
            : finished && Date.parse(run.finishedAt as string) < Date.parse(run.startedAt)
              ? "it finishes before it starts"
              : undefined;
      if (reason !== undefined || typeof replay === "string") {
        leftOut.push({ run: i + 1, scenario: run.scenario, reason: reason ?? "it does not replay" });
        return;
      }
      runs.push({
        scenario: run.scenario,
        finishedAt: finished ? Date.parse(run.finishedAt as string) : null,
        ending: replay.ending,
        percent: replay.percent,
        decisions: replay.decisions,
      });
    });
    const before = answersOf(record, "before");
    const after = answersOf(record, "after");
    return {
      file: name,
      id: record.id,
      createdAt: record.createdAt,
      record,
      otherCode: record.code.hash !== library.code.hash,
      before: before.answers,
      after: after.answers,
      hasBefore: before.taken,
      hasAfter: after.taken,
      runs,
      leftOut,
    };
  }

  return {
    add(file) {
      given++;
      const reason = file.error ?? unreadable(file.text);
      if (reason) {
        rejected.push({ file: file.name, reason: oneLine(reason) });
        return;
      }
      const parsed = parseTrainingRecord(file.text);
      if (!parsed.ok) {
        rejected.push({ file: file.name, reason: oneLine(parsed.error) });
        return;
      }
      const record = parsed.record;
      const earlier = byId.get(record.id);
      if (earlier) {
        if (canonicalJson(earlier.record) === canonicalJson(record)) {
          duplicates.push({ file: file.name, sameAs: earlier.file, reason: "the same record again" });
          return;
        }
        // Another version of the same record: the one created last counts.
        if (Date.parse(record.createdAt) <= Date.parse(earlier.createdAt)) {
          duplicates.push({
            file: file.name,
            sameAs: earlier.file,
            reason: "an earlier version of the same record (same id); the later one counts",
          });
          return;
        }
        duplicates.push({
          file: earlier.file,
          sameAs: file.name,
          reason: "an earlier version of the same record (same id); the later one counts",
        });
      }
      byId.set(record.id, digest(file.name, record));
    },
    report: () => aggregate(library, minimumGroup, [...byId.values()], { given, rejected, duplicates }),
  };
}

/** Why a file's text cannot be a record before it is parsed, or undefined. */
function unreadable(text: string): string | undefined {
  if (text.length > RECORD_LIMITS.chars) return `larger than ${RECORD_LIMITS.chars / 1024 / 1024} MiB`;
  if (text.trim() === "") return "the file is empty";
  if (text.includes("\u0000")) return "not a text file";
  const head = text.trimStart().slice(0, 400);
  if (head.startsWith("{") && /"schema"\s*:\s*"rehearse\.export\/1"/.test(head))
    return 'an "Export all" of runs (rehearse.export/1), not a training record: ask the trainee to use "Share with my coordinator" on the progress page';
  return undefined;
}

/** JSON with every object's keys sorted: the same record always reads alike, however it was formatted. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** A decision weighed once per scene and set of flags (what `weighOptions` depends on). */
type Weighing = {
  readonly available: readonly Choice[];
  readonly offered: readonly string[];
  readonly best: readonly string[];
  readonly top: number;
  readonly lookahead: readonly number[];
  /** Per principle (the scenario's order): the lowest and highest score an available option gives it (as `runTotals`). */
  readonly low: readonly number[];
  readonly high: readonly number[];
};

/** What replaying a scenario's runs reuses: its scenes by id, and each decision weighed once per scene and flags. */
export type ReplayCache = {
  readonly data: ScenarioData;
  readonly scenes: ReadonlyMap<string, Scene>;
  readonly weighings: Map<string, Weighing>;
};

export const replayCache = (data: ScenarioData): ReplayCache => ({
  data,
  scenes: new Map(data.scenario.scenes.map((scene) => [scene.id, scene])),
  weighings: new Map(),
});

export type Replay = {
  readonly ending: string | null;
  /** As `runTotals` (engine/totals.ts) computes it: per tested principle, where the total sits in the range, 0–100. */
  readonly percent: Readonly<Record<string, number>>;
  readonly decisions: readonly PathDecision[];
};

/**
 * Replays a shared run's steps on a scenario, as an import does (engine/import.ts): each step by its
 * choice id (or a migrated `#n`), or, where the author renamed an option, the one option that still
 * leads to the same place. Weighs each decision as the debrief does (looking ahead), and totals the run
 * by `runTotals`' rules in the same pass. Or why it fails.
 */
export function replayShared(
  cache: ReplayCache,
  recorded: readonly { readonly scene: string; readonly choice: string; readonly to: string }[],
): Replay | string {
  const { scenario, analysis } = cache.data;
  const principles = scenario.principles;
  const scores = principles.map(() => 0);
  const low = principles.map(() => 0);
  const high = principles.map(() => 0);
  let at = scenario.start;
  let flags: readonly string[] = [];
  const decisions: PathDecision[] = [];
  for (const [i, step] of recorded.entries()) {
    const scene = at === step.scene ? cache.scenes.get(step.scene) : undefined;
    if (!scene) return `choice ${i + 1} does not replay on “${scenario.title}”`;
    const key = flags.length === 0 ? scene.id : `${scene.id}\u0000${flags.join("\u0000")}`;
    let w = cache.weighings.get(key);
    if (!w) {
      const available = availableChoices(scene, flags);
      const position: Position = { at, scores: {}, flags };
      const weighed = weighOptions(scenario, analysis, position, available);
      let top = Number.NEGATIVE_INFINITY;
      for (const x of weighed) if (x.lookahead > top) top = x.lookahead;
      const values = principles.map((p) => available.map((c) => own(c.scores, p) ?? 0));
      w = {
        available,
        offered: available.map((c) => c.id),
        best: available.filter((_, n) => weighed[n]?.best).map((c) => c.id),
        top,
        lookahead: weighed.map((x) => x.lookahead),
        low: values.map((v) => Math.min(...v)),
        high: values.map((v) => Math.max(...v)),
      };
      cache.weighings.set(key, w);
    }
    const named = resolveChoice(scene, flags, step.choice);
    const same = named?.to === step.to ? [] : w.available.filter((c) => c.to === step.to);
    const pick = named?.to === step.to ? named : same.length === 1 ? same[0] : undefined;
    if (!pick) return `choice ${i + 1} does not replay on “${scenario.title}”`;
    const index = w.available.indexOf(pick);
    decisions.push({
      scene: scene.id,
      chosen: pick.id,
      weighing: w,
      givenUp: w.top - (w.lookahead[index] ?? w.top),
    });
    for (let k = 0; k < principles.length; k++) {
      scores[k] = (scores[k] ?? 0) + (own(pick.scores, principles[k] as string) ?? 0);
      low[k] = (low[k] ?? 0) + (w.low[k] ?? 0);
      high[k] = (high[k] ?? 0) + (w.high[k] ?? 0);
    }
    if (pick.set.length > 0 || pick.clear.length > 0) flags = applyChoice({ at, scores: {}, flags }, pick).flags;
    at = pick.to;
  }
  // runTotals' rule: tested when the scenario can move the principle by MIN_TESTED_RANGE and this path could move it.
  const percent: Record<string, number> = {};
  principles.forEach((p, k) => {
    const { min, max } = own(analysis.range, p) ?? { min: 0, max: 0 };
    if (max - min < MIN_TESTED_RANGE || high[k] === low[k]) return;
    const share = percentOf(scores[k] ?? 0, min, max);
    if (share !== null) percent[p] = share;
  });
  const ending = scenario.endings.some((e) => e.id === at) ? at : null;
  return { ending, percent, decisions };
}

const SUPPRESSED: Suppressed = { suppressed: true };

const round = (value: number, places = 2) => {
  const f = 10 ** places;
  return Math.round(value * f) / f;
};
const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;
/** Paired change: mean difference, its sample SD (n − 1) and Cohen's d_z = mean / SD. */
export function pairedChange(pairs: readonly (readonly [before: number, after: number])[]): PairedChange {
  const n = pairs.length;
  const diffs = pairs.map(([b, a]) => a - b);
  const m = n === 0 ? 0 : mean(diffs);
  const sd = n < 2 ? 0 : Math.sqrt(diffs.reduce((s, d) => s + (d - m) ** 2, 0) / (n - 1));
  return {
    n,
    before: n === 0 ? 0 : round(mean(pairs.map((p) => p[0]))),
    after: n === 0 ? 0 : round(mean(pairs.map((p) => p[1]))),
    mean: round(m),
    sd: round(sd),
    dz: n < 2 || sd < 1e-9 ? null : round(m / sd),
  };
}

/** Band 0–4 of a position 0–100: 0–19, 20–39, 40–59, 60–79, 80–100. */
const bandOf = (percent: number) => Math.min(4, Math.max(0, Math.floor(percent / 20)));

/** Bands, mean and median of positions (whole numbers 0–100, as `percentOf` rounds them): counted, not sorted. */
function positions(values: readonly number[]): PositionDistribution {
  const bands: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  const at = new Uint32Array(101);
  let sum = 0;
  for (const v of values) {
    const b = bandOf(v);
    bands[b] = (bands[b] ?? 0) + 1;
    const x = Math.min(100, Math.max(0, Math.round(v)));
    at[x] = (at[x] ?? 0) + 1;
    sum += v;
  }
  // The n/2-th value (1-based, rounding up) and the next: the median is one of them, or their mean.
  const nth = (k: number) => {
    let seen = 0;
    for (let x = 0; x <= 100; x++) {
      seen += at[x] ?? 0;
      if (seen >= k) return x;
    }
    return 100;
  };
  const n = values.length;
  const median = n % 2 === 1 ? nth((n + 1) / 2) : (nth(n / 2) + nth(n / 2 + 1)) / 2;
  return { runs: n, bands, mean: round(sum / n, 1), median };
}

function distribution(perTrainee: readonly (readonly Answer[])[]): AnswerDistribution {
  const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  let answers = 0;
  for (const list of perTrainee)
    for (const a of list) {
      counts[a - 1] = (counts[a - 1] ?? 0) + 1;
      answers++;
    }
  return { answers, counts: counts as ScaleCounts, mean: round(mean(perTrainee.map((l) => mean(l)))) };
}

function aggregate(
  library: CohortLibrary,
  minimumGroup: number,
  digests: readonly Digest[],
  files: { given: number; rejected: RejectedFile[]; duplicates: DuplicateFile[] },
): CohortReport {
  const shown = <T>(trainees: number, make: () => T): Breakdown<T> =>
    trainees < minimumGroup || trainees === 0 ? SUPPRESSED : { suppressed: false, trainees, ...make() };

  // Each trainee's first completed run per scenario (by finishing time, then by place in the record).
  const firsts = digests.map((d) => {
    const first = new Map<string, RunDigest>();
    for (const run of d.runs) {
      if (run.finishedAt === null) continue;
      const known = first.get(run.scenario);
      if (!known || run.finishedAt < (known.finishedAt as number)) first.set(run.scenario, run);
    }
    return first;
  });

  // Runs per scenario, completed and not: one pass.
  const completedOf = new Map<string, number>();
  const unfinishedOf = new Map<string, number>();
  for (const d of digests)
    for (const run of d.runs) {
      const counts = run.finishedAt === null ? unfinishedOf : completedOf;
      counts.set(run.scenario, (counts.get(run.scenario) ?? 0) + 1);
    }

  const principles: PrincipleCohort[] = library.code.principles.map((p) => {
    const ids = p.statements.map((s) => s.id);
    const of = (d: Digest, when: "before" | "after") =>
      ids.map((id) => d[when].get(id)).filter((a): a is Answer => a !== undefined);
    const beforeLists = digests.map((d) => of(d, "before")).filter((l) => l.length > 0);
    const afterLists = digests.map((d) => of(d, "after")).filter((l) => l.length > 0);
    const pairs: [number, number][] = [];
    for (const d of digests) {
      const b = of(d, "before");
      const a = of(d, "after");
      if (b.length > 0 && a.length > 0) pairs.push([mean(b), mean(a)]);
    }
    const tested: number[] = [];
    const testers = new Set<number>();
    const scenarios = new Set<string>();
    firsts.forEach((first, t) => {
      for (const run of first.values()) {
        const v = own(run.percent, p.id);
        if (v === undefined) continue;
        tested.push(v);
        testers.add(t);
        scenarios.add(run.scenario);
      }
    });
    return {
      id: p.id,
      name: p.name,
      statements: p.statements.map((s) => {
        const side = (when: "before" | "after") => {
          const lists = digests.flatMap((d) => {
            const a = d[when].get(s.id);
            return a === undefined ? [] : [[a]];
          });
          return shown(lists.length, () => distribution(lists));
        };
        return { id: s.id, text: s.text, before: side("before"), after: side("after") };
      }),
      before: shown(beforeLists.length, () => distribution(beforeLists)),
      after: shown(afterLists.length, () => distribution(afterLists)),
      change: shown(pairs.length, () => pairedChange(pairs)),
      tested: shown(testers.size, () => ({
        ...positions(tested),
        scenarios: Object.keys(library.scenarios).filter((id) => scenarios.has(id)),
      })),
    };
  });

  const scenarios: ScenarioCohort[] = [];
  const decisions: DecisionCohort[] = [];
  for (const [id, data] of Object.entries(library.scenarios)) {
    const { scenario, analysis } = data;
    const completedRuns = completedOf.get(id) ?? 0;
    const unfinishedRuns = unfinishedOf.get(id) ?? 0;
    if (completedRuns + unfinishedRuns === 0) continue;
    const runs = firsts.flatMap((first, t) => {
      const run = first.get(id);
      return run ? [{ run, t }] : [];
    });
    scenarios.push({
      id,
      title: scenario.title,
      results: shown(runs.length, () => {
        const endingCounts = new Map<string, number>();
        for (const { run } of runs)
          if (run.ending) endingCounts.set(run.ending, (endingCounts.get(run.ending) ?? 0) + 1);
        const tones: Record<Tone | "untoned", number> = { positive: 0, mixed: 0, negative: 0, untoned: 0 };
        const endings = scenario.endings.map((e) => {
          const count = endingCounts.get(e.id) ?? 0;
          tones[e.tone ?? "untoned"] += count;
          return { id: e.id, title: e.title ?? e.id, tone: e.tone ?? null, count };
        });
        return {
          completedRuns,
          unfinishedRuns,
          endings,
          tones,
          principles: scenario.principles.map((p) => {
            const { min, max } = own(analysis.range, p) ?? { min: 0, max: 0 };
            const values = runs.flatMap(({ run }) => {
              const v = own(run.percent, p);
              return v === undefined ? [] : [v];
            });
            return { id: p, min, max, position: shown(values.length, () => positions(values)) };
          }),
        };
      }),
    });

    // Per decision scene: how the trainees' first completed runs chose.
    type Tally = {
      visits: number;
      trainees: Set<number>;
      count: Map<string, number>;
      /** Visits per weighing (scene and flags): the options offered and the best ones, counted once per kind. */
      weighings: Map<Weighing, number>;
      below: number;
      givenUp: number;
    };
    const tallies = new Map<string, Tally>();
    for (const { run, t } of runs) {
      for (const d of run.decisions) {
        let tally = tallies.get(d.scene);
        if (!tally) {
          tally = {
            visits: 0,
            trainees: new Set(),
            count: new Map(),
            weighings: new Map(),
            below: 0,
            givenUp: 0,
          };
          tallies.set(d.scene, tally);
        }
        tally.visits++;
        tally.trainees.add(t);
        tally.count.set(d.chosen, (tally.count.get(d.chosen) ?? 0) + 1);
        tally.weighings.set(d.weighing, (tally.weighings.get(d.weighing) ?? 0) + 1);
        if (d.givenUp > 0) tally.below++;
        tally.givenUp += d.givenUp;
      }
    }
    for (const scene of scenario.scenes) {
      const tally = tallies.get(scene.id);
      // A scene that only ever offered one option (a "Continue") is not a decision.
      if (!tally || [...tally.weighings.keys()].every((w) => w.offered.length < 2)) continue;
      decisions.push({
        scenario: id,
        scene: scene.id,
        sceneTitle: scene.title ?? scene.id,
        rank: null,
        results: shown(tally.trainees.size, (): DecisionResults => {
          const offered = new Map<string, number>();
          const bestAt = new Map<string, number>();
          for (const [w, n] of tally.weighings) {
            for (const c of w.offered) offered.set(c, (offered.get(c) ?? 0) + n);
            for (const c of w.best) bestAt.set(c, (bestAt.get(c) ?? 0) + n);
          }
          return {
            visits: tally.visits,
            options: scene.choices.map((c) => {
              const count = tally.count.get(c.id) ?? 0;
              const times = offered.get(c.id) ?? 0;
              return {
                id: c.id,
                text: clip(plainText(c.text).replace(/\s+/g, " ").trim(), 160),
                scores: c.scores,
                best: times > 0 && bestAt.get(c.id) === times,
                count,
                share: round(count / tally.visits, 3),
              };
            }),
            belowBest: round(tally.below / tally.visits, 3),
            givenUp: round(tally.givenUp / tally.visits),
          };
        }),
      });
    }
  }

  // Where the cohort diverged most from the code: the largest share below the best, then the most given up.
  const ranked = decisions
    .map((d, i) => ({ d, i }))
    .sort((x, y) => {
      const a = x.d.results;
      const b = y.d.results;
      if (a.suppressed !== b.suppressed) return a.suppressed ? 1 : -1;
      if (!a.suppressed && !b.suppressed) return b.belowBest - a.belowBest || b.givenUp - a.givenUp || x.i - y.i;
      return x.i - y.i;
    })
    .map(({ d }, i) => ({ ...d, rank: !d.results.suppressed && d.results.belowBest > 0 ? i + 1 : null }));

  const notReplaying = digests.filter((d) => d.leftOut.length > 0).map((d) => ({ file: d.file, runs: d.leftOut }));
  let completed = 0;
  let unfinished = 0;
  for (const d of digests)
    for (const run of d.runs) {
      if (run.finishedAt === null) unfinished++;
      else completed++;
    }
  return {
    schema: COHORT_SCHEMA,
    minimumGroup,
    code: { title: library.code.title, hash: library.code.hash },
    files: {
      given: files.given,
      records: digests.length,
      duplicates: files.duplicates.length,
      rejected: files.rejected.length,
      notReplaying: notReplaying.length,
    },
    trainees: digests.length,
    otherCode: digests.filter((d) => d.otherCode).length,
    assessments: {
      before: digests.filter((d) => d.hasBefore).length,
      after: digests.filter((d) => d.hasAfter).length,
      both: digests.filter((d) => d.hasBefore && d.hasAfter).length,
    },
    runs: { completed, unfinished, leftOut: digests.reduce((n, d) => n + d.leftOut.length, 0) },
    principles,
    scenarios,
    decisions: ranked,
    problems: { rejected: files.rejected, duplicates: files.duplicates, notReplaying },
  };
}

/** A reason on one line, of readable length (a JSON error quotes the file's own text). */
const oneLine = (text: string) => clip(text.replace(/\s+/g, " ").trim(), 300);

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
