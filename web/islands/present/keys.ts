/**
 * The lead's keys, the same in the projector and the speaker view (a clicker
 * sends → and ←, or PageDown and PageUp).
 */
import type { Room } from "../../../engine/room.ts";

export type Dialog = "keys" | "jump" | "restart" | "settings" | null;

export type KeyContext = {
  room: Room;
  /** The digits typed for the selected option so far. */
  typed: string;
  openDialog(dialog: Dialog): void;
  /** The projector opens the speaker view; the speaker view has no such key. */
  openSpeaker?: () => void;
};

export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ["→  PageDown  Space", "next: page, phase, then the next scene"],
  ["←  PageUp", "back: page, phase, then the last decision"],
  ["A, B, C…", "vote: select an option to count; reveal: the room takes that option instead"],
  ["0–9", "type the selected option's count of raised hands (Backspace corrects)"],
  ["+  −", "one hand more or fewer for the selected option"],
  ["M", "reveal: go back to the majority"],
  ["S", "open the speaker view (notes, scores, clock) in a second window"],
  ["G", "go to any scene"],
  ["T", "countdown for the discussion, and the compare phase"],
  ["R", "restart the room"],
  ["?", "these keys"],
  ["Esc", "close this panel"],
];

/** Handles one key; true when it did something (the caller then prevents the default). */
export function handleKey(e: KeyboardEvent, k: KeyContext): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  const target = e.target as HTMLElement | null;
  if (target?.closest("input, textarea, select, [contenteditable], dialog, [role='dialog']")) return false;
  // Buttons and links keep Space and Enter for themselves.
  if ((e.key === " " || e.key === "Enter") && target?.closest("button, a, summary")) return false;
  const { room } = k;
  const view = room.view();
  const key = e.key;
  if (key === "ArrowRight" || key === "PageDown" || key === " ") {
    k.typed = "";
    return room.next() || true;
  }
  if (key === "ArrowLeft" || key === "PageUp") {
    k.typed = "";
    return room.back() || true;
  }
  if (key === "?") {
    k.openDialog("keys");
    return true;
  }
  const letter = key.length === 1 && /[a-z]/i.test(key) ? key.toUpperCase() : null;
  const optionLetter = letter && view.options.some((o) => o.letter === letter) ? letter : null;
  if (optionLetter && view.phase === "vote") {
    k.typed = "";
    return room.select(optionLetter);
  }
  if (optionLetter && (view.phase === "reveal" || view.phase === "compare")) return room.take(optionLetter) || true;
  if (view.phase === "vote" && view.selected) {
    if (/^[0-9]$/.test(key)) {
      k.typed = (k.typed + key).replace(/^0+(?=\d)/, "").slice(0, 4);
      return room.setHands(view.selected, Number(k.typed)) || true;
    }
    if (key === "Backspace") {
      k.typed = k.typed.slice(0, -1);
      return room.setHands(view.selected, Number(k.typed || "0")) || true;
    }
    if (key === "+" || key === "=") {
      k.typed = "";
      return room.adjustHands(view.selected, 1) || true;
    }
    if (key === "-" || key === "−" || key === "_") {
      k.typed = "";
      return room.adjustHands(view.selected, -1) || true;
    }
  }
  switch (letter) {
    case "M":
      return room.take(null) || true;
    case "S":
      if (!k.openSpeaker) return false;
      k.openSpeaker();
      return true;
    case "G":
      k.openDialog("jump");
      return true;
    case "T":
      k.openDialog("settings");
      return true;
    case "R":
      k.openDialog("restart");
      return true;
  }
  if (key === "Escape" && view.selected) return room.select(null);
  return false;
}
