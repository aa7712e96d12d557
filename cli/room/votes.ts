/**
 * The room server's memory: the decision the lead has on screen, one vote per
 * device token per decision, and the tally. Nothing here touches the network
 * or the disk; when the process ends, the votes are gone.
 */
import type { Letter, RoomDecision } from "../../web/lib/room-client.ts";

/** Why a vote or a decision was refused: the HTTP status and a sentence for the phone. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const LETTER = /^[A-Z]$/;
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;
/** Decisions remembered (so going back shows their votes); the oldest is forgotten beyond this. */
const DECISIONS_KEPT = 200;
/** Devices that may vote on one decision: far above any room, low enough to bound memory. */
const VOTERS_PER_DECISION = 2_000;

export const isToken = (value: unknown): value is string => typeof value === "string" && TOKEN.test(value);

/** Reads a decision as the lead's browser sent it; throws a 400 Refusal for anything else. */
export function parseDecision(value: unknown): RoomDecision | null {
  if (value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) throw new Refusal(400, "Expected a decision or null.");
  const { key, scene, letters, open } = value as Record<string, unknown>;
  if (typeof key !== "string" || key.length === 0 || key.length > 200)
    throw new Refusal(400, "Expected key: a string of 1 to 200 characters.");
  if (typeof scene !== "string" || scene.length > 200) throw new Refusal(400, "Expected scene: a string.");
  if (
    !Array.isArray(letters) ||
    letters.length === 0 ||
    letters.length > 26 ||
    !letters.every((l) => typeof l === "string" && LETTER.test(l)) ||
    new Set(letters).size !== letters.length
  )
    throw new Refusal(400, "Expected letters: 1 to 26 different capital letters.");
  if (typeof open !== "boolean") throw new Refusal(400, "Expected open: true or false.");
  return { key, scene, letters: letters as Letter[], open };
}

export class RoomVotes {
  #decision: RoomDecision | null = null;
  /** Per decision key: device token → letter. */
  readonly #votes = new Map<string, Map<string, Letter>>();
  /** Decisions whose vote has been opened at least once (a closed one before that is still to come). */
  readonly #opened = new Set<string>();

  get decision(): RoomDecision | null {
    return this.#decision;
  }

  /** The lead's browser moved the room: a new decision on screen, the vote opened or closed, or none. */
  setDecision(decision: RoomDecision | null): void {
    this.#decision = decision;
    if (!decision) return;
    if (decision.open) this.#opened.add(decision.key);
    const votes = this.#votes.get(decision.key);
    if (votes) {
      // The same decision again (going back): keep its votes, except for letters it no longer offers.
      for (const [token, letter] of votes) if (!decision.letters.includes(letter)) votes.delete(token);
      this.#votes.delete(decision.key);
      this.#votes.set(decision.key, votes);
    } else {
      this.#votes.set(decision.key, new Map());
      const oldest = this.#votes.keys().next().value;
      if (this.#votes.size > DECISIONS_KEPT && oldest !== undefined) {
        this.#votes.delete(oldest);
        this.#opened.delete(oldest);
      }
    }
  }

  /**
   * One device's vote (or its changed vote) on the decision on screen.
   * Returns how many devices have voted on it, this one included.
   */
  vote(token: unknown, key: unknown, letter: unknown): number {
    if (!isToken(token)) throw new Refusal(400, "Expected token: 16 to 64 letters, digits, - or _.");
    const decision = this.#decision;
    if (typeof key !== "string" || !decision || decision.key !== key)
      throw new Refusal(409, "That decision is not the one on screen any more.");
    if (!decision.open) throw new Refusal(409, "The vote on this decision is closed.");
    if (typeof letter !== "string" || !decision.letters.includes(letter))
      throw new Refusal(400, `Expected one of ${decision.letters.join(", ")}.`);
    const votes = this.#votes.get(key) as Map<string, Letter>;
    if (!votes.has(token) && votes.size >= VOTERS_PER_DECISION)
      throw new Refusal(429, "This vote has as many devices as it can take.");
    votes.set(token, letter);
    return votes.size;
  }

  /** Where the vote on screen is: none yet, to come (read, discuss), open, or closed (revealed). */
  stage(): "none" | "waiting" | "open" | "closed" {
    const decision = this.#decision;
    if (!decision) return "none";
    if (decision.open) return "open";
    return this.#opened.has(decision.key) ? "closed" : "waiting";
  }

  /** This device's vote on the decision on screen, if any. */
  voteOf(token: string): Letter | null {
    const key = this.#decision?.key;
    return (key !== undefined && this.#votes.get(key)?.get(token)) || null;
  }

  /** Votes per letter on the decision on screen, every letter present (0 when nobody chose it). */
  tally(): Record<Letter, number> {
    const decision = this.#decision;
    if (!decision) return {};
    const tally: Record<Letter, number> = Object.fromEntries(decision.letters.map((l) => [l, 0]));
    for (const letter of this.#votes.get(decision.key)?.values() ?? []) tally[letter] = (tally[letter] ?? 0) + 1;
    return tally;
  }
}
