/**
 * The player island: renders an engine Session, saves every step in this
 * browser, resumes on return. Imports engine modules directly (never the
 * index or the compiler) and takes the build-time Analysis.
 */
import { Component, createRef } from "preact";
import type { Analysis } from "../../engine/analyze.ts";
import type { ScenarioMap } from "../../engine/layout.ts";
import type { Scenario } from "../../engine/model.ts";
import { COMPLETED_KEY, type Repair, readCompleted, readRun, runKey, withCompleted } from "../../engine/progress.ts";
import { createSession, restoreSession, type Session, type SessionView } from "../../engine/session.ts";
import { Blocks } from "../components/Blocks.tsx";
import { Delta } from "../components/Delta.tsx";
import { memoryNotice, SiteStore } from "../lib/storage.ts";
import debriefCss from "../styles/debrief.css?url";

/** What the page hands the island, as one JSON string (far smaller in the HTML than Astro's tagged props). */
export type PlayerData = {
  readonly scenario: Scenario;
  readonly analysis: Analysis;
  readonly map: ScenarioMap;
  /** Principle id → name, in the code's order. */
  readonly names: Readonly<Record<string, string>>;
  readonly scriptHref: string;
};

type Props = { readonly data: string };

type DebriefModule = typeof import("../components/Debrief.tsx");
/** The debrief is loaded on demand: it is not needed before the first interaction. */
let debriefModule: Promise<DebriefModule> | undefined;
const loadDebrief = () =>
  (debriefModule ??= Promise.all([import("../components/Debrief.tsx"), stylesheet(debriefCss)]).then(([m]) => m));

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

type Notice = { readonly text: string; readonly fresh?: boolean };

type State = {
  readonly session: Session;
  readonly view: SessionView;
  /** True once the island runs in the browser (the server render keeps the choices inert). */
  readonly ready: boolean;
  readonly notices: readonly Notice[];
  readonly debrief: DebriefModule | null;
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
    const session = createSession(this.data.scenario, { analysis: this.data.analysis });
    this.state = { session, view: session.view(), ready: false, notices: [], debrief: null };
  }

  /** Resumes a saved run, once, in the browser; then saves every step. */
  override componentDidMount() {
    const { scenario, analysis } = this.data;
    const store = new SiteStore((reason) => this.notify({ text: memoryNotice(reason) }));
    this.store = store;
    if (store.fallback) this.notify({ text: memoryNotice(store.fallback) });
    const { record, repairs } = readRun(store, scenario.id);
    this.report(repairs);
    let session = this.state.session;
    if (record && record.steps.length > 0) {
      const restored = restoreSession(scenario, record, { analysis });
      if (!restored.ok) this.notify({ text: restored.error, fresh: true });
      else {
        session.stop();
        session = restored.session;
        if (restored.message) this.notify({ text: restored.message, fresh: restored.status === "diverged" });
      }
    }
    this.use(session);
    this.setState({ ready: true });
    document.addEventListener("keydown", this.onKey);
  }

  override componentWillUnmount() {
    this.unsubscribe();
    document.removeEventListener("keydown", this.onKey);
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

  use(session: Session) {
    this.unsubscribe();
    this.unsubscribe = session.subscribe((next) => {
      this.focusFor = next;
      this.setState({ view: next });
      this.prepareDebrief(next);
      this.save(session, next);
    });
    this.setState({ session, view: session.view() });
    this.prepareDebrief(session.view());
  }

  save(session: Session, view: SessionView) {
    const store = this.store;
    if (!store) return;
    const key = runKey(this.data.scenario.id);
    const record = session.save();
    if (record.steps.length === 0) store.removeItem(key);
    else store.setItem(key, JSON.stringify(record));
    if (view.phase === "ended") {
      const { runs, repairs } = readCompleted(store);
      this.report(repairs);
      store.setItem(COMPLETED_KEY, JSON.stringify(withCompleted(runs, record)));
    }
  }

  /** Fetches the debrief's code once the run is under way, so it is ready at the ending. */
  prepareDebrief(view: SessionView) {
    if (view.steps.length > 0 || view.phase === "ended")
      void loadDebrief().then((debrief) => this.setState({ debrief }));
  }

  notify(notice: Notice) {
    this.setState((state) => ({ notices: [...state.notices, notice] }));
  }

  report(repairs: readonly Repair[]) {
    reportRepairs(repairs, (n) => this.notify(n));
  }

  /** Keyboard: 1–9 choose, Enter continues, Backspace goes back. */
  readonly onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement | null;
    if (target?.closest("input, textarea, select, [contenteditable]")) return;
    const { session } = this.state;
    const phase = session.view().phase;
    if (/^[1-9]$/.test(e.key) && phase === "deciding") {
      if (session.choose(Number(e.key))) e.preventDefault();
    } else if (e.key === "Enter" && phase === "feedback" && !target?.closest("button, a, summary")) {
      if (session.continue()) e.preventDefault();
    } else if (e.key === "Backspace" && session.back()) e.preventDefault();
  };

  readonly restart = () => {
    this.setState({ notices: [] });
    this.state.session.restart();
  };

  override render() {
    const { scenario, map, names, scriptHref } = this.data;
    const { session, view, ready, notices, debrief } = this.state;
    const restart = this.restart;
    const root = this.root;
    const { phase, node, last } = view;
    const atStart = view.steps.length === 0;
    return (
      <div class="player" ref={root} data-phase={phase} data-ready={ready ? "" : undefined}>
        {notices.length > 0 && (
          <div class="notices" role="status">
            {notices.map((n, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: notices are only ever appended
              <p key={i} class="notice">
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
            ))}
          </div>
        )}
        {atStart && scenario.contentNote && (
          <aside class="content-note" aria-labelledby="content-note-title">
            <h2 id="content-note-title" class="content-note-title">
              Before you begin
            </h2>
            <p>This scenario touches on: {scenario.contentNote}</p>
            <p>You can stop at any time. Nothing you choose leaves this browser.</p>
          </aside>
        )}
        {phase === "ended" ? (
          debrief ? (
            <debrief.Debrief session={session} map={map} names={names} onRestart={restart} />
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
        <nav class="run-controls" aria-label="Run">
          <button type="button" onClick={() => session.back()} disabled={!view.canGoBack}>
            Back
          </button>
          <button type="button" onClick={restart} disabled={atStart}>
            Restart
          </button>
          <a href={scriptHref}>Read the whole script</a>
        </nav>
      </div>
    );
  }
}

function reportRepairs(repairs: readonly Repair[], notify: (n: Notice) => void) {
  for (const r of repairs) {
    notify({
      text: `A saved run in this browser could not be read (${r.reason}), so it was set aside under “${r.movedTo}”. You can start afresh; nothing else was changed.`,
    });
  }
}
