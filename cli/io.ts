/** Where commands write: injectable so tests can capture output without spawning. */
export type Io = {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  readonly isTTY: boolean;
  readonly color: boolean;
  readonly columns: number;
  readonly env: Readonly<Record<string, string | undefined>>;
};

export function processIo(): Io {
  const color = !("NO_COLOR" in process.env) && process.stdout.isTTY === true && process.env.TERM !== "dumb";
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    // Read when a command asks: touching process.stdin builds its stream (6 ms), which `check` never reads.
    get isTTY() {
      return process.stdin.isTTY === true && process.stdout.isTTY === true;
    },
    color,
    columns: process.stdout.columns || 80,
    env: process.env,
  };
}

/** Minimal ANSI styling that turns itself off for NO_COLOR and pipes. */
export function styles(color: boolean) {
  const wrap = (open: number, close: number) => (text: string) =>
    color ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    italic: wrap(3, 23),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    magenta: wrap(35, 39),
  };
}
export type Styles = ReturnType<typeof styles>;
