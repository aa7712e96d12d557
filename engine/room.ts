/**
 * Workshop mode: a room's run through a scenario. One decision goes through
 * phases the lead steps through (read → discuss → vote → reveal → compare →
 * the next scene); the room's raised hands (and phone votes, when a room
 * server runs) are tallied per option; the option taken is the majority, or
 * the lead's pick. The room drives an engine Session like every player, so
 * its scores are the trainee's scores for the same path.
 *
 * Options are named by `choiceKey` and lettered A, B, C… in the order the
 * session shows them; the record keeps that order, so the letters hold across
 * reloads. Everything here is plain data: the record is JSON, and restoring it
 * gives the same room.
 */
import type { Analysis } from "./analyze.ts";
import { choiceKey } from "./choice-key.ts";
import { plainText } from "./compile/prose.ts";
import { jsonObject } from "./json-object.ts";
import { weighOptions } from "./lookahead.ts";
import type { Block, Choice, Ending, Scenario, Scene, Scores } from "./model.ts";
import { own } from "./own.ts";
import { shortestPathTo } from "./paths.ts";
import type { RunRecord } from "./record.ts";
import { availableChoices, type Position, sceneById, whenHolds } from "./run.ts";
import { type Debrief, replaySteps } from "./score.ts";
import { createSession, restoreSession, type Session, type SessionView } from "./session.ts";
import type { Seed } from "./shuffle.ts";

export const ROOM_SCHEMA = "rehearse.room/1";
export const ROOM_SUMMARY_SCHEMA = "rehearse.room-summary/1";
/** Where a browser keeps a room's state: apart from trainee runs (`rehearse:`). */
export const ROOM_KEY_PREFIX = "rehearse-room:";
export const roomKey = (scenario: string) => `${ROOM_KEY_PREFIX}${scenario}`;

export type RoomPhase = "read" | "discuss" | "vote" | "reveal" | "compare" | "ended";
export const ROOM_PHASES: readonly RoomPhase[] = ["read", "discuss", "vote", "reveal", "compare", "ended"];

export type RoomSettings = {
  /** Seconds for the discussion's countdown; null: no countdown (the default). */
  readonly countdown: number | null;
  /** Whether a decision has a compare phase after the reveal. @default true */
  readonly compare: boolean;
};

/** Votes per option, by choice key. */
export type Tally = Readonly<Record<string, number>>;

/** One decision as the room made it. */
export type RoomDecisionRecord = {
  readonly scene: string;
  /** The options' choice keys in the order shown: A, B, C… */
  readonly options: readonly string[];
  /** Raised hands the lead counted. */
  readonly hands: Tally;
  /** Phone votes, as the room server last reported them. */
  readonly phones: Tally;
  /** The lead's pick (a choice key), overriding the majority; null: the majority. */
  readonly pick: string | null;
  /** The room jumped past this decision: no vote, the pick is the shortest path's. */
  readonly jumped?: true;
  /** When the room reached this scene. */
  readonly startedAt: string;
};

export type RoomRecord = {
  readonly schema: typeof ROOM_SCHEMA;
  readonly scenario: string;
  readonly scenarioHash: string;
  readonly startedAt: string;
  /** Counts every change: the newest record wins when two windows share a room. */
  readonly revision: number;
  /** The session's run: the path the room took (the truth, replayed on restore). */
  readonly run: RunRecord;
  readonly phase: RoomPhase;
  readonly page: number;
  readonly phaseStartedAt: string;
  readonly settings: RoomSettings;
  /** Index i: the decision at step i + 1; the current one is at the run's length (later ones are kept for going forward again). */
  readonly decisions: readonly RoomDecisionRecord[];
  /** The letter selected for tallying, as an option index; null: none. */
  readonly selected: number | null;
};

/** How much prose fits on one projector page, in lines of so many characters. */
export type PageBudget = { readonly lineChars: number; readonly lines: number };

/** The projector's page at 60 × 33.75 rem (16:9), body at 1 rem: see web/styles/present.css. */
export const PROJECTOR_BUDGET: PageBudget = { lineChars: 90, lines: 17 };
/** Summary rows on one projector page. */
export const SUMMARY_ROWS = 6;

export type RoomOption = {
  readonly letter: string;
  readonly key: string;
  readonly choice: Choice;
  readonly hands: number;
  readonly phones: number;
  readonly votes: number;
  /** Share of the votes, rounded; 0 when there are none. */
  readonly percent: number;
  /** The sum of its score changes over the scenario's principles. */
  readonly net: number;
  /** The highest net total a run can reach from here through this option, looking ahead (as the debrief's `Option.lookahead`). */
  readonly lookahead: number;
  /** Whether no other option here has a higher `lookahead`: the best by the code, as the debrief says (ties share it). */
  readonly best: boolean;
};

export type TakenHow = "majority" | "tie" | "lead" | "none" | "jump";

export type Taken = {
  readonly letter: string;
  readonly key: string;
  readonly choice: Choice;
  /** `majority`; `tie`: the first tied option in the order shown; `lead`: the lead's pick; `none`: no votes, option A; `jump`. */
  readonly how: TakenHow;
};

export type RoomView = {
  readonly phase: RoomPhase;
  readonly page: number;
  readonly pages: number;
  /** 1-based number of the decision on screen (or the run's length at the ending). */
  readonly step: number;
  readonly session: SessionView;
  /** The scene being decided (not at the ending). */
  readonly scene: Scene | null;
  readonly ending: Ending | null;
  /** The scene's prose, split into pages, notes left out. */
  readonly bodyPages: readonly (readonly Block[])[];
  readonly options: readonly RoomOption[];
  readonly votes: number;
  /** Letters with the most votes (several on a tie; none without votes). */
  readonly majority: readonly string[];
  readonly taken: Taken | null;
  /** The selected option for tallying. */
  readonly selected: string | null;
  readonly settings: RoomSettings;
  readonly phaseStartedAt: string;
  readonly sceneStartedAt: string | null;
  readonly startedAt: string;
  readonly canGoBack: boolean;
  readonly canGoNext: boolean;
  /** `<step>:<scene>`: names the decision for a room server. */
  readonly decisionKey: string | null;
};

export type Room = {
  readonly scenario: Scenario;
  readonly session: Session;
  view(): RoomView;
  subscribe(listener: (view: RoomView) => void): () => void;
  next(): boolean;
  back(): boolean;
  /** Selects an option to tally by its letter; null clears. */
  select(letter: string | null): boolean;
  setHands(letter: string, count: number): boolean;
  adjustHands(letter: string, by: number): boolean;
  /** The room server's phone votes for the decision on screen, by letter. */
  setPhones(tally: Readonly<Record<string, number>>): boolean;
  /** The lead takes another option than the majority; null goes back to the majority. */
  take(letter: string | null): boolean;
  setSettings(settings: Partial<RoomSettings>): void;
  restart(): void;
  /** Jumps to a scene (or ending) along the shortest path from the start; false when no run reaches it. */
  jumpTo(nodeId: string): boolean;
  debrief(): Debrief;
  summary(): RoomSummary;
  save(): RoomRecord;
  stop(): void;
};

export type RoomOptions = {
  readonly analysis: Analysis;
  /** The seed the session shuffles the options with (a new room; a restored one keeps its run's). */
  readonly seed?: Seed;
  readonly now?: () => Date;
  readonly budget?: PageBudget;
};

export const letterOf = (index: number) => String.fromCharCode(65 + index);
const indexOfLetter = (letter: string) => letter.toUpperCase().charCodeAt(0) - 65;

const DEFAULT_SETTINGS: RoomSettings = { countdown: null, compare: true };

/** Blocks a room sees with these flags: notes left out, `<When>` resolved. */
export function visibleBlocks(blocks: readonly Block[], flags: readonly string[]): Block[] {
  return blocks.flatMap((b): Block[] =>
    b.type === "note" ? [] : b.type === "when" ? (whenHolds(b, flags) ? visibleBlocks(b.children, flags) : []) : [b],
  );
}

/** Estimated lines a block takes at a budget's line length (a paragraph's gap counts as half a line). */
function linesOf(block: Block, lineChars: number): number {
  const text = plainText([block]);
  if (block.type === "list") return block.items.reduce((n, item) => n + linesFor(item, lineChars - 3), 0.5);
  if (block.type === "quote") return linesFor(block.children, lineChars - 3);
  if (block.type === "rule") return 1;
  // Dialogue: the speaker's name on a line of its own.
  if (block.type === "line") return 1 + Math.max(1, Math.ceil(text.length / lineChars)) + 0.5;
  return text.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(line.length / lineChars)), 0.5);
}

function linesFor(blocks: readonly Block[], lineChars: number): number {
  return blocks.reduce((n, b) => n + linesOf(b, lineChars), 0);
}

/** Splits prose into pages that fit a budget, whole blocks to a page (a block longer than a page gets one to itself). */
export function pagesOf(blocks: readonly Block[], budget: PageBudget = PROJECTOR_BUDGET): Block[][] {
  const pages: Block[][] = [];
  let page: Block[] = [];
  let used = 0;
  for (const block of blocks) {
    const lines = linesOf(block, budget.lineChars);
    if (page.length > 0 && used + lines > budget.lines) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(block);
    used += lines;
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages;
}

/** Votes per option and the option taken, from a decision's record. */
/** The decision's options with their votes, weighed as the debrief weighs them (`weighOptions`, looking ahead from `position`). */
function countOf(
  scenario: Scenario,
  analysis: Pick<Analysis, "lookahead">,
  position: Position,
  scene: Scene,
  record: RoomDecisionRecord,
) {
  const options = record.options.flatMap((key, i) => {
    const choice = scene.choices.find((c) => choiceKey(c) === key);
    if (!choice) return [];
    const hands = own(record.hands, key) ?? 0;
    const phones = own(record.phones, key) ?? 0;
    return [{ letter: letterOf(i), key, choice, hands, phones, votes: hands + phones }];
  });
  const weighed = weighOptions(
    scenario,
    analysis,
    position,
    options.map((o) => o.choice),
  );
  const votes = options.reduce((n, o) => n + o.votes, 0);
  const withPercent: RoomOption[] = options.map((o, i) => ({
    ...o,
    net: weighed[i]?.net ?? 0,
    lookahead: weighed[i]?.lookahead ?? 0,
    percent: votes === 0 ? 0 : Math.round((100 * o.votes) / votes),
    best: weighed[i]?.best ?? false,
  }));
  const most = Math.max(0, ...options.map((o) => o.votes));
  const majority = votes === 0 ? [] : withPercent.filter((o) => o.votes === most);
  const picked = record.pick === null ? undefined : withPercent.find((o) => o.key === record.pick);
  const first = majority[0] ?? withPercent[0];
  const taken: Taken | null = picked
    ? { letter: picked.letter, key: picked.key, choice: picked.choice, how: record.jumped ? "jump" : "lead" }
    : first
      ? {
          letter: first.letter,
          key: first.key,
          choice: first.choice,
          how: votes === 0 ? "none" : majority.length > 1 ? "tie" : "majority",
        }
      : null;
  return { options: withPercent, votes, majority, taken };
}

const nonNegative = (n: number) => (Number.isFinite(n) ? Math.max(0, Math.min(100_000, Math.floor(n))) : 0);

export function createRoom(scenario: Scenario, options: RoomOptions): Room {
  return roomOf(
    scenario,
    createSession(scenario, {
      analysis: options.analysis,
      ...(options.now ? { now: options.now } : {}),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    }),
    options,
    null,
  );
}

function roomOf(scenario: Scenario, session: Session, options: RoomOptions, saved: RoomRecord | null): Room {
  const now = options.now ?? (() => new Date());
  const budget = options.budget ?? PROJECTOR_BUDGET;
  const stamp = () => now().toISOString();
  const listeners = new Set<(view: RoomView) => void>();
  let startedAt = saved?.startedAt ?? stamp();
  let revision = saved?.revision ?? 0;
  let phase: RoomPhase = saved?.phase ?? "read";
  let page = saved?.page ?? 0;
  let phaseStartedAt = saved?.phaseStartedAt ?? startedAt;
  let settings: RoomSettings = saved?.settings ?? DEFAULT_SETTINGS;
  let decisions: RoomDecisionRecord[] = [...(saved?.decisions ?? [])];
  let selected: number | null = saved?.selected ?? null;

  const keysShown = (view: SessionView) => view.choices.map((c) => choiceKey(c.choice));

  /** Makes sure the decision on screen has its record (reused when the room comes back to the same scene with the same options). */
  const ensureCurrent = () => {
    const view = session.view();
    const i = view.steps.length;
    if (view.phase !== "deciding") {
      decisions = decisions.slice(0, Math.max(i, 0));
      return;
    }
    const keys = keysShown(view);
    const existing = decisions[i];
    const same =
      existing &&
      existing.scene === view.node.id &&
      existing.options.length === keys.length &&
      keys.every((k) => existing.options.includes(k));
    if (!same) decisions = [...decisions.slice(0, i), fresh(view.node.id, keys)];
  };
  const fresh = (scene: string, keys: readonly string[]): RoomDecisionRecord => ({
    scene,
    options: keys,
    hands: {},
    phones: {},
    pick: null,
    startedAt: stamp(),
  });

  const current = () => {
    const view = session.view();
    if (view.phase !== "deciding" || view.node.kind !== "scene") return null;
    const record = decisions[view.steps.length];
    return record ? { view, scene: view.node, record, index: view.steps.length } : null;
  };

  const pagesNow = (): { body: Block[][]; pages: number } => {
    const view = session.view();
    if (phase === "ended") {
      const body =
        view.node.kind === "ending" ? pagesOf(visibleBlocks(view.node.body, view.position.flags), budget) : [];
      // The ending's prose, the debrief, then the summary.
      return { body, pages: body.length + 1 + Math.max(1, Math.ceil(view.steps.length / SUMMARY_ROWS)) };
    }
    if (view.node.kind !== "scene") return { body: [], pages: 1 };
    const body = pagesOf(visibleBlocks(view.node.body, view.position.flags), budget);
    return { body, pages: phase === "read" ? body.length : 1 };
  };

  const view = (): RoomView => {
    const s = session.view();
    const here = current();
    const counted = here ? countOf(scenario, options.analysis, s.position, here.scene, here.record) : null;
    const { body, pages } = pagesNow();
    const atStart = s.steps.length === 0 && phase === "read" && page === 0;
    const atEnd = phase === "ended" && page >= pages - 1;
    return {
      phase,
      page,
      pages,
      step: phase === "ended" ? s.steps.length : s.steps.length + 1,
      session: s,
      scene: here?.scene ?? null,
      ending: s.node.kind === "ending" ? s.node : null,
      bodyPages: body,
      options: counted?.options ?? [],
      votes: counted?.votes ?? 0,
      majority: counted?.majority.map((o) => o.letter) ?? [],
      taken: counted?.taken ?? null,
      selected: selected !== null && counted?.options[selected] ? letterOf(selected) : null,
      settings,
      phaseStartedAt,
      sceneStartedAt: here?.record.startedAt ?? null,
      startedAt,
      canGoBack: !atStart,
      canGoNext: !atEnd,
      decisionKey: here ? `${here.index + 1}:${here.scene.id}` : null,
    };
  };

  const changed = () => {
    revision++;
    const v = view();
    for (const listener of listeners) listener(v);
    return true;
  };
  const enter = (next: RoomPhase, nextPage = 0) => {
    phase = next;
    page = nextPage;
    phaseStartedAt = stamp();
    selected = null;
  };

  /** Takes the decision's option in the session and moves on to the next scene or the ending. */
  const advance = (): boolean => {
    const here = current();
    const taken = here && countOf(scenario, options.analysis, here.view.position, here.scene, here.record).taken;
    if (!here || !taken) return false;
    const shown = here.view.choices.find((c) => choiceKey(c.choice) === taken.key);
    if (!shown || !session.choose(shown.number)) return false;
    session.continue();
    ensureCurrent();
    enter(session.view().phase === "ended" ? "ended" : "read");
    return true;
  };

  /** Undoes the last decision and shows its result again. */
  const undo = (): boolean => {
    if (!session.back()) return false;
    ensureCurrent();
    enter(settings.compare ? "compare" : "reveal");
    return true;
  };

  const modify = (
    change: (record: RoomDecisionRecord, here: NonNullable<ReturnType<typeof current>>) => RoomDecisionRecord | null,
  ) => {
    const here = current();
    if (!here) return false;
    const next = change(here.record, here);
    if (!next) return false;
    decisions = decisions.map((d, i) => (i === here.index ? next : d));
    return changed();
  };
  const keyOf = (record: RoomDecisionRecord, letter: string) => record.options[indexOfLetter(letter)];

  ensureCurrent();
  // A saved page past the end (an edited scene is shorter now) shows the last page.
  page = Math.min(page, pagesNow().pages - 1);

  const room: Room = {
    scenario,
    session,
    view,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    next() {
      const { pages } = pagesNow();
      if ((phase === "read" || phase === "ended") && page < pages - 1) {
        page++;
        return changed();
      }
      switch (phase) {
        case "read":
          enter("discuss");
          return changed();
        case "discuss":
          enter("vote");
          return changed();
        case "vote":
          enter("reveal");
          return changed();
        case "reveal":
          if (settings.compare) {
            enter("compare");
            return changed();
          }
          return advance() && changed();
        case "compare":
          return advance() && changed();
        case "ended":
          return false;
      }
    },
    back() {
      if ((phase === "read" || phase === "ended") && page > 0) {
        page--;
        return changed();
      }
      switch (phase) {
        case "read":
        case "ended":
          return undo() && changed();
        case "discuss":
          enter(
            "read",
            Math.max(
              0,
              pagesOf(visibleBlocks(current()?.scene.body ?? [], session.view().position.flags), budget).length - 1,
            ),
          );
          return changed();
        case "vote":
          enter("discuss");
          return changed();
        case "reveal":
          enter("vote");
          return changed();
        case "compare":
          enter("reveal");
          return changed();
      }
    },
    select(letter) {
      if (letter === null) {
        selected = null;
        return changed();
      }
      const here = current();
      const i = indexOfLetter(letter);
      if (!here || phase !== "vote" || !(i >= 0 && i < here.record.options.length)) return false;
      selected = i;
      return changed();
    },
    setHands: (letter, count) =>
      phase === "vote" &&
      modify((record) => {
        const key = keyOf(record, letter);
        return key === undefined ? null : { ...record, hands: { ...record.hands, [key]: nonNegative(count) } };
      }),
    adjustHands: (letter, by) =>
      phase === "vote" &&
      modify((record) => {
        const key = keyOf(record, letter);
        return key === undefined
          ? null
          : { ...record, hands: { ...record.hands, [key]: nonNegative((own(record.hands, key) ?? 0) + by) } };
      }),
    setPhones: (tally) =>
      modify((record) => {
        const phones: Record<string, number> = {};
        for (const [letter, n] of Object.entries(tally)) {
          const key = keyOf(record, letter);
          if (key !== undefined && /^[A-Z]$/.test(letter)) phones[key] = nonNegative(n);
        }
        const same =
          Object.keys(phones).length === Object.keys(record.phones).length &&
          Object.entries(phones).every(([k, n]) => record.phones[k] === n);
        return same ? null : { ...record, phones };
      }),
    take: (letter) =>
      (phase === "reveal" || phase === "compare") &&
      modify((record, here) => {
        if (letter === null) return record.pick === null ? null : { ...record, pick: null };
        const key = keyOf(record, letter);
        if (key === undefined) return null;
        const byVotes = countOf(scenario, options.analysis, here.view.position, here.scene, {
          ...record,
          pick: null,
        }).taken;
        const pick = byVotes?.key === key && byVotes.how === "majority" ? null : key;
        return pick === record.pick ? null : { ...record, pick };
      }),
    setSettings(next) {
      const countdown =
        next.countdown === undefined
          ? settings.countdown
          : next.countdown === null || !(next.countdown > 0)
            ? null
            : Math.min(3600, Math.round(next.countdown));
      settings = { countdown, compare: next.compare ?? settings.compare };
      if (phase === "compare" && !settings.compare) enter("reveal");
      changed();
    },
    restart() {
      session.restart();
      startedAt = stamp();
      decisions = [];
      ensureCurrent();
      enter("read");
      changed();
    },
    jumpTo(nodeId) {
      const path = shortestPathTo(scenario, nodeId);
      if (!path) return false;
      const before = decisions;
      session.restart();
      decisions = [];
      for (const [i, number] of path.entries()) {
        const s = session.view();
        if (s.node.kind !== "scene") return false;
        // The path numbers the choices as authored; the session may show them in another order.
        const choice = availableChoices(s.node, s.position.flags)[number - 1];
        const shown = choice && s.choices.find((c) => choiceKey(c.choice) === choiceKey(choice));
        if (!choice || !shown) return false;
        const key = choiceKey(choice);
        const old = before[i];
        const taken =
          old && old.scene === s.node.id ? countOf(scenario, options.analysis, s.position, s.node, old).taken : null;
        decisions.push(
          old && taken?.key === key ? old : { ...fresh(s.node.id, keysShown(s)), pick: key, jumped: true },
        );
        session.choose(shown.number);
        session.continue();
      }
      ensureCurrent();
      enter(session.view().phase === "ended" ? "ended" : "read");
      return changed();
    },
    debrief: () => session.debrief(),
    summary: () => summarizeRoom(scenario, room.save(), session.debrief(), options.analysis),
    save: () => ({
      schema: ROOM_SCHEMA,
      scenario: scenario.id,
      scenarioHash: scenario.hash,
      startedAt,
      revision,
      run: session.save(),
      phase,
      page,
      phaseStartedAt,
      settings,
      decisions,
      selected,
    }),
    stop: () => session.stop(),
  };
  return room;
}

export type RestoreRoomResult =
  | { readonly ok: false; readonly error: string }
  | { readonly ok: true; readonly room: Room; readonly message?: string };

/** Restores a saved room (untrusted JSON, text or parsed); never throws. An edited scenario is replayed as far as it holds. */
export function restoreRoom(scenario: Scenario, input: unknown, options: RoomOptions): RestoreRoomResult {
  const parsed = parseRoomRecord(input);
  if (!parsed.ok) return { ok: false, error: `This saved room cannot be read: ${parsed.error}.` };
  const record = parsed.record;
  if (record.scenario !== scenario.id)
    return { ok: false, error: `This saved room belongs to "${record.scenario}", not "${scenario.id}".` };
  const restored = restoreSession(scenario, record.run, {
    analysis: options.analysis,
    ...(options.now ? { now: options.now } : {}),
  });
  if (!restored.ok) return { ok: false, error: restored.error };
  const { session } = restored;
  if (session.view().phase === "feedback") session.continue();
  const s = session.view();
  const held = restored.status !== "diverged";
  const phase: RoomPhase = s.phase === "ended" ? "ended" : held && record.phase !== "ended" ? record.phase : "read";
  const room = roomOf(scenario, session, options, {
    ...record,
    phase,
    page: held && phase === record.phase ? record.page : 0,
    decisions: record.decisions.slice(0, held ? record.decisions.length : restored.replayed),
  });
  return {
    ok: true,
    room,
    ...(restored.message
      ? {
          message: restored.message
            .replace("the run continues", "the room continues")
            .replace("the run was saved", "the room was saved"),
        }
      : {}),
  };
}

export type ParsedRoomRecord =
  | { readonly ok: true; readonly record: RoomRecord }
  | { readonly ok: false; readonly error: string };

const tallyOf = (value: unknown): Tally => {
  const out: Record<string, number> = {};
  if (typeof value === "object" && value !== null)
    for (const [k, v] of Object.entries(value))
      if (typeof v === "number" && Number.isFinite(v)) out[k] = nonNegative(v);
  return out;
};
const isoOr = (value: unknown, fallback: string) =>
  typeof value === "string" && !Number.isNaN(Date.parse(value)) ? value : fallback;

/** Checks untrusted JSON against the room record; never throws. */
export function parseRoomRecord(input: unknown): ParsedRoomRecord {
  const object = jsonObject(input, "a room object");
  if (!object.ok) return object;
  const r = object.value;
  if (r.schema !== ROOM_SCHEMA)
    return { ok: false, error: `unknown schema ${JSON.stringify(r.schema)}, expected "${ROOM_SCHEMA}"` };
  if (typeof r.scenario !== "string") return { ok: false, error: "`scenario` is not a string" };
  if (typeof r.run !== "object" || r.run === null) return { ok: false, error: "`run` is missing" };
  if (!Array.isArray(r.decisions)) return { ok: false, error: "`decisions` is not a list" };
  const startedAt = isoOr(r.startedAt, new Date(0).toISOString());
  const decisions: RoomDecisionRecord[] = [];
  for (const [i, d] of r.decisions.entries()) {
    const x = d as Record<string, unknown> | null;
    if (
      typeof x !== "object" ||
      x === null ||
      typeof x.scene !== "string" ||
      !Array.isArray(x.options) ||
      !x.options.every((o) => typeof o === "string")
    )
      return { ok: false, error: `decision ${i + 1} is not { scene, options, hands, phones, pick }` };
    decisions.push({
      scene: x.scene,
      options: x.options as string[],
      hands: tallyOf(x.hands),
      phones: tallyOf(x.phones),
      pick: typeof x.pick === "string" && (x.options as string[]).includes(x.pick) ? x.pick : null,
      ...(x.jumped === true ? { jumped: true as const } : {}),
      startedAt: isoOr(x.startedAt, startedAt),
    });
  }
  const s = (r.settings ?? {}) as Record<string, unknown>;
  const countdown = typeof s.countdown === "number" && s.countdown > 0 ? Math.min(3600, Math.round(s.countdown)) : null;
  return {
    ok: true,
    record: {
      schema: ROOM_SCHEMA,
      scenario: r.scenario,
      scenarioHash: typeof r.scenarioHash === "string" ? r.scenarioHash : "",
      startedAt,
      revision: typeof r.revision === "number" && Number.isInteger(r.revision) ? r.revision : 0,
      run: r.run as RunRecord,
      phase: ROOM_PHASES.includes(r.phase as RoomPhase) ? (r.phase as RoomPhase) : "read",
      page: typeof r.page === "number" && Number.isInteger(r.page) && r.page >= 0 ? r.page : 0,
      phaseStartedAt: isoOr(r.phaseStartedAt, startedAt),
      settings: { countdown, compare: s.compare !== false },
      decisions,
      selected: typeof r.selected === "number" && Number.isInteger(r.selected) && r.selected >= 0 ? r.selected : null,
    },
  };
}

export type SummaryOption = {
  readonly letter: string;
  readonly key: string;
  readonly text: string;
  readonly hands: number;
  readonly phones: number;
  readonly votes: number;
  readonly percent: number;
  readonly scores: Scores;
  /** The sum of its score changes. */
  readonly net: number;
  /** The highest net total a run could reach from here through this option, looking ahead (as the debrief's). */
  readonly lookahead: number;
  readonly majority: boolean;
  readonly taken: boolean;
  readonly best: boolean;
};

export type SummaryDecision = {
  readonly step: number;
  readonly scene: string;
  readonly sceneTitle: string;
  /** When the room reached the scene. */
  readonly startedAt: string;
  /** Seconds from reaching the scene to reaching the next one. */
  readonly seconds: number;
  readonly jumped: boolean;
  readonly votes: number;
  readonly options: readonly SummaryOption[];
  readonly taken: { readonly letter: string; readonly key: string; readonly how: TakenHow };
  /** The taken option's score change per principle. */
  readonly change: Scores;
  readonly majority: readonly string[];
  readonly best: readonly string[];
  /**
   * Net points the room's majority gave up against the best option, looking ahead as the debrief does
   * (the best option's `lookahead` minus the majority's); 0 when they agree or without votes.
   */
  readonly gap: number;
};

export type RoomSummary = {
  readonly schema: typeof ROOM_SUMMARY_SCHEMA;
  readonly scenario: string;
  readonly title: string;
  readonly scenarioHash: string;
  readonly startedAt: string;
  readonly ending: { readonly id: string; readonly title: string; readonly tone: string | null } | null;
  readonly principles: readonly string[];
  /** Every vote recorded, hands and phones. */
  readonly votes: number;
  readonly decisions: readonly SummaryDecision[];
  /** Steps where the room's majority and the code disagreed, the widest gap first. */
  readonly disagreements: readonly number[];
  readonly scores: Readonly<Record<string, number>>;
  readonly percent: Readonly<Record<string, number>>;
};

/**
 * The room summary: per decision the vote split, the option taken, its score change, and where the room and the
 * code disagreed, with options weighed by the scenario's analysis as the debrief weighs them (looking ahead).
 */
export function summarizeRoom(
  scenario: Scenario,
  record: RoomRecord,
  debrief: Debrief,
  analysis: Pick<Analysis, "lookahead">,
): RoomSummary {
  const steps = record.run.steps;
  const { positions } = replaySteps(scenario, steps);
  const decisions: SummaryDecision[] = [];
  steps.forEach((step, i) => {
    const scene = sceneById(scenario, step.scene);
    const d = record.decisions[i];
    const position = positions[i];
    if (!scene || !d || !position || d.scene !== scene.id) return;
    const counted = countOf(scenario, analysis, position, scene, d);
    const bestValue = Math.max(...counted.options.map((o) => o.lookahead));
    const majority = counted.majority.map((o) => o.letter);
    const first = counted.majority[0];
    const gap = first && !d.jumped ? bestValue - first.lookahead : 0;
    const taken = counted.taken;
    if (!taken) return;
    // The next scene's arrival, or the ending's (the ended phase starts when the room gets there).
    const next =
      i + 1 < steps.length || record.phase !== "ended" ? record.decisions[i + 1]?.startedAt : record.phaseStartedAt;
    decisions.push({
      step: i + 1,
      scene: scene.id,
      sceneTitle: scene.title ?? scene.id,
      startedAt: d.startedAt,
      seconds: next ? Math.max(0, Math.round((Date.parse(next) - Date.parse(d.startedAt)) / 1000)) : 0,
      jumped: d.jumped === true,
      votes: counted.votes,
      options: counted.options.map((o) => ({
        letter: o.letter,
        key: o.key,
        text: plainText(visibleBlocks(o.choice.text, [])),
        hands: o.hands,
        phones: o.phones,
        votes: o.votes,
        percent: o.percent,
        scores: o.choice.scores,
        net: o.net,
        lookahead: o.lookahead,
        majority: majority.includes(o.letter),
        taken: o.key === taken.key,
        best: o.best,
      })),
      taken: { letter: taken.letter, key: taken.key, how: taken.how },
      change: taken.choice.scores,
      majority,
      best: counted.options.filter((o) => o.best).map((o) => o.letter),
      gap,
    });
  });
  const ending = debrief.ending;
  return {
    schema: ROOM_SUMMARY_SCHEMA,
    scenario: scenario.id,
    title: scenario.title,
    scenarioHash: scenario.hash,
    startedAt: record.startedAt,
    ending: ending ? { id: ending.id, title: ending.title ?? ending.id, tone: ending.tone ?? null } : null,
    principles: scenario.principles,
    votes: decisions.reduce((n, d) => n + d.votes, 0),
    decisions,
    disagreements: decisions
      .filter((d) => d.gap > 0)
      .sort((a, b) => b.gap - a.gap || a.step - b.step)
      .map((d) => d.step),
    scores: debrief.scores,
    percent: debrief.percent,
  };
}

const cell = (value: string | number) => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * The summary as CSV: a row per option per decision, a column per principle. `net` is the option's own total,
 * `lookahead` the highest total reachable through it from that decision on, which decides `best`.
 */
export function roomSummaryCsv(summary: RoomSummary): string {
  const head = [
    "step",
    "scene",
    "scene_title",
    "seconds",
    "letter",
    "option",
    "text",
    "hands",
    "phones",
    "votes",
    "percent",
    "majority",
    "taken",
    "how_taken",
    "best",
    "net",
    "lookahead",
    ...summary.principles,
  ];
  const rows = summary.decisions.flatMap((d) =>
    d.options.map((o) => [
      d.step,
      d.scene,
      d.sceneTitle,
      d.seconds,
      o.letter,
      o.key,
      o.text,
      o.hands,
      o.phones,
      o.votes,
      o.percent,
      o.majority ? "yes" : "no",
      o.taken ? "yes" : "no",
      o.taken ? d.taken.how : "",
      o.best ? "yes" : "no",
      o.net,
      o.lookahead,
      ...summary.principles.map((p) => own(o.scores, p) ?? 0),
    ]),
  );
  return `${[head, ...rows].map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}
