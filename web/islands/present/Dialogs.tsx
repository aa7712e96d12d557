/** The lead's panels: the keys, go to a scene, restart, countdown and compare settings. */
import { useEffect, useRef, useState } from "preact/hooks";
import { outline } from "../../../engine/paths.ts";
import type { Room } from "../../../engine/room.ts";
import { type Dialog, SHORTCUTS } from "./keys.ts";

type Props = {
  readonly dialog: Dialog;
  readonly room: Room;
  readonly onClose: () => void;
};

const TITLE: Record<Exclude<Dialog, null>, string> = {
  keys: "Keys",
  jump: "Go to a scene",
  restart: "Restart the room?",
  settings: "Countdown and phases",
};

export function Dialogs({ dialog, room, onClose }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [target, setTarget] = useState("");
  const settings = room.view().settings;
  const [minutes, setMinutes] = useState(settings.countdown === null ? "" : String(settings.countdown / 60));
  const [compare, setCompare] = useState(settings.compare);
  useEffect(() => {
    if (!dialog) return;
    const s = room.view().settings;
    setMinutes(s.countdown === null ? "" : String(Math.round((s.countdown / 60) * 100) / 100));
    setCompare(s.compare);
    setTarget("");
    const previous = document.activeElement as HTMLElement | null;
    box.current?.querySelector<HTMLElement>("select, input, button.primary, button")?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        onClose();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      previous?.focus?.();
    };
  }, [dialog, onClose, room]);
  if (!dialog) return null;
  const nodes = outline(room.scenario).filter((n) => n.reachable);
  return (
    <div class="overlay">
      <div class="panel" role="dialog" aria-modal="true" aria-labelledby="panel-title" ref={box}>
        <h2 id="panel-title">{TITLE[dialog]}</h2>
        {dialog === "keys" && (
          <dl class="keys">
            {SHORTCUTS.map(([keys, what]) => (
              <div key={keys}>
                <dt>{keys}</dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        )}
        {dialog === "jump" && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (target && room.jumpTo(target)) onClose();
            }}
          >
            <p>
              The room goes there by the shortest path from the start; the decisions it skips are marked as skipped in
              the summary.
            </p>
            <label for="jump-target">Scene or ending</label>{" "}
            <select id="jump-target" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
              <option value="">Choose…</option>
              {nodes.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.kind === "ending" ? "Ending: " : ""}
                  {n.title ?? n.id}
                </option>
              ))}
            </select>{" "}
            <button type="submit" class="primary" disabled={!target}>
              Go
            </button>
          </form>
        )}
        {dialog === "restart" && (
          <>
            <p>The room goes back to the first scene and every tally is cleared.</p>
            <p>
              <button
                type="button"
                class="primary"
                onClick={() => {
                  room.restart();
                  onClose();
                }}
              >
                Restart
              </button>
            </p>
          </>
        )}
        {dialog === "settings" && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const m = Number(minutes.replace(",", "."));
              room.setSettings({ countdown: minutes.trim() === "" || !(m > 0) ? null : m * 60, compare });
              onClose();
            }}
          >
            <p>
              <label for="countdown">Countdown for the discussion, in minutes (empty: none)</label>{" "}
              <input
                id="countdown"
                inputMode="decimal"
                size={4}
                value={minutes}
                onInput={(e) => setMinutes(e.currentTarget.value)}
              />
            </p>
            <p>
              <input
                id="compare"
                type="checkbox"
                checked={compare}
                onChange={(e) => setCompare(e.currentTarget.checked)}
              />{" "}
              <label for="compare">Compare every option after the reveal</label>
            </p>
            <p>
              <button type="submit" class="primary">
                Save
              </button>
            </p>
          </form>
        )}
        <p>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </p>
      </div>
    </div>
  );
}
