/**
 * Damaged saved data, told in a trainee's words: what was lost, what was kept and what to do,
 * with the technical detail (what could not be read, and where a copy was set aside) behind a
 * disclosure. One notice per kind of data, however many items were damaged. Loaded only when
 * something was: it is not part of the player's first script.
 */
import { COMPLETED_KEY, KEY_PREFIX, type Repair, repairOutcome } from "../../engine/progress.ts";

export type Notice = {
  readonly text: string;
  /** The technical detail, shown behind "Details". */
  readonly detail?: string;
  /** Offers to start the run again. */
  readonly fresh?: boolean;
};

/** How many damaged items the detail lists by name before "and n more". */
const LISTED = 5;

/** Where finished runs are kept: the player's list and the archive /progress/ moves them into (engine/archive.ts). */
const isFinished = (r: Repair) => r.key === COMPLETED_KEY || r.key === `${KEY_PREFIX}archive`;

export function repairNotices(repairs: readonly Repair[]): Notice[] {
  const finished = repairs.filter(isFinished);
  const places = repairs.filter((r) => !isFinished(r));
  const notices: Notice[] = [];
  if (places.length > 0)
    notices.push({
      text:
        places.length === 1
          ? "The place you had reached in a scenario could not be read back, so that scenario starts again from the beginning. Your finished runs are not affected."
          : `The places you had reached in ${places.length} scenarios could not be read back, so they start again from the beginning. Your finished runs are not affected.`,
      detail: detail(places),
    });
  if (finished.length > 0) {
    // A repair with `items` set aside that many runs of a list and kept the rest; without, the whole value.
    const whole = finished.some((r) => r.items === undefined);
    const count = finished.reduce((n, r) => n + (r.items ?? 0), 0);
    notices.push({
      text: `${
        whole
          ? "The list of runs you finished in this browser could not be read, so your progress starts empty."
          : count === 1
            ? "One run you finished could not be read, so it is left out of your progress. Your other runs are kept."
            : `${count.toLocaleString("en")} runs you finished could not be read, so they are left out of your progress. Your other runs are kept.`
      } If you exported runs before, you can import them again on Your progress.`,
      detail: detail(finished),
    });
  }
  return notices;
}

function detail(repairs: readonly Repair[]): string {
  const lines = repairs.slice(0, LISTED).map((r) => `${r.key}: ${r.reason}; ${repairOutcome(r)}.`);
  if (repairs.length > LISTED) lines.push(`And ${repairs.length - LISTED} more like these.`);
  return lines.join("\n");
}
