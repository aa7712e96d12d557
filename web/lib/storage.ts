/**
 * The browser side of saved progress: localStorage when it works, memory when
 * it throws (blocked, full, sandboxed), with a quiet notice. Removals always
 * reach localStorage too, so clearing data or dropping a damaged value is real
 * even in memory mode. Repairs and the key scheme live in engine/progress.ts.
 */
import { KEY_PREFIX, type KeyValueStore } from "../../engine/progress.ts";

class MemoryStore implements KeyValueStore {
  readonly #map = new Map<string, string>();
  get length() {
    return this.#map.size;
  }
  key(index: number) {
    return [...this.#map.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.#map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.#map.set(key, value);
  }
  removeItem(key: string) {
    this.#map.delete(key);
  }
}

/** A store that starts on localStorage and moves to memory (copying what it can) the first time a call throws. */
export class SiteStore implements KeyValueStore {
  #store: KeyValueStore;
  /** localStorage, whenever it could be reached at all: removals still go there after a fallback to memory. */
  readonly #local: KeyValueStore | null;
  /** Why saving fell back to memory, once it has. */
  fallback: string | undefined;
  readonly #onFallback: (reason: string) => void;

  constructor(onFallback: (reason: string) => void = () => {}) {
    this.#onFallback = onFallback;
    let store: KeyValueStore;
    let local: KeyValueStore | null = null;
    try {
      local = globalThis.localStorage;
      store = local;
      const probe = "rehearse:probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
    } catch (error) {
      store = new MemoryStore();
      this.fallback = reasonOf(error);
    }
    this.#store = store;
    this.#local = local;
  }

  #guard<T>(call: (store: KeyValueStore) => T, fallback: T): T {
    try {
      return call(this.#store);
    } catch (error) {
      if (this.#store instanceof MemoryStore) return fallback;
      const memory = new MemoryStore();
      try {
        for (let i = 0; i < this.#store.length; i++) {
          const key = this.#store.key(i);
          const value = key === null ? null : this.#store.getItem(key);
          if (key !== null && value !== null) memory.setItem(key, value);
        }
      } catch {
        // Nothing more can be read; start from what was copied.
      }
      this.#store = memory;
      this.fallback = reasonOf(error);
      this.#onFallback(this.fallback);
      return call(memory);
    }
  }

  get length() {
    return this.#guard((s) => s.length, 0);
  }
  key(index: number) {
    return this.#guard((s) => s.key(index), null);
  }
  getItem(key: string) {
    return this.#guard((s) => s.getItem(key), null);
  }
  setItem(key: string, value: string) {
    this.#guard((s) => s.setItem(key, value), undefined);
  }
  /** Writes if there is room; when there is not, nothing changes (no move to memory). */
  trySetItem(key: string, value: string): boolean {
    try {
      this.#store.setItem(key, value);
      return true;
    } catch {
      return false;
    }
  }
  removeItem(key: string) {
    this.#guard((s) => s.removeItem(key), undefined);
    if (this.#store !== this.#local) {
      try {
        this.#local?.removeItem(key);
      } catch {
        // Unreachable after all: what it holds is reported by storedSiteKeys().
      }
    }
  }
  /** The site's keys that localStorage itself holds (not the memory copy); null when it cannot be read. */
  storedSiteKeys(): string[] | null {
    const local = this.#local;
    if (!local) return null;
    try {
      const keys: string[] = [];
      for (let i = 0; i < local.length; i++) {
        const key = local.key(i);
        if (key?.startsWith(KEY_PREFIX)) keys.push(key);
      }
      return keys.sort();
    } catch {
      return null;
    }
  }
}

function reasonOf(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  return name === "QuotaExceededError" ? "this browser's storage is full" : "this browser does not allow saving";
}

/** The notice shown when runs are kept in memory only. */
export const memoryNotice = (reason: string) =>
  `Your progress is kept only until you close this tab, because ${reason}. Export a run to keep it.`;
