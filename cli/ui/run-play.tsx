import { render } from "ink";
import type { Code, Scenario } from "../../engine/model.ts";
import type { Io } from "../io.ts";
import { loadSave, stateDir, writeSave } from "../saves.ts";
import { Player } from "./Player.tsx";

/** Plays a scenario interactively, saving every step; resolves with the exit code when the player quits. */
export async function playInteractive(
  scenario: Scenario,
  code: Code,
  options: { reveal: boolean; io: Io },
): Promise<number> {
  const dir = stateDir(options.io.env);
  const loaded = loadSave(dir, scenario.id);
  const saved =
    loaded.kind === "found" && loaded.record.finishedAt === null && loaded.record.steps.length > 0
      ? loaded.record
      : undefined;
  const notice =
    loaded.kind === "corrupt"
      ? `Your saved run for this scenario could not be read (${loaded.error}). It was moved to ${loaded.movedTo} and a new run starts.`
      : undefined;
  let saveError: string | undefined;
  let interrupted = false;
  const instance = render(
    <Player
      scenario={scenario}
      code={code}
      reveal={options.reveal}
      color={options.io.color}
      {...(saved ? { saved } : {})}
      {...(notice ? { notice } : {})}
      onInterrupt={() => {
        interrupted = true;
      }}
      onChange={(record) => {
        try {
          writeSave(dir, record);
        } catch (error) {
          saveError = (error as Error).message;
        }
      }}
    />,
    // We only get here with a TTY on both ends: a person is playing, even where CI=true is set.
    { exitOnCtrlC: false, patchConsole: false, interactive: true },
  );
  await instance.waitUntilExit();
  options.io.out("\n");
  if (saveError) options.io.err(`rehearse: could not save progress in ${dir}: ${saveError}\n`);
  if (interrupted) options.io.err(`Progress saved. Run the same command to resume.\n`);
  return interrupted ? 130 : 0;
}
