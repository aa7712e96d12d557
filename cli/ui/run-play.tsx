import { resolve } from "node:path";
import { render } from "ink";
import type { Code, Scenario, Support } from "../../engine/model.ts";
import type { RunRecord } from "../../engine/record.ts";
import type { Io } from "../io.ts";
import { loadSave, stateDir, writeSave } from "../saves.ts";
import { Player } from "./Player.tsx";

/** Plays a scenario interactively, saving every step; resolves with the exit code when the player quits. */
export async function playInteractive(
  scenario: Scenario,
  code: Code,
  options: { reveal: boolean; io: Io; support?: Support | undefined },
): Promise<number> {
  const dir = stateDir(options.io.env);
  // Keyed by the file's place too: two libraries with a scenario of the same id keep their own runs.
  const where = resolve(options.io.cwd, scenario.file);
  const loaded = loadSave(dir, scenario.id, where);
  const saved =
    loaded.kind === "found" && loaded.record.finishedAt === null && loaded.record.steps.length > 0
      ? loaded.record
      : undefined;
  const notice =
    loaded.kind === "corrupt"
      ? `Your saved run for this scenario could not be read (${loaded.error}). ${loaded.movedTo ? `It was moved to ${loaded.movedTo}` : "It could not be moved aside either"} and a new run starts.`
      : undefined;
  // The last save's outcome: the player warns while saving fails, and nothing claims a save that did not happen.
  let saveError: string | undefined;
  let wrote = false;
  let interrupted = false;
  const problem = (error: string) =>
    `Your progress is not being saved (${error}). You can play on, but this run will be lost when you quit.`;
  const onChange = (record: RunRecord) => {
    const before = saveError;
    try {
      writeSave(dir, record, where);
      saveError = undefined;
      wrote = true;
    } catch (error) {
      saveError = (error as Error).message;
    }
    // Re-render with the warning shown or cleared, after the step that caused this save has rendered.
    if (saveError !== before) setImmediate(() => instance.rerender(player()));
  };
  const player = () => (
    <Player
      scenario={scenario}
      code={code}
      reveal={options.reveal}
      color={options.io.color}
      {...(saved ? { saved } : {})}
      {...(options.support ? { support: options.support } : {})}
      {...(notice ? { notice } : {})}
      {...(saveError ? { saveProblem: problem(saveError) } : {})}
      onInterrupt={() => {
        interrupted = true;
      }}
      onChange={onChange}
    />
  );
  // We only get here with a TTY on both ends: a person is playing, even where CI=true is set. The player
  // owns the screen (the alternate buffer): a scene taller than the terminal scrolls inside it, and no frame
  // is left behind in the scrollback.
  const instance = render(player(), {
    exitOnCtrlC: false,
    patchConsole: false,
    interactive: true,
    alternateScreen: true,
  });
  // Ink leaves the alternate screen on exit (and on Ctrl+C, which quits through the same path): the shell is as it was.
  await instance.waitUntilExit();
  if (saveError) options.io.err(`rehearse: could not save progress in ${dir}: ${saveError}; this run was not saved.\n`);
  else if (interrupted && (wrote || saved)) options.io.err(`Progress saved. Run the same command to resume.\n`);
  return interrupted ? 130 : 0;
}
