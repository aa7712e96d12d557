/**
 * The projector's link to a `rehearse room` server (phones voting), when the
 * page is served by one. The site never assumes a server: `connectRoom`
 * resolves to null on a static host.
 *
 * CONTRACT between the projector (web/islands/present/*) and the room server
 * (cli/room/*). Implemented by the room server's owner.
 */

/** A letter per option as shown on the projector: "A", "B", … */
export type Letter = string;

/** What the projector tells the server about the decision on screen. */
export type RoomDecision = {
  /** Stable across reloads: `<step number>:<scene id>` of the run on the projector. */
  readonly key: string;
  readonly scene: string;
  /** The letters on offer, in the order shown. */
  readonly letters: readonly Letter[];
  /** Whether phones may vote now (the vote phase); closed at the reveal. */
  readonly open: boolean;
};

/** What the server pushes (SSE) to the projector, the speaker view and the phones. */
export type RoomState = {
  readonly code: string;
  /** The address phones open (also drawn as a QR code). */
  readonly joinUrl: string;
  /** The QR code of joinUrl as an SVG string, drawn on the server. */
  readonly joinQrSvg: string;
  readonly decision: RoomDecision | null;
  /** Votes per letter for the current decision. */
  readonly tally: Readonly<Record<Letter, number>>;
  /** Devices with an open event stream. */
  readonly devices: number;
};

export type RoomClient = {
  /** Latest state pushed by the server. */
  readonly state: () => RoomState | null;
  /** Only the presenter (who holds the secret) may call this. */
  setDecision(decision: RoomDecision | null): Promise<boolean>;
  /** Called on every pushed state; returns an unsubscribe. */
  subscribe(listener: (state: RoomState) => void): () => void;
  /** Called when the server stops answering (true) or comes back (false). */
  onLost(listener: (lost: boolean) => void): () => void;
  close(): void;
};

/**
 * Resolves to a client when this page is served by `rehearse room` (it answers
 * `GET /api/room`), else to null. The presenter's secret arrives in the URL
 * fragment (`#key=…`) and is kept in sessionStorage for reloads.
 */
export async function connectRoom(): Promise<RoomClient | null> {
  if (typeof fetch !== "function" || typeof EventSource !== "function" || location.protocol === "file:") return null;
  const key = presenterKey();
  const headers: Record<string, string> = key ? { "x-rehearse-key": key } : {};
  let first: RoomState;
  try {
    // A static host answers at once (404); give a slow network three seconds at most.
    const signal = typeof AbortSignal.timeout === "function" ? AbortSignal.timeout(3_000) : null;
    const answer = await fetch("/api/room", { headers, cache: "no-store", signal });
    if (!answer.ok || !(answer.headers.get("content-type") ?? "").startsWith("application/json")) return null;
    first = (await answer.json()) as RoomState;
    if (typeof first?.code !== "string") return null;
  } catch {
    return null; // a static host, or no network: the projector works with hand tallies
  }

  let state: RoomState = first;
  let lost = false;
  let closed = false;
  let source: EventSource | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<(state: RoomState) => void>();
  const lostListeners = new Set<(lost: boolean) => void>();
  const setLost = (now: boolean) => {
    if (lost === now) return;
    lost = now;
    for (const listener of lostListeners) listener(now);
  };

  const open = () => {
    source = new EventSource(`/api/room/events${key ? `?key=${encodeURIComponent(key)}` : ""}`);
    source.onmessage = (event) => {
      try {
        // The first message is the whole state; later ones leave out what never changes (code, address, QR).
        state = { ...state, ...(JSON.parse(event.data) as Partial<RoomState>) };
      } catch {
        return;
      }
      setLost(false);
      for (const listener of listeners) listener(state);
    };
    source.onerror = () => {
      setLost(true);
      // The browser retries by itself while CONNECTING; once it gives up (the server refused or is gone), try again later.
      if (source?.readyState === EventSource.CLOSED && !closed) {
        source.close();
        retry = setTimeout(open, 5_000);
      }
    };
  };
  open();

  return {
    state: () => state,
    async setDecision(decision) {
      try {
        const answer = await fetch("/api/room/decision", {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify({ decision }),
          cache: "no-store",
        });
        return answer.ok;
      } catch {
        setLost(true);
        return false;
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onLost(listener) {
      lostListeners.add(listener);
      return () => lostListeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(retry);
      source?.close();
      listeners.clear();
      lostListeners.clear();
    },
  };
}

const KEY = "rehearse:room-key";

/**
 * The presenter's secret: from the address's `#key=…` (then taken out of the
 * address bar, which the room may see on the projector), else from this tab's
 * sessionStorage (a reload, or the speaker window opened from the projector).
 */
function presenterKey(): string | null {
  const match = /(^#|&)key=([^&]*)/.exec(location.hash);
  let key: string | null = null;
  if (match) {
    key = decodeURIComponent(match[2] ?? "");
    const rest = location.hash.replace(match[0], match[1] === "#" ? "#" : "").replace(/^#&/, "#");
    history.replaceState(history.state, "", location.pathname + location.search + (rest === "#" ? "" : rest));
  }
  try {
    if (key) sessionStorage.setItem(KEY, key);
    else key = sessionStorage.getItem(KEY);
  } catch {
    // storage unavailable: the HttpOnly cookie the room set still identifies this browser
  }
  return key || null;
}
