/**
 * The xAPI statements a run sends as a cmi5 assignable unit (AU): the cmi5
 * "defined" statements (initialized, completed, passed or failed, terminated)
 * and one cmi5 "allowed" statement per decision (answered), each built on the
 * context template the LMS hands the AU at launch. Pure: the AU's script
 * (web/lms/cmi5.ts) sends them; tests build the same statements from the same
 * run. Every number comes from `lmsResult` (engine/lms.ts), the debrief's.
 *
 * The rules (cmi5 Quartz, section 9):
 * - completed carries `result.completion`, the score and the duration, and is
 *   sent once per registration, only in the "Normal" launch mode;
 * - passed or failed only when the LMS gave a mastery score (`masteryScore` in
 *   LMS.LaunchData): passed when the scaled score reaches it, else failed;
 *   never again once passed; the course structure the export writes sets none;
 * - answered statements never carry the cmi5 category (they are "allowed",
 *   not "defined"); none is sent after terminated.
 *
 * Our own extensions are keyed by IRIs under `https://rehearse.invalid/xapi/`:
 * a name reserved by RFC 2606 that can never belong to anyone else, so the
 * keys are stable across every site that sends them (an LRS where many sites
 * meet sees one vocabulary). They are identifiers, not addresses.
 */
import { plainText } from "./compile/prose.ts";
import { contentHash } from "./hash.ts";
import type { LmsDecision, LmsResult } from "./lms.ts";
import type { Scenario } from "./model.ts";
import { own } from "./own.ts";
import { sceneById } from "./run.ts";

/** result.extensions of answered: `{ <principle id>: <change> }`, the decision's score change per principle, no zeros. */
export const PRINCIPLE_CHANGES = "https://rehearse.invalid/xapi/extensions/principle-changes";
/** result.extensions of completed: `{ <principle id>: { raw, min, max, percent } }` per principle the run tested. */
export const PRINCIPLE_RESULTS = "https://rehearse.invalid/xapi/extensions/principle-results";
/** result.extensions of completed: `{ id, tone }`, the ending the run reached. */
export const ENDING = "https://rehearse.invalid/xapi/extensions/ending";
/** context.extensions of answered: the decision's 1-based step in the run. */
export const STEP = "https://rehearse.invalid/xapi/extensions/step";

export const CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
export const MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon";
export const MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
export const SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
export const INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction";

export const VERBS = {
  initialized: "http://adlnet.gov/expapi/verbs/initialized",
  completed: "http://adlnet.gov/expapi/verbs/completed",
  passed: "http://adlnet.gov/expapi/verbs/passed",
  failed: "http://adlnet.gov/expapi/verbs/failed",
  terminated: "http://adlnet.gov/expapi/verbs/terminated",
  answered: "http://adlnet.gov/expapi/verbs/answered",
} as const;
export type VerbName = keyof typeof VERBS;

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type LanguageMap = Readonly<Record<string, string>>;
export type XapiAgent = { readonly objectType?: "Agent"; readonly name?: string } & Readonly<Record<string, Json>>;
export type ActivityRef = { readonly objectType?: "Activity"; readonly id: string } & Readonly<Record<string, Json>>;
export type ContextActivities = {
  readonly parent?: readonly ActivityRef[];
  readonly grouping?: readonly ActivityRef[];
  readonly category?: readonly ActivityRef[];
  readonly other?: readonly ActivityRef[];
};
export type XapiContext = {
  readonly registration?: string;
  readonly contextActivities?: ContextActivities;
  readonly extensions?: Readonly<Record<string, Json>>;
  readonly language?: string;
} & Readonly<Record<string, Json | ContextActivities | undefined>>;
export type XapiScore = { readonly scaled: number; readonly raw: number; readonly min: number; readonly max: number };
export type XapiResult = {
  readonly completion?: boolean;
  readonly success?: boolean;
  readonly score?: XapiScore;
  readonly response?: string;
  readonly duration?: string;
  readonly extensions?: Readonly<Record<string, Json>>;
};
export type InteractionComponent = { readonly id: string; readonly description?: LanguageMap };
export type XapiActivity = {
  readonly objectType: "Activity";
  readonly id: string;
  readonly definition?: {
    readonly type?: string;
    readonly name?: LanguageMap;
    readonly description?: LanguageMap;
    readonly interactionType?: "choice";
    readonly choices?: readonly InteractionComponent[];
  };
};
export type XapiStatement = {
  readonly id: string;
  readonly actor: XapiAgent;
  readonly verb: { readonly id: string; readonly display: LanguageMap };
  readonly object: XapiActivity;
  readonly result?: XapiResult;
  readonly context: XapiContext;
  readonly timestamp: string;
};

/** What the AU knows from its launch: the query string and the LMS.LaunchData state document. */
export type Cmi5Launch = {
  readonly actor: XapiAgent;
  readonly registration: string;
  /** The AU's activity id (the `activityId` launch parameter). */
  readonly activityId: string;
  /** LMS.LaunchData `contextTemplate`: the session id extension and the LMS's grouping, kept in every statement. */
  readonly contextTemplate: XapiContext;
  readonly launchMode: "Normal" | "Browse" | "Review";
  /** LMS.LaunchData `masteryScore`, 0–1, when the LMS set one. */
  readonly masteryScore?: number;
  /** Language tag for names and descriptions (the page's `lang`). */
  readonly lang?: string;
  /** Plain xAPI, no cmi5 (the site's own statements): no cmi5 categories, no initialized or terminated. */
  readonly plain?: boolean;
};

/** What the AU has sent in this registration and session; starts as `START`, kept by the caller. */
export type Cmi5Progress = {
  readonly initialized: boolean;
  /** The decisions already reported as answered, in run order (a prefix of the run the last time). */
  readonly answered: readonly string[];
  /** Completed (and passed) are sent once per registration: true when the LMS's state says it was, before this launch. */
  readonly completed: boolean;
  readonly passed: boolean;
  /** This session has reported the run's ending (completed, passed or failed): once a session. */
  readonly concluded: boolean;
  readonly terminated: boolean;
};

export const START: Cmi5Progress = {
  initialized: false,
  answered: [],
  completed: false,
  passed: false,
  concluded: false,
  terminated: false,
};

/** What an AU tells the trainee about the course's record (web/lms/cmi5.ts shows it under the scenario's heading). */
export const CMI5_STATUS = {
  failed:
    "Your course could not be reached, so this run is not being recorded there. You can still play it; to have it recorded, open it again from your course later.",
  sent: "This run has been sent to your course. Playing again on this page is not recorded: open the scenario again from your course for that.",
  preview: "Your course opened this scenario to look through (browse or review), so it records no result for this run.",
} as const;

/** When each statement is made, and its id (a UUID, random in the AU). */
export type Stamp = { readonly id: () => string; readonly now: Date; readonly initializedAt: Date };

const display = (verb: VerbName): LanguageMap => ({ "en-US": verb });

/** An ISO 8601 duration, to the hundredth of a second as xAPI keeps it: `PT1H2M3.45S`. */
export function isoDuration(ms: number): string {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = (cs % 6000) / 100;
  return `PT${h > 0 ? `${h}H` : ""}${m > 0 ? `${m}M` : ""}${s}S`;
}

/** The context template with the registration, plus categories, extensions and a parent. */
function contextOf(
  launch: Cmi5Launch,
  add: { categories?: readonly string[]; extensions?: Record<string, Json>; parent?: boolean },
): XapiContext {
  const template = launch.contextTemplate;
  const activities = template.contextActivities ?? {};
  const added = launch.plain ? [] : (add.categories ?? []);
  const category = [...(activities.category ?? []), ...added.map((id) => ({ id }))];
  const parent = [...(activities.parent ?? []), ...(add.parent ? [{ id: launch.activityId }] : [])];
  const contextActivities: ContextActivities = {
    ...activities,
    ...(category.length > 0 ? { category } : {}),
    ...(parent.length > 0 ? { parent } : {}),
  };
  const extensions = { ...(template.extensions ?? {}), ...(add.extensions ?? {}) };
  return {
    ...template,
    registration: launch.registration,
    ...(Object.keys(contextActivities).length > 0 ? { contextActivities } : {}),
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
  };
}

function statement(
  launch: Cmi5Launch,
  verb: VerbName,
  stamp: Stamp,
  parts: { object?: XapiActivity; result?: XapiResult; context: XapiContext },
): XapiStatement {
  return {
    id: stamp.id(),
    actor: launch.actor,
    verb: { id: VERBS[verb], display: display(verb) },
    object: parts.object ?? { objectType: "Activity", id: launch.activityId },
    ...(parts.result ? { result: parts.result } : {}),
    context: parts.context,
    timestamp: stamp.now.toISOString(),
  };
}

const elapsed = (stamp: Stamp) => isoDuration(stamp.now.getTime() - stamp.initializedAt.getTime());

/** A decision as an activity: `<AU activity id>/scene/<scene id>`, a choice interaction listing every option of the scene. */
export function decisionActivity(launch: Cmi5Launch, scenario: Scenario, scene: string): XapiActivity {
  const lang = launch.lang ?? "en";
  const node = sceneById(scenario, scene);
  const choices = (node?.choices ?? []).map((c) => {
    const text = plainText(c.text);
    return text === "" ? { id: c.id } : { id: c.id, description: { [lang]: text } };
  });
  return {
    objectType: "Activity",
    id: `${launch.activityId.replace(/\/$/, "")}/scene/${encodeURIComponent(scene)}`,
    definition: {
      type: INTERACTION,
      name: { [lang]: node?.title ?? scene },
      interactionType: "choice",
      choices,
    },
  };
}

export function answeredStatement(
  launch: Cmi5Launch,
  scenario: Scenario,
  decision: LmsDecision,
  stamp: Stamp,
): XapiStatement {
  return statement(launch, "answered", stamp, {
    object: decisionActivity(launch, scenario, decision.scene),
    result: { response: decision.choice, extensions: { [PRINCIPLE_CHANGES]: { ...decision.changes } } },
    context: contextOf(launch, { parent: true, extensions: { [STEP]: decision.step } }),
  });
}

const xapiScore = (score: NonNullable<LmsResult["score"]>): XapiScore => ({
  scaled: score.scaled,
  raw: score.raw,
  min: score.min,
  max: score.max,
});

/** Completed with the score, ending and per-principle results, preceded by passed or failed when the LMS set a mastery score. */
function completion(launch: Cmi5Launch, result: LmsResult, progress: Cmi5Progress, stamp: Stamp): XapiStatement[] {
  const out: XapiStatement[] = [];
  const duration = elapsed(stamp);
  const score = result.score === null ? undefined : xapiScore(result.score);
  const mastery = launch.masteryScore;
  if (mastery !== undefined && score !== undefined && !progress.passed) {
    const success = score.scaled >= mastery;
    out.push(
      statement(launch, success ? "passed" : "failed", stamp, {
        result: { success, score, duration },
        context: contextOf(launch, {
          categories: [CMI5_CATEGORY, MOVEON_CATEGORY],
          extensions: { [MASTERY_SCORE]: mastery },
        }),
      }),
    );
  }
  if (!progress.completed) {
    const principles: Record<string, Json> = {};
    for (const o of result.objectives) principles[o.id] = { raw: o.raw, min: o.min, max: o.max, percent: o.percent };
    out.push(
      statement(launch, "completed", stamp, {
        result: {
          completion: true,
          ...(score ? { score } : {}),
          duration,
          extensions: {
            [PRINCIPLE_RESULTS]: principles,
            ...(result.ending === null ? {} : { [ENDING]: { id: result.ending, tone: result.tone } }),
          },
        },
        context: contextOf(launch, { categories: [CMI5_CATEGORY, MOVEON_CATEGORY] }),
      }),
    );
  }
  return out;
}

const decisionKey = (d: LmsDecision) => `${d.step}|${d.scene}|${d.choice}`;

/**
 * The statements the AU sends now, given what it has sent (`progress`) and
 * the run as it stands (`result`, from `lmsResult`): initialized first; an
 * answered statement for each decision not yet reported (after going back,
 * the decisions taken anew); completed (and passed or failed) when the run
 * reaches an ending; and terminated when `terminate` is set (the trainee
 * leaves, or the run ends). Nothing after terminated.
 */
export function cmi5Statements(
  launch: Cmi5Launch,
  scenario: Scenario,
  progress: Cmi5Progress,
  result: LmsResult | null,
  stamp: Stamp,
  terminate = false,
): { statements: XapiStatement[]; progress: Cmi5Progress } {
  if (progress.terminated) return { statements: [], progress };
  const statements: XapiStatement[] = [];
  let next = progress;
  if (!next.initialized) {
    statements.push(
      statement(launch, "initialized", stamp, { context: contextOf(launch, { categories: [CMI5_CATEGORY] }) }),
    );
    next = { ...next, initialized: true };
  }
  if (result) {
    const keys = result.decisions.map(decisionKey);
    let same = 0;
    while (same < next.answered.length && same < keys.length && next.answered[same] === keys[same]) same++;
    for (const decision of result.decisions.slice(same))
      statements.push(answeredStatement(launch, scenario, decision, stamp));
    next = { ...next, answered: keys };
    if (result.completion === "completed" && launch.launchMode === "Normal" && !next.concluded) {
      const sent = completion(launch, result, next, stamp);
      statements.push(...sent);
      next = {
        ...next,
        completed: true,
        passed: next.passed || sent.some((s) => s.verb.id === VERBS.passed),
        concluded: true,
      };
    }
  }
  if (terminate) {
    statements.push(
      statement(launch, "terminated", stamp, {
        result: { duration: elapsed(stamp) },
        context: contextOf(launch, { categories: [CMI5_CATEGORY] }),
      }),
    );
    next = { ...next, terminated: true };
  }
  return { statements, progress: next };
}

/** Where the site sends its own statements from (an LRS named in the config, no LMS): who, which run, which scenario. */
export type SiteLaunch = {
  /** A pseudonymous agent: an account on the site named by a random code kept in the browser. */
  readonly actor: XapiAgent;
  /** One per run (`runRegistration`). */
  readonly registration: string;
  /** The scenario's page on the site. */
  readonly activityId: string;
  readonly lang?: string;
};

/**
 * The statements the site itself sends to an LRS named in its config, once
 * the trainee has agreed: the same answered and completed statements as an AU
 * (the same numbers and extensions) as plain xAPI, without cmi5's categories,
 * session or initialized/terminated, one registration per run. `stamp.initializedAt`
 * is when the run started.
 */
export function siteStatements(
  site: SiteLaunch,
  scenario: Scenario,
  progress: Cmi5Progress,
  result: LmsResult,
  stamp: Stamp,
): { statements: XapiStatement[]; progress: Cmi5Progress } {
  const launch: Cmi5Launch = { ...site, contextTemplate: {}, launchMode: "Normal", plain: true };
  return cmi5Statements(launch, scenario, { ...progress, initialized: true }, result, stamp);
}

/** A run's registration: a UUID (version 4 form) derived from the run's scenario, start and seed, the same after a reload. */
export function runRegistration(run: {
  readonly scenario: string;
  readonly startedAt: string;
  readonly seed: number | null;
}): string {
  const key = `${run.scenario}|${run.startedAt}|${run.seed ?? "-"}`;
  const hex = contentHash(key) + contentHash(`${key}|2`);
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The launch data's fields the AU reads, from the untrusted LMS.LaunchData document; never throws. */
export function launchDataOf(
  data: unknown,
): Pick<Cmi5Launch, "contextTemplate" | "launchMode" | "masteryScore"> & { returnURL?: string } {
  const d = typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
  const template = d.contextTemplate;
  const mode = d.launchMode;
  const mastery = d.masteryScore;
  return {
    contextTemplate:
      typeof template === "object" && template !== null && !Array.isArray(template) ? (template as XapiContext) : {},
    launchMode: mode === "Browse" || mode === "Review" ? mode : "Normal",
    ...(typeof mastery === "number" && mastery >= 0 && mastery <= 1 ? { masteryScore: mastery } : {}),
    // Where "Back to your course" goes: a web address only (never javascript: or data:).
    ...(typeof d.returnURL === "string" && /^(?:https?:\/\/|\/(?!\/))/i.test(d.returnURL)
      ? { returnURL: d.returnURL }
      : {}),
  };
}

/** The per-principle change of a decision, as its answered statement carries it (for readers of statements). */
export function changesOf(s: XapiStatement): Readonly<Record<string, number>> {
  const value = own(s.result?.extensions, PRINCIPLE_CHANGES);
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, number>) : {};
}
