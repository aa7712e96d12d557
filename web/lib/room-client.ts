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
  return null;
}
