/**
 * A run of a scenario with its debrief: a {@link PlayerSession}
 * (session-core.ts) that also answers `debrief()`. The terminal, the workshop
 * room and the tests use this; the site's player page uses the core alone and
 * loads the debrief with its own chunk.
 */
import type { Scenario } from "./model.ts";
import type { Debrief } from "./score.ts";
import { debriefRun } from "./score.ts";
import { createPlayerSession, type PlayerSession, type SessionOptions } from "./session-core.ts";
import { type RestoreResult as PlayerRestoreResult, restorePlayerSession } from "./session-restore.ts";

export type { Phase, PlayerSession, SessionOptions, SessionView } from "./session-core.ts";

export type Session = PlayerSession & {
  /** The debrief of the run so far (`debriefRun` on its steps). */
  debrief(): Debrief;
};

export type RestoreResult = PlayerRestoreResult<Session>;

export function createSession(scenario: Scenario, options: SessionOptions): Session {
  return withDebrief(createPlayerSession(scenario, options));
}

/**
 * Restores a saved run by replaying its choices (the record is the truth).
 * A record from another version of the scenario is replayed as far as its
 * path still holds; corrupt input is an error value, never a throw.
 */
export function restoreSession(scenario: Scenario, input: unknown, options: SessionOptions): RestoreResult {
  const restored = restorePlayerSession(scenario, input, options);
  return restored.ok ? { ...restored, session: withDebrief(restored.session) } : restored;
}

function withDebrief(session: PlayerSession): Session {
  return Object.assign(session, {
    debrief: () => debriefRun(session.scenario, session.analysis, session.view().steps),
  });
}
