/**
 * The projector: one decision at a time, read from the back of a room. It
 * renders an engine Room (engine/room.ts) and never a facilitator note; the
 * scores stay hidden until the reveal. When the page is served by
 * `rehearse room`, phones vote too: the projector tells the server which
 * decision is open and adds the phone votes to the raised hands.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Analysis } from "../../../engine/analyze.ts";
import type { Scenario } from "../../../engine/model.ts";
import { roomSummaryCsv, SUMMARY_ROWS } from "../../../engine/room.ts";
import { Blocks } from "../../components/Blocks.tsx";
import { download, downloadText } from "../../lib/download.ts";
import { connectRoom, type RoomClient, type RoomDecision } from "../../lib/room-client.ts";
import { Dialogs } from "./Dialogs.tsx";
import { type Dialog, handleKey, type KeyContext } from "./keys.ts";
import {
  Compare,
  clock,
  MiniBar,
  type Names,
  PatternDefs,
  PhaseTrail,
  RoomScores,
  SummaryTable,
  Taken,
  TallyChart,
} from "./parts.tsx";
import { RoomLink, type ServerInfo } from "./room-link.ts";

const TONE: Record<string, string> = {
  positive: "A good ending",
  mixed: "A mixed ending",
  negative: "A hard ending",
};

/** What the present pages hand their island, as one JSON string. */
export type PresentData = {
  /** The scenario without facilitator notes (the projector's copy). */
  readonly scenario: Scenario;
  readonly analysis: Analysis;
  readonly names: Names;
  readonly speakerHref: string;
  readonly facilitatorHref: string;
  readonly scriptHref: string;
};

/** Re-renders every second while something on screen counts. */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return active ? now : Date.now();
}

/** The link's room, re-rendered on every change from either window. */
export function useRoomLink(scenario: Scenario, analysis: Analysis) {
  const link = useMemo(() => new RoomLink(scenario, analysis), [scenario, analysis]);
  const [, setRevision] = useState(0);
  useEffect(() => {
    const off = link.subscribe((room) => setRevision(room.save().revision + Math.random()));
    return () => {
      off();
      link.close();
    };
  }, [link]);
  return link;
}

export function countdownLeft(
  view: { phase: string; settings: { countdown: number | null }; phaseStartedAt: string },
  now: number,
) {
  if (view.phase !== "discuss" || view.settings.countdown === null) return null;
  return view.settings.countdown * 1000 - (now - Date.parse(view.phaseStartedAt));
}

export default function Projector({ data }: { readonly data: string }) {
  const d = useMemo(() => JSON.parse(data) as PresentData, [data]);
  const link = useRoomLink(d.scenario, d.analysis);
  const room = link.room;
  const view = room.view();
  const [dialog, showDialog] = useState<Dialog>(null);
  // The key handler reads this, not the state: a key pressed right after a panel closes must not wait for a render.
  const dialogOpen = useRef<Dialog>(null);
  const setDialog = useCallback((next: Dialog) => {
    dialogOpen.current = next;
    showDialog(next);
  }, []);
  const [server, setServer] = useState<ServerInfo>({ state: null, lost: false });
  const [blocked, setBlocked] = useState(false);
  const keys = useRef<KeyContext>({ room, typed: "", openDialog: setDialog });
  const client = useRef<RoomClient | null>(null);
  const sent = useRef("");
  const closeDialog = useCallback(() => setDialog(null), [setDialog]);

  const openSpeaker = useCallback(() => {
    const w = open(d.speakerHref, "rehearse-speaker", "popup,width=1280,height=820");
    setBlocked(!w);
  }, [d.speakerHref]);

  keys.current.room = room;
  keys.current.openSpeaker = openSpeaker;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || dialogOpen.current) return;
      if (handleKey(e, keys.current)) e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  // Phones: only when this page is served by `rehearse room`.
  useEffect(() => {
    let stopped = false;
    const offs: (() => void)[] = [];
    connectRoom()
      .then((c) => {
        if (!c || stopped) return c?.close();
        client.current = c;
        const share = (info: ServerInfo) => {
          setServer(info);
          link.shareServer(info);
        };
        let lost = false;
        offs.push(
          c.subscribe((state) => {
            const v = link.room.view();
            if (state.decision && state.decision.key === v.decisionKey) link.room.setPhones(state.tally);
            share({ state, lost });
          }),
          c.onLost((now) => {
            lost = now;
            share({ state: c.state(), lost });
            if (!now) sent.current = "";
          }),
          link.onHello(() => link.shareServer({ state: c.state(), lost })),
        );
        share({ state: c.state(), lost });
      })
      .catch(() => {
        // No server: hand tallies only.
      });
    return () => {
      stopped = true;
      for (const off of offs) off();
      client.current?.close();
    };
  }, [link]);

  // Tells the server which decision is on screen and whether phones may vote (open in the vote phase only).
  useEffect(() => {
    const c = client.current;
    if (!c) return;
    const decision: RoomDecision | null =
      view.decisionKey && view.scene && view.phase !== "ended"
        ? {
            key: view.decisionKey,
            scene: view.scene.id,
            letters: view.options.map((o) => o.letter),
            open: view.phase === "vote",
          }
        : null;
    const text = JSON.stringify(decision);
    if (text === sent.current) return;
    sent.current = text;
    void c.setDecision(decision).catch(() => {
      sent.current = "";
    });
  });

  const now = useNow(view.phase === "discuss" && view.settings.countdown !== null);
  const left = countdownLeft(view, now);
  const state = server.state;
  const showJoin =
    state && !server.lost && (view.phase === "read" || view.phase === "discuss" || view.phase === "vote");
  const title = view.scene?.title ?? view.scene?.id ?? view.ending?.title ?? d.scenario.title;
  const summaryPages = view.phase === "ended" ? view.pages - view.bodyPages.length - 1 : 0;

  return (
    <div
      class={`projector phase-${view.phase}${showJoin ? " with-join" : ""}`}
      data-phase={view.phase}
      data-page={view.page}
      data-step={view.step}
      data-revision={room.save().revision}
    >
      <header class="bar top">
        <p class="where">
          <span class="scenario-title">{d.scenario.title}</span>
          {view.phase !== "ended" && <span class="step"> · Decision {view.step}</span>}
        </p>
        <PhaseTrail view={view} />
        {left !== null && (
          <p class={`countdown${left <= 0 ? " over" : ""}`} role="timer" aria-label="Discussion time left">
            {left <= 0 ? "Time" : clock(left)}
          </p>
        )}
      </header>

      <main class="stage" id="main">
        <div class="stage-main">
          {view.phase === "read" && view.scene && (
            <section class="read" aria-labelledby="stage-title">
              <h1 id="stage-title">{title}</h1>
              <div class="prose">
                <Blocks blocks={view.bodyPages[view.page] ?? []} flags={view.session.position.flags} />
              </div>
            </section>
          )}
          {(view.phase === "discuss" || view.phase === "vote") && view.scene && (
            <section aria-labelledby="stage-title">
              <h1 id="stage-title" class="ask">
                {view.phase === "vote" ? "Vote: raise your hand for one option" : "What would you do?"}
              </h1>
              {view.phase === "vote" && <PatternDefs id="mini" />}
              <ol class="room-options">
                {view.options.map((o) => (
                  <li key={o.key} class={view.phase === "vote" && view.selected === o.letter ? "selected" : undefined}>
                    <span class="letter" aria-hidden="true">
                      {o.letter}
                    </span>
                    <div class="option-text">
                      <span class="visually-hidden">Option {o.letter}: </span>
                      <Blocks blocks={o.choice.text} />
                    </div>
                    {view.phase === "vote" && (
                      <p class="count">
                        <strong>{o.votes}</strong>
                        <MiniBar
                          votes={o.votes}
                          most={Math.max(...view.options.map((x) => x.votes))}
                          index={view.options.indexOf(o)}
                          id="mini"
                        />
                        <span class="visually-hidden"> vote{o.votes === 1 ? "" : "s"}</span>
                        {o.phones > 0 && (
                          <span class="split">
                            {o.hands} hand{o.hands === 1 ? "" : "s"} + {o.phones} phone{o.phones === 1 ? "" : "s"}
                          </span>
                        )}
                        {view.selected === o.letter && <span class="counting">counting</span>}
                      </p>
                    )}
                  </li>
                ))}
              </ol>
            </section>
          )}
          {view.phase === "reveal" && (
            <section class="reveal" aria-labelledby="stage-title">
              <h1 id="stage-title">The room's vote</h1>
              <div class="reveal-grid">
                <TallyChart options={view.options} votes={view.votes} id="tally" taken={view.taken?.letter} />
                <Taken view={view} names={d.names} />
              </div>
            </section>
          )}
          {view.phase === "compare" && (
            <section aria-labelledby="stage-title">
              <h1 id="stage-title">What each option would have done</h1>
              <Compare view={view} names={d.names} />
            </section>
          )}
          {view.phase === "ended" && view.page < view.bodyPages.length && view.ending && (
            <section class="read" aria-labelledby="stage-title">
              <p class="tone">{TONE[view.ending.tone ?? ""] ?? "The ending"}</p>
              <h1 id="stage-title">{view.ending.title ?? view.ending.id}</h1>
              <div class="prose">
                <Blocks blocks={view.bodyPages[view.page] ?? []} flags={view.session.position.flags} />
              </div>
            </section>
          )}
          {view.phase === "ended" && view.page === view.bodyPages.length && (
            <section aria-labelledby="stage-title">
              <h1 id="stage-title">The room's scores</h1>
              <RoomScores debrief={room.debrief()} names={d.names} />
            </section>
          )}
          {view.phase === "ended" && view.page > view.bodyPages.length && (
            <SummaryPage link={link} names={d.names} index={view.page - view.bodyPages.length - 1} of={summaryPages} />
          )}
        </div>
        {showJoin && state && (
          <aside class="join" aria-label="Vote from your phone">
            <img
              class="qr"
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(state.joinQrSvg)}`}
              alt={`QR code for ${state.joinUrl}`}
            />
            <p class="join-url">
              {/* Break only before the room code, never inside it. */}
              {state.joinUrl.slice(0, state.joinUrl.lastIndexOf("/") + 1)}
              <wbr />
              <span class="nowrap">{state.joinUrl.slice(state.joinUrl.lastIndexOf("/") + 1)}</span>
            </p>
            <p class="join-code">
              Code <strong>{state.code}</strong>
            </p>
            <p class="join-devices">
              {state.devices} phone{state.devices === 1 ? "" : "s"}
            </p>
          </aside>
        )}
      </main>

      <footer class="bar bottom">
        <div class="room-notices" role="status">
          {server.lost && (
            <p>
              The room server has stopped: phones can no longer vote. Carry on with raised hands; the room keeps its
              place.
            </p>
          )}
          {blocked && (
            <p>
              This browser blocked the speaker window. <a href={d.speakerHref}>Open the speaker view</a> in another
              window.
            </p>
          )}
          {link.notices.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
        <p class="page-count">
          {view.pages > 1 ? `Page ${view.page + 1} of ${view.pages}` : ""}
          {view.phase === "vote" &&
            `${view.votes} vote${view.votes === 1 ? "" : "s"}${view.selected ? ` · counting ${view.selected}: type a number or press + −` : " · press a letter to count hands for it"}`}
        </p>
        <nav aria-label="Room controls" class="room-controls">
          <button type="button" onClick={() => room.back()} disabled={!view.canGoBack}>
            ← Back
          </button>
          <button type="button" onClick={() => room.next()} disabled={!view.canGoNext}>
            Next →
          </button>
          <button type="button" onClick={openSpeaker}>
            Speaker view (S)
          </button>
          <button type="button" onClick={() => setDialog("keys")}>
            Keys (?)
          </button>
        </nav>
      </footer>
      {view.phase === "ended" && <PrintSummary link={link} names={d.names} />}
      <Dialogs dialog={dialog} room={room} onClose={closeDialog} />
    </div>
  );
}

function SummaryPage({
  link,
  names,
  index,
  of,
}: {
  readonly link: RoomLink;
  readonly names: Names;
  readonly index: number;
  readonly of: number;
}) {
  const summary = link.room.summary();
  const worst = summary.decisions.find((s) => s.step === summary.disagreements[0]);
  return (
    <section aria-labelledby="stage-title" class="summary-page">
      <h1 id="stage-title">Room summary</h1>
      <p class="summary-lede">
        {summary.votes} vote{summary.votes === 1 ? "" : "s"} over {summary.decisions.length} decisions.{" "}
        {worst
          ? `The room and the code disagreed most at “${worst.sceneTitle}”: ${worst.majority.join("/")} gave up ${worst.gap} points against ${worst.best.join("/")}.`
          : summary.votes === 0
            ? "No votes were recorded."
            : "Wherever the room voted, its majority chose a best option by the code."}
      </p>
      <SummaryTable
        summary={summary}
        names={names}
        from={index * SUMMARY_ROWS}
        count={SUMMARY_ROWS}
        caption={of > 1 ? `Decisions, part ${index + 1} of ${of}` : "Decisions"}
      />
      {index === of - 1 && <SummaryActions link={link} />}
    </section>
  );
}

export function SummaryActions({ link }: { readonly link: RoomLink }) {
  const id = link.scenario.id;
  return (
    <p class="summary-actions">
      <button type="button" onClick={() => download(`${id}-room.json`, link.room.summary())}>
        Download JSON
      </button>
      <button type="button" onClick={() => downloadText(`${id}-room.csv`, roomSummaryCsv(link.room.summary()))}>
        Download CSV
      </button>
      <button type="button" onClick={() => print()}>
        Print
      </button>
    </p>
  );
}

/** The whole summary and the scores, for print only. */
export function PrintSummary({ link, names }: { readonly link: RoomLink; readonly names: Names }) {
  const summary = link.room.summary();
  return (
    <section class="print-summary">
      <h2>{summary.title}: room summary</h2>
      <p>
        {new Date(summary.startedAt).toLocaleString()} · {summary.votes} votes
        {summary.ending ? ` · ending: ${summary.ending.title}` : ""}
      </p>
      <SummaryTable summary={summary} names={names} caption="Decisions" />
      <h3>The room's scores</h3>
      <RoomScores debrief={link.room.debrief()} names={names} />
    </section>
  );
}
