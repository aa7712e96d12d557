import { processIo } from "./io.ts";
import { main } from "./main.ts";
import { terminalSafe } from "./render/terminal-safe.ts";

/** The CLI's entry: parse, run, exit explicitly (Ink and timers must not keep the process alive). */
const io = processIo();
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
    // Let stdout drain before exiting when it is a pipe.
    if (process.stdout.writableNeedDrain) process.stdout.once("drain", () => process.exit(code));
    else process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `rehearse: internal error: ${terminalSafe(error instanceof Error ? error.message : String(error))}\n`,
    );
    if (process.env.REHEARSE_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ""}\n`);
    process.exit(70);
  },
);
