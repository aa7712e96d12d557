/**
 * The speaker view, on the lead's own screen: the facilitator notes, every
 * option with its scores before the reveal, where each leads, the tally, a
 * clock and the time spent, and the same controls as the projector. It reads
 * the whole scenario, notes included, from `facilitator.json`.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { Analysis } from "../../../engine/analyze.ts";
import type { Block, Scenario } from "../../../engine/model.ts";
import type { Room, RoomView } from "../../../engine/room.ts";
import { whenHolds } from "../../../engine/run.ts";
import { Blocks, ReflectBox } from "../../components/Blocks.tsx";
import { Delta } from "../../components/Delta.tsx";
import { Dialogs } from "./Dialogs.tsx";
import { type Dialog, handleKey, type KeyContext } from "./keys.ts";
import { countdownLeft, PrintSummary, SummaryActions, useNow, useRoomLink } from "./Projector.tsx";
import { clock, howTaken, type Names, PhaseTrail, RoomScores, SummaryTable, TallyChart } from "./parts.tsx";
import type { ServerInfo } from "./room-link.ts";

/** The full facilitator data, served beside the present pages. */
export type FacilitatorData = {
  readonly scenario: Scenario;
  readonly analysis: Analysis;
  readonly names: Names;
};

type Props = { readonly href: string; readonly projectorHref: string };

export default function Speaker({ href, projectorHref }: Props) {
  const [data, setData] = useState<FacilitatorData | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const load = useCallback(() => {
    setFailed(null);
    fetch(href)
      .then((r) => {
        if (!r.ok) throw new Error(`the server answered ${r.status}`);
        return r.json();
      })
      .then((d: FacilitatorData) => setData(d))
      .catch((e: Error) => setFailed(e instanceof TypeError ? "no connection" : e.message));
  }, [href]);
  useEffect(load, [load]);
  if (!data)
    return (
      <div class="speaker" data-ready={failed ? "failed" : undefined}>
        <main id="main">
          <h1>Speaker view</h1>
          <p role="status">
            {failed ? `The facilitator notes could not be loaded (${failed}).` : "Loading the facilitator notes…"}
          </p>
          {failed && (
            <button type="button" class="primary" onClick={load}>
              Try again
            </button>
          )}
        </main>
      </div>
    );
  return <SpeakerRoom data={data} projectorHref={projectorHref} />;
}

/** Notes in prose that shows with these flags (inside a `<When>` that holds, a list item or a quote, too). */
function notesOf(blocks: readonly Block[], flags: readonly string[]): Block[] {
  return blocks.flatMap((b): Block[] =>
    b.type === "note"
      ? [b]
      : (b.type === "when" && whenHolds(b, flags)) || b.type === "quote"
        ? notesOf(b.children, flags)
        : b.type === "list"
          ? b.items.flatMap((item) => notesOf(item, flags))
          : [],
  );
}

function titleOf(scenario: Scenario, id: string) {
  const node = scenario.scenes.find((s) => s.id === id) ?? scenario.endings.find((e) => e.id === id);
  return `${node?.kind === "ending" ? "Ending: " : ""}${node?.title ?? id}`;
}

function SpeakerRoom({ data, projectorHref }: { readonly data: FacilitatorData; readonly projectorHref: string }) {
  const { scenario, names } = data;
  const link = useRoomLink(scenario, data.analysis);
  const room = link.room;
  const view = room.view();
  const [dialog, showDialog] = useState<Dialog>(null);
  // The key handler reads this, not the state: a key pressed right after a panel closes must not wait for a render.
  const dialogOpen = useRef<Dialog>(null);
  const setDialog = useCallback((next: Dialog) => {
    dialogOpen.current = next;
    showDialog(next);
  }, []);
  const [server, setServer] = useState<ServerInfo | null>(null);
  const keys = useRef<KeyContext>({ room, typed: "", openDialog: setDialog });
  keys.current.room = room;
  const closeDialog = useCallback(() => setDialog(null), [setDialog]);
  useEffect(() => link.onServer(setServer), [link]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || dialogOpen.current) return;
      if (handleKey(e, keys.current)) e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  const now = useNow(true);
  const left = countdownLeft(view, now);
  const flags = view.session.position.flags;
  const node = view.scene ?? view.ending;
  const notes = node ? notesOf(node.body, flags) : [];
  const progress = room.summary();
  const summary = view.phase === "ended" ? progress : null;

  return (
    <div
      class="speaker"
      data-phase={view.phase}
      data-page={view.page}
      data-step={view.step}
      data-revision={room.save().revision}
    >
      <header class="speaker-head">
        <p class="where">
          <strong>{scenario.title}</strong> · speaker view ·{" "}
          {view.phase === "ended" ? "the ending" : `decision ${view.step}`}
          {view.pages > 1 && ` · page ${view.page + 1} of ${view.pages}`}
        </p>
        <PhaseTrail view={view} />
        <p class="clocks">
          <span>
            Time <strong>{new Date(now).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}</strong>
          </span>
          <span>
            Session <strong>{clock(now - Date.parse(view.startedAt))}</strong>
          </span>
          {view.sceneStartedAt && (
            <span>
              This scene <strong>{clock(now - Date.parse(view.sceneStartedAt))}</strong>
            </span>
          )}
          {left !== null && (
            <span role="timer">
              Countdown <strong>{left <= 0 ? "time" : clock(left)}</strong>
            </span>
          )}
        </p>
      </header>
      <div class="speaker-grid">
        <main id="main" class="speaker-main">
          {link.notices.map((n) => (
            <p key={n} class="notice" role="status">
              {n}
            </p>
          ))}
          <h1>{node ? (node.title ?? node.id) : scenario.title}</h1>
          <section aria-labelledby="notes-title" class="speaker-notes">
            <h2 id="notes-title">Facilitator notes</h2>
            {notes.length > 0 ? (
              <Blocks blocks={notes} notes />
            ) : (
              <p class="muted">No notes {view.ending ? "for this ending" : "for this scene"}.</p>
            )}
          </section>
          <ReflectBox
            blocks={node?.reflect}
            title={view.ending ? "A question for the debrief" : "A question to ask the room after the choice"}
          />
          {view.scene && <Options room={room} view={view} names={names} scenario={scenario} />}
          {summary && (
            <section aria-labelledby="summary-title">
              <h2 id="summary-title">Room summary</h2>
              <SummaryTable summary={summary} names={names} caption={`${summary.votes} votes recorded`} />
              <SummaryActions link={link} />
              <h2>The room's scores</h2>
              <RoomScores debrief={room.debrief()} names={names} />
            </section>
          )}
          {node && (
            <details class="speaker-prose">
              <summary>The prose on the projector</summary>
              <Blocks blocks={node.body} flags={flags} />
            </details>
          )}
        </main>
        <aside class="speaker-side" aria-label="Controls">
          <p class="speaker-buttons">
            <button type="button" onClick={() => room.back()} disabled={!view.canGoBack}>
              ← Back
            </button>
            <button type="button" class="primary" onClick={() => room.next()} disabled={!view.canGoNext}>
              Next →
            </button>
          </p>
          <p class="speaker-buttons">
            <button type="button" onClick={() => setDialog("jump")}>
              Go to scene (G)
            </button>
            <button type="button" onClick={() => setDialog("settings")}>
              Countdown (T)
            </button>
            <button type="button" onClick={() => setDialog("restart")}>
              Restart (R)
            </button>
            <button type="button" onClick={() => setDialog("keys")}>
              Keys (?)
            </button>
          </p>
          {view.scene && view.options.length > 0 && (
            <section aria-labelledby="tally-title">
              <h2 id="tally-title">Tally</h2>
              <TallyChart
                options={view.options}
                votes={view.votes}
                id="speaker-tally"
                taken={view.phase === "reveal" || view.phase === "compare" ? view.taken?.letter : undefined}
              />
              <p>
                {view.votes} vote{view.votes === 1 ? "" : "s"}
                {view.taken && (view.phase === "reveal" || view.phase === "compare")
                  ? ` · taken: ${view.taken.letter}, ${howTaken(view.taken.how)}`
                  : view.majority.length > 0
                    ? ` · ahead: ${view.majority.join(", ")}`
                    : ""}
              </p>
            </section>
          )}
          {progress && progress.decisions.length > 0 && (
            <section aria-labelledby="times-title">
              <h2 id="times-title">Time per scene</h2>
              <ol class="scene-times">
                {progress.decisions.map((d) => (
                  <li key={d.step}>
                    {d.sceneTitle} <strong>{clock(d.seconds * 1000)}</strong>
                  </li>
                ))}
              </ol>
            </section>
          )}
          <section aria-labelledby="next-title">
            <h2 id="next-title">Next scenes</h2>
            {view.scene ? (
              <ul class="next-scenes">
                {view.options.map((o) => (
                  <li key={o.key}>
                    {o.letter} → {titleOf(scenario, o.choice.to)}
                  </li>
                ))}
              </ul>
            ) : (
              <p>The room has reached an ending.</p>
            )}
          </section>
          <section aria-labelledby="server-title">
            <h2 id="server-title">Phones</h2>
            {server?.state ? (
              <p>
                {server.lost
                  ? "The room server has stopped: carry on with raised hands."
                  : `${server.state.devices} phone${server.state.devices === 1 ? "" : "s"} · code ${server.state.code} · ${server.state.joinUrl}`}
              </p>
            ) : (
              <p>
                No room server: the room votes by raised hands. Run <code>rehearse room</code> for phones.
              </p>
            )}
          </section>
          <p>
            <a href={projectorHref} target="rehearse-projector">
              Open the projector
            </a>
          </p>
        </aside>
      </div>
      {view.phase === "ended" && <PrintSummary link={link} names={names} />}
      <Dialogs dialog={dialog} room={room} onClose={closeDialog} />
    </div>
  );
}

/** Every option with its letter, scores, feedback, where it leads and its tally controls. */
function Options({
  room,
  view,
  names,
  scenario,
}: {
  readonly room: Room;
  readonly view: RoomView;
  readonly names: Names;
  readonly scenario: Scenario;
}) {
  return (
    <section aria-labelledby="options-title">
      <h2 id="options-title">Options and their scores</h2>
      <ol class="speaker-options">
        {view.options.map((o) => (
          <li
            key={o.key}
            class={[
              view.selected === o.letter ? "selected" : "",
              view.taken?.letter === o.letter && (view.phase === "reveal" || view.phase === "compare")
                ? "is-taken"
                : "",
            ].join(" ")}
          >
            <p class="option-head">
              <span class="letter">{o.letter}</span> <span class="muted">→ {titleOf(scenario, o.choice.to)}</span>
            </p>
            <Blocks blocks={o.choice.text} notes />
            <Delta scores={o.choice.scores} names={names} label={`Option ${o.letter}: change per principle`} />
            <details>
              <summary>Feedback for {o.letter}</summary>
              <Blocks blocks={o.choice.feedback} notes />
            </details>
            <TallyControls room={room} view={view} letter={o.letter} hands={o.hands} phones={o.phones} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function TallyControls({
  room,
  view,
  letter,
  hands,
  phones,
}: {
  readonly room: Room;
  readonly view: RoomView;
  readonly letter: string;
  readonly hands: number;
  readonly phones: number;
}) {
  const voting = view.phase === "vote";
  const revealing = view.phase === "reveal" || view.phase === "compare";
  return (
    <p class="tally-controls">
      <span>
        Hands <strong>{hands}</strong>
        {phones > 0 && (
          <>
            {" "}
            · phones <strong>{phones}</strong>
          </>
        )}
      </span>
      {voting && (
        <>
          <button
            type="button"
            aria-label={`One hand fewer for ${letter}`}
            onClick={() => room.adjustHands(letter, -1)}
          >
            −
          </button>
          <button type="button" aria-label={`One hand more for ${letter}`} onClick={() => room.adjustHands(letter, 1)}>
            +
          </button>
        </>
      )}
      {revealing && view.taken?.letter !== letter && (
        <button type="button" onClick={() => room.take(letter)}>
          The room takes {letter}
        </button>
      )}
    </p>
  );
}
