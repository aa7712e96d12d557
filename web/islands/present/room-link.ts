/**
 * One room shared by the projector and the speaker view: the record lives in
 * localStorage (`rehearse-room:<id>`), so either window can close, reload or
 * reopen without losing the room's place; a BroadcastChannel only tells the
 * other window that it changed. The newest revision wins.
 */
import type { Analysis } from "../../../engine/analyze.ts";
import type { Scenario } from "../../../engine/model.ts";
import { createRoom, type Room, type RoomRecord, type RoomView, restoreRoom, roomKey } from "../../../engine/room.ts";
import type { RoomState } from "../../lib/room-client.ts";
import { SiteStore } from "../../lib/storage.ts";

/** What the projector tells the speaker view about a room server (phones). */
export type ServerInfo = { readonly state: RoomState | null; readonly lost: boolean };

type Message =
  | { readonly type: "room"; readonly from: string; readonly record: RoomRecord }
  | { readonly type: "server"; readonly info: ServerInfo }
  | { readonly type: "hello"; readonly from: string };

export type LinkListener = (room: Room, view: RoomView) => void;

export class RoomLink {
  readonly id = Math.random().toString(36).slice(2);
  readonly key: string;
  readonly store: SiteStore;
  room: Room;
  notices: string[] = [];
  readonly #channel: BroadcastChannel | null;
  readonly #listeners = new Set<LinkListener>();
  readonly #serverListeners = new Set<(info: ServerInfo) => void>();
  readonly #helloListeners = new Set<() => void>();
  #unsubscribe = () => {};

  constructor(
    readonly scenario: Scenario,
    readonly analysis: Analysis,
  ) {
    this.key = roomKey(scenario.id);
    this.store = new SiteStore((reason) =>
      this.notices.push(`The room is kept only in this window, because ${reason}.`),
    );
    if (this.store.fallback) this.notices.push(`The room is kept only in this window, because ${this.store.fallback}.`);
    this.room = this.#load() ?? this.#fresh();
    this.#use(this.room);
    this.#channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(this.key) : null;
    if (this.#channel) this.#channel.onmessage = (event: MessageEvent<Message>) => this.#receive(event.data);
    this.#post({ type: "hello", from: this.id });
    addEventListener("storage", this.#onStorage);
  }

  #fresh(): Room {
    // A new room shows the options in a shuffled order of its own, kept for its whole run.
    return createRoom(this.scenario, { analysis: this.analysis, seed: Math.floor(Math.random() * 2 ** 31) });
  }

  #load(): Room | null {
    const saved = this.store.getItem(this.key);
    if (!saved) return null;
    const restored = restoreRoom(this.scenario, saved, { analysis: this.analysis });
    if (!restored.ok) {
      this.notices.push(`${restored.error} The room starts afresh.`);
      return null;
    }
    if (restored.message) this.notices.push(restored.message);
    return restored.room;
  }

  #use(room: Room) {
    this.#unsubscribe();
    this.room = room;
    this.#unsubscribe = room.subscribe((view) => {
      const record = room.save();
      this.store.setItem(this.key, JSON.stringify(record));
      this.#post({ type: "room", from: this.id, record });
      this.#emit(view);
    });
  }

  #emit(view: RoomView) {
    for (const listener of this.#listeners) listener(this.room, view);
  }

  #post(message: Message) {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // A closed channel: the other window reads localStorage when it opens.
    }
  }

  /** Takes another window's record when it is newer (ties go to the lower window id, so both windows agree). */
  #adopt(record: RoomRecord, from: string) {
    const mine = this.room.save();
    if (record.revision < mine.revision) return;
    if (record.revision === mine.revision && (from > this.id || JSON.stringify(record) === JSON.stringify(mine)))
      return;
    const restored = restoreRoom(this.scenario, record, { analysis: this.analysis });
    if (!restored.ok) return;
    this.room.stop();
    this.#use(restored.room);
    this.#emit(restored.room.view());
  }

  #receive(message: Message) {
    if (message.type === "room") this.#adopt(message.record, message.from);
    else if (message.type === "server") for (const l of this.#serverListeners) l(message.info);
    else if (message.type === "hello") for (const l of this.#helloListeners) l();
  }

  /** Another window wrote the room while no channel message arrived (a browser without BroadcastChannel). */
  readonly #onStorage = (event: StorageEvent) => {
    if (event.key !== this.key || !event.newValue || this.#channel) return;
    try {
      this.#adopt(JSON.parse(event.newValue) as RoomRecord, "");
    } catch {
      // Unreadable: the next change overwrites it.
    }
  };

  subscribe(listener: LinkListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onServer(listener: (info: ServerInfo) => void): () => void {
    this.#serverListeners.add(listener);
    return () => this.#serverListeners.delete(listener);
  }

  /** Another window opened (the projector answers with the room server's state). */
  onHello(listener: () => void): () => void {
    this.#helloListeners.add(listener);
    return () => this.#helloListeners.delete(listener);
  }

  shareServer(info: ServerInfo) {
    this.#post({ type: "server", info });
  }

  close() {
    this.#unsubscribe();
    this.#channel?.close();
    removeEventListener("storage", this.#onStorage);
    this.room.stop();
  }
}
