/**
 * Restoring a saved run into a {@link PlayerSession}. Apart from
 * session-core.ts because the site's player page restores only once the whole
 * scenario has arrived (after the trainee's first interaction), and loads this
 * code then.
 */
import type { Scenario } from "./model.ts";
import { parseRunRecord } from "./record.ts";
import type { Position, Step } from "./run.ts";
import { applyChoice, availableChoices, resolveChoice, startPosition } from "./run.ts";
import { openSession, type PlayerSession, type SessionOptions } from "./session-core.ts";

export type RestoreResult<S = PlayerSession> =
  | { readonly ok: false; readonly error: string }
  | {
      readonly ok: true;
      readonly session: S;
      /** `exact`: same scenario version; `replayed`: an edited scenario where every choice still holds; `diverged`: it held for `replayed` of `total` steps. */
      readonly status: "exact" | "replayed" | "diverged";
      readonly replayed: number;
      readonly total: number;
      /** For the trainee when the status is not `exact`. */
      readonly message?: string;
    };

/**
 * Restores a saved run by replaying its choices (the record is the truth).
 * A record from another version of the scenario is replayed as far as its
 * path still holds; corrupt input is an error value, never a throw.
 */
export function restorePlayerSession(scenario: Scenario, input: unknown, options: SessionOptions): RestoreResult {
  const parsed = parseRunRecord(input);
  if (!parsed.ok) return { ok: false, error: `This saved run cannot be read: ${parsed.error}.` };
  const record = parsed.record;
  if (record.scenario !== scenario.id) {
    return { ok: false, error: `This saved run belongs to "${record.scenario}", not "${scenario.id}".` };
  }
  // Replays the record without the machine (linear in its length), then starts the machine where it ended.
  const scenes = new Map(scenario.scenes.map((scene) => [scene.id, scene]));
  let position = startPosition(scenario);
  const steps: Step[] = [];
  const history: Position[] = [];
  for (const step of record.steps) {
    const scene = position.at === step.scene ? scenes.get(step.scene) : undefined;
    if (!scene) break;
    // By id (or a migrated `#n`); where the author renamed or rewrote it, the one option that still leads there.
    const named = resolveChoice(scene, position.flags, step.choice);
    const sameTarget =
      named?.to === step.to ? [] : availableChoices(scene, position.flags).filter((c) => c.to === step.to);
    const pick = named?.to === step.to ? named : sameTarget.length === 1 ? sameTarget[0] : undefined;
    if (!pick) break;
    history.push(position);
    steps.push({ scene: scene.id, choice: pick.id, to: pick.to, scores: pick.scores });
    position = applyChoice(position, pick);
  }
  const replayed = steps.length;
  const atEnding = !scenes.has(position.at);
  // A diverged run stops on its last valid decision, not on feedback the trainee has already read.
  const state =
    replayed > 0 && replayed === record.steps.length && record.feedbackPending
      ? "review"
      : atEnding
        ? "ended"
        : "deciding";
  const session = openSession(
    scenario,
    { ...options, startedAt: record.startedAt, seed: record.seed },
    {
      context: { position, steps, history },
      state,
      finishedAt: state === "ended" ? (record.finishedAt ?? (options.now ?? (() => new Date()))().toISOString()) : null,
    },
  );
  const total = record.steps.length;
  const sameVersion = record.scenarioHash === scenario.hash;
  if (replayed < total) {
    const where = session.view().node;
    return {
      ok: true,
      session,
      status: "diverged",
      replayed,
      total,
      message: `This scenario has changed since the run was saved. ${replayed} of ${total} choices still hold, so the run continues from “${where.title ?? where.id}”. You can go on from there or start again.`,
    };
  }
  return {
    ok: true,
    session,
    status: sameVersion ? "exact" : "replayed",
    replayed,
    total,
    ...(sameVersion
      ? {}
      : { message: "This scenario has been updated since the run was saved; every choice you made still holds." }),
  };
}
