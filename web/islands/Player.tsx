/**
 * The player island: renders an engine Session, saves every step in this
 * browser, resumes on return. Imports engine modules directly (never the
 * index or the compiler) and takes the build-time Analysis.
 *
 * The page carries the scenario's structure with only the first scene's prose
 * (`openingOnly`); the whole scenario is fetched from `scenario.json` on the
 * trainee's first interaction (at once when resuming a run), and the session
 * moves onto it by replaying its record, which is exact for the same version.
 */
import { Component, createRef } from "preact";
import type { Analysis } from "../../engine/analyze.ts";
import type { ScenarioMap } from "../../engine/layout.ts";
import { withinOpening } from "../../engine/library.ts";
import type { Scenario } from "../../engine/model.ts";
import { COMPLETED_KEY, type Repair, readCompleted, readRun, runKey, withCompleted } from "../../engine/progress.ts";
import type { RunRecord } from "../../engine/record.ts";
// The session without its debrief: the debrief's code comes with its own chunk, when the run ends.
import {
  createPlayerSession as createSession,
  type PlayerSession as Session,
  type SessionView,
} from "../../engine/session-core.ts";
import { Blocks, ReflectBox } from "../components/Blocks.tsx";
import { Delta } from "../components/Delta.tsx";
import type { Notice } from "../lib/notices.ts";
import { memoryNotice, SiteStore } from "../lib/storage.ts";
import debriefCss from "../styles/debrief.css?url";

/** What the page hands the island, as one JSON string (far smaller in the HTML than Astro's tagged props). */
/** A new run's seed: each run shows its options in its own order (kept in the run record). */
const newSeed = (): number => crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;

export type PlayerData = {
  /** The structure, with the first scene's prose only. */
  readonly scenario: Scenario;
  readonly analysis: Analysis;
  /** Principle id → name, in the code's order. */
  readonly names: Readonly<Record<string, string>>;
  readonly scriptHref: string;
  /** Where the whole scenario is: a {@link PlayerScenario}. */
  readonly wholeHref: string;
  /** What the content note says about where choices go, when not "Nothing you choose leaves this browser." */
  readonly note?: string;
};

/** The whole scenario as the player needs it, fetched from `wholeHref`. */
export type PlayerScenario = {
  readonly scenario: Scenario;
  readonly analysis: Analysis;
  readonly map: ScenarioMap;
};

/**
 * Set by an exported LMS package's script (web/lms/) before the island mounts: the run to resume (instead of
 * this browser's saved one) and what the content note says about where choices go. The player tells such a
 * script every step with a `rehearse:run` event on `window`, whose `detail` is the run record.
 */
type Lms = { readonly run?: RunRecord; readonly note: string };

/** What counts as the trainee starting: the whole scenario is fetched then, not with the page. */
const FIRST_INTERACTION = ["pointerdown", "pointermove", "touchstart", "keydown", "wheel", "scroll"] as const;

type Props = { readonly data: string };

type DebriefModule = typeof import("../components/Debrief.tsx");
type Restore = typeof import("../../engine/session-restore.ts");
/** The debrief is loaded on demand: it is not needed before the first interaction. */
let debriefModule: Promise<DebriefModule> | undefined;
const loadDebrief = () =>
  (debriefModule ??= Promise.all([import("../components/Debrief.tsx"), stylesheet(debriefCss)]).then(
    ([m]) => m,
    (error) => {
      // Not kept when it fails (no connection): the next step, Try again or coming back online tries again.
      debriefModule = undefined;
      throw error;
    },
  ));

/** Adds a same-origin stylesheet once; resolves when it has loaded (or failed: the debrief still reads without it). */
function stylesheet(href: string): Promise<void> {
  return new Promise((done) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.onload = link.onerror = () => done();
    document.head.append(link);
  });
}

type State = {
  readonly session: Session;
  readonly view: SessionView;
  /** True once the island runs in the browser (the server render keeps the choices inert). */
  readonly ready: boolean;
  readonly notices: readonly Notice[];
  /** The debrief's code once loaded; false when loading it failed (the trainee can try again). */
  readonly debrief: DebriefModule | null | false;
  /** The whole scenario, once fetched; until then the session runs on the opening. */
  readonly whole: PlayerScenario | null;
  /** A saved run being resumed: it is restored, and shown, once the whole scenario is here. */
  readonly resume: RunRecord | null;
  /** Why the whole scenario could not be fetched (the trainee can try again). */
  readonly failed: string | null;
};

/**
 * A class component rather than hooks: the player page has the tightest
 * script budget, and Preact's hooks module is a kilobyte of it.
 */
export default class Player extends Component<Props, State> {
  readonly data: PlayerData;
  store: SiteStore | null = null;
  /** The view whose first render should move focus. */
  focusFor: SessionView | null = null;
  readonly root = createRef<HTMLDivElement>();
  unsubscribe = () => {};

  constructor(props: Props) {
    super(props);
    this.data = JSON.parse(props.data);
    // The page's HTML and its hydration show one order, derived from the scenario (not the author's);
    // the run itself gets a random seed once mounted.
    const pageSeed = Number.parseInt(this.data.scenario.hash.slice(0, 8), 16) || 0;
    const session = createSession(this.data.scenario, { analysis: this.data.analysis, seed: pageSeed });
    this.state = {
      session,
      view: session.view(),
      ready: false,
      notices: [],
      debrief: null,
      whole: null,
      resume: null,
      failed: null,
    };
  }

  fetching = false;
  /** Read when the island is created, so that hydration already shows the package's note. */
  readonly lms = (globalThis as { rehearseLms?: Lms }).rehearseLms;

  /** Resumes a saved run, once, in the browser; then saves every step. */
  override componentDidMount() {
    const store = new SiteStore((reason) => this.notify({ text: memoryNotice(reason) }));
    this.store = store;
    if (store.fallback) this.notify({ text: memoryNotice(store.fallback) });
    const { record, repairs } = this.lms
      ? { record: this.lms.run, repairs: [] }
      : readRun(store, this.data.scenario.id);
    this.report(repairs);
    const resuming = record !== undefined && record.steps.length > 0;
    if (!resuming) this.state.session.stop();
    this.use(
      resuming
        ? this.state.session
        : createSession(this.data.scenario, { analysis: this.data.analysis, seed: newSeed() }),
    );
    this.setState({ ready: true });
    document.addEventListener("keydown", this.onKey);
    // After a failed fetch, coming back online tries again (as does the trainee's next step, or Try again).
    addEventListener("online", this.retry);
    if (record && record.steps.length > 0) {
      this.setState({ resume: record });
      this.fetchWhole();
    } else for (const type of FIRST_INTERACTION) addEventListener(type, this.fetchWhole, { passive: true });
  }

  override componentWillUnmount() {
    this.unsubscribe();
    document.removeEventListener("keydown", this.onKey);
    removeEventListener("online", this.retry);
    for (const type of FIRST_INTERACTION) removeEventListener(type, this.fetchWhole);
  }

  /** Fetches the whole scenario once (again after a failure, when asked). */
  readonly fetchWhole = () => {
    for (const type of FIRST_INTERACTION) removeEventListener(type, this.fetchWhole);
    if (this.fetching || this.state.whole) return;
    this.fetching = true;
    this.setState({ failed: null });
    // Restoring is needed only once the whole scenario is here: its code comes with it.
    Promise.all([
      fetch(this.data.wholeHref).then((response) => {
        if (!response.ok) throw new Error(`the server answered ${response.status}`);
        return response.json();
      }),
      import("../../engine/session-restore.ts"),
    ])
      .then(([whole, { restorePlayerSession }]: [PlayerScenario, Restore]) => this.receive(whole, restorePlayerSession))
      // fetch rejects with a TypeError when there is no connection.
      .catch((error: Error) => this.setState({ failed: error instanceof TypeError ? "no connection" : error.message }))
      .finally(() => {
        this.fetching = false;
      });
  };

  /** Moves the run onto the whole scenario: the saved run when resuming, else the run so far (exact: same version). */
  receive(whole: PlayerScenario, restoreSession: Restore["restorePlayerSession"]) {
    if (whole?.scenario?.id !== this.data.scenario.id) throw new Error("the server sent something else");
    const { session: current, view } = this.state;
    const waiting = this.waiting(view);
    const { scenario, analysis } = whole;
    const restored = restoreSession(scenario, this.state.resume ?? current.save(), { analysis });
    let next: Session;
    if (restored.ok) {
      next = restored.session;
      if (restored.message) this.notify({ text: restored.message, fresh: restored.status === "diverged" });
    } else {
      // The saved run stays in storage until the trainee's next step replaces it.
      this.notify({ text: restored.error, fresh: true });
      next = createSession(scenario, { analysis, seed: newSeed() });
    }
    current.stop();
    this.setState({ whole, resume: null, failed: null });
    this.use(next, waiting);
  }

  /** Whether the view needs prose that only the whole scenario has. */
  waiting(view: SessionView): boolean {
    const { whole, resume } = this.state;
    return !whole && (resume !== null || !withinOpening(this.data.scenario.start, view));
  }

  /** Focus follows the run: the new scene's heading, the Continue button after a choice, the ending's heading. */
  override componentDidUpdate() {
    const { view, debrief } = this.state;
    if (this.focusFor !== view || (view.phase === "ended" && !debrief)) return;
    this.focusFor = null;
    this.root.current
      ?.querySelector<HTMLElement>(view.phase === "feedback" ? ".continue" : "h2[tabindex='-1']")
      ?.focus();
  }

  /** Renders a session from now on; `focus` moves focus to what it shows (after waiting for the whole scenario). */
  use(session: Session, focus = false) {
    this.unsubscribe();
    this.unsubscribe = session.subscribe((next) => {
      this.focusFor = next;
      this.setState({ view: next });
      this.prepareDebrief(next);
      this.save(session, next);
    });
    const view = session.view();
    if (focus) this.focusFor = view;
    this.setState({ session, view });
    this.prepareDebrief(view);
  }

  save(session: Session, view: SessionView) {
    const store = this.store;
    if (!store) return;
    const key = runKey(this.data.scenario.id);
    const record = session.save();
    dispatchEvent(new CustomEvent("rehearse:run", { detail: record }));
    if (record.steps.length === 0) store.removeItem(key);
    else store.setItem(key, JSON.stringify(record));
    if (view.phase === "ended") {
      const { runs, repairs } = readCompleted(store);
      this.report(repairs);
      store.setItem(COMPLETED_KEY, JSON.stringify(withCompleted(runs, record)));
    }
  }

  /**
   * Once the run is under way, fetches the debrief's code (so it is ready at the ending) and the whole
   * scenario, if it is not here yet: this is how a failed fetch is tried again on the trainee's next step.
   */
  prepareDebrief(view: SessionView) {
    if (view.steps.length > 0 || view.phase === "ended") {
      this.fetchWhole();
      loadDebrief().then(
        (debrief) => this.setState({ debrief }),
        () => this.setState({ debrief: false }),
      );
    }
  }

  /** Try again (or back online): whatever is still missing, the whole scenario or the debrief. */
  readonly retry = () => {
    this.fetchWhole();
    if (this.state.debrief === false) this.setState({ debrief: null });
    this.prepareDebrief(this.state.view);
  };

  notify(notice: Notice) {
    this.setState((state) => ({ notices: [...state.notices, notice] }));
  }

  /** Damaged saved data: told in the trainee's words (the wording is loaded only when it is needed). */
  report(repairs: readonly Repair[]) {
    if (repairs.length > 0)
      import("../lib/notices.ts").then(
        (m) => {
          for (const n of m.repairNotices(repairs)) this.notify(n);
        },
        () => this.notify({ text: "Some of what this browser saved could not be read; it was set aside." }),
      );
  }

  /** Keyboard: 1–9 choose, Enter continues, Backspace goes back. */
  readonly onKey = (e: KeyboardEvent) => {
    // Keyboard hints show for a fine pointer (CSS), and here once a key has been used.
    this.root.current?.setAttribute("data-keys", "");
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement | null;
    if (target?.closest("input, textarea, select, [contenteditable]")) return;
    const { session, resume } = this.state;
    const view = session.view();
    const phase = view.phase;
    // Nothing can be chosen or continued while the prose on screen is still on its way.
    if (resume || (this.waiting(view) && e.key !== "Backspace")) return;
    if (/^[1-9]$/.test(e.key) && phase === "deciding") {
      if (session.choose(Number(e.key))) e.preventDefault();
    } else if (e.key === "Enter" && phase === "feedback" && !target?.closest("button, a, summary")) {
      if (session.continue()) e.preventDefault();
    } else if (e.key === "Backspace" && session.back()) e.preventDefault();
  };

  readonly restart = () => {
    this.setState({ notices: [] });
    this.state.session.restart(newSeed());
  };

  override render() {
    const { scenario, names, scriptHref } = this.data;
    const { session, view, ready, notices, debrief, whole, resume, failed } = this.state;
    const restart = this.restart;
    const root = this.root;
    const { phase, node, last } = view;
    const atStart = view.steps.length === 0;
    const waiting = this.waiting(view);
    // Once the run has started, the controls sit at the top, in the collapsed header's line (site.css).
    const controls = (
      <nav class="run-controls" aria-label="Run">
        <button type="button" onClick={() => session.back()} disabled={!view.canGoBack || resume !== null}>
          Back
        </button>
        <button type="button" onClick={restart} disabled={atStart}>
          Restart
        </button>
        <a href={scriptHref}>Read the whole script</a>
      </nav>
    );
    return (
      <div
        class="player"
        ref={root}
        data-phase={waiting ? "loading" : phase}
        data-ready={ready ? "" : undefined}
        data-started={atStart && !resume ? undefined : ""}
      >
        {!atStart && controls}
        {notices.length > 0 && (
          <div class="notices" role="status">
            {notices.map((n, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: notices are only ever appended
              <div key={i} class="notice">
                <p>
                  {n.text}
                  {n.fresh && (
                    <>
                      {" "}
                      <button type="button" class="link-button" onClick={restart}>
                        Start again
                      </button>
                    </>
                  )}
                </p>
                {n.detail && (
                  <details>
                    <summary>Details</summary>
                    <p class="notice-detail">{n.detail}</p>
                  </details>
                )}
              </div>
            ))}
          </div>
        )}
        {atStart && !resume && scenario.contentNote && (
          <aside class="content-note" aria-labelledby="content-note-title">
            <h2 id="content-note-title" class="content-note-title">
              Before you begin
            </h2>
            <p>This scenario touches on: {scenario.contentNote}</p>
            <p>{`You can stop at any time. ${this.lms?.note ?? this.data.note ?? "Nothing you choose leaves this browser."}`}</p>
            <p class="support-link">
              <a href="/support/">Who to contact if this brings something up</a>
            </p>
          </aside>
        )}
        {waiting ? (
          <div class="loading">
            <p role="status">
              {failed
                ? `The rest of this scenario could not be loaded (${failed}). Your place is kept.`
                : resume
                  ? "Resuming your run…"
                  : phase === "ended"
                    ? "Preparing your debrief…"
                    : "Loading the next scene…"}
            </p>
            {failed && (
              <button type="button" class="primary" onClick={this.retry}>
                Try again
              </button>
            )}
          </div>
        ) : phase === "ended" ? (
          debrief && whole ? (
            <debrief.Debrief session={session} map={whole.map} names={names} onRestart={restart} />
          ) : debrief === false ? (
            <div class="loading">
              <p role="status">Your debrief could not be loaded (no connection). Your run is saved.</p>
              <button type="button" class="primary" onClick={this.retry}>
                Try again
              </button>
            </div>
          ) : (
            <p role="status">Preparing your debrief…</p>
          )
        ) : (
          <section class="scene" aria-labelledby="scene-title">
            {phase === "deciding" && node.kind === "scene" ? (
              <>
                <p class="step-count">{atStart ? "Start" : `Decision ${view.steps.length + 1}`}</p>
                <h2 id="scene-title" tabIndex={-1}>
                  {node.title ?? node.id}
                </h2>
                <Blocks blocks={node.body} flags={view.position.flags} />
                <h3 class="choices-title" id="choices-title">
                  What do you do?
                </h3>
                <ol class="choices" aria-labelledby="choices-title">
                  {view.choices.map(({ number, choice }) => (
                    <li key={choice.index}>
                      <button type="button" class="choice" disabled={!ready} onClick={() => session.choose(number)}>
                        <span class="key" aria-hidden="true">
                          {number}
                        </span>
                        <span class="choice-text">
                          <Blocks blocks={choice.text} />
                        </span>
                      </button>
                    </li>
                  ))}
                </ol>
                <p class="hint">Keys: 1–{view.choices.length} choose · Backspace goes back</p>
              </>
            ) : last ? (
              <>
                <p class="step-count">Decision {view.steps.length}</p>
                <h2 id="scene-title" tabIndex={-1}>
                  {last.scene.title ?? last.scene.id}
                </h2>
                <div class="you-chose">
                  <p class="label">You chose</p>
                  <Blocks blocks={last.choice.text} />
                </div>
              </>
            ) : null}
            <div class="feedback" aria-live="polite">
              {phase === "feedback" && last && (
                <>
                  <h3 class="feedback-title">What that did</h3>
                  <Blocks blocks={last.choice.feedback} />
                  <Delta scores={last.step.scores} names={names} />
                  <ReflectBox blocks={last.scene.reflect} flags={view.position.flags} title="A question to pause on" />
                </>
              )}
            </div>
            {phase === "feedback" && (
              <p>
                <button type="button" class="primary continue" onClick={() => session.continue()}>
                  {node.kind === "ending" ? "See how it ended" : "Continue"}
                </button>{" "}
                <span class="hint">or press Enter</span>
              </p>
            )}
          </section>
        )}
        {atStart && controls}
      </div>
    );
  }
}
