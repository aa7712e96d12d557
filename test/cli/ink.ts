import { EventEmitter } from "node:events";
import { render } from "ink";
import type { ReactElement } from "react";

/** A fake terminal of a given size, for exact frames (ink-testing-library fixes 100 columns). */
class Stdout extends EventEmitter {
  readonly frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  readonly write = (frame: string) => {
    this.frames.push(frame);
  };
}

class Stdin extends EventEmitter {
  isTTY = true;
  #data: string | null = null;
  readonly write = (data: string) => {
    this.#data = data;
    this.emit("readable");
    this.emit("data", data);
  };
  readonly read = () => {
    const data = this.#data;
    this.#data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

export const KEY = {
  enter: "\r",
  up: "\u001b[A",
  down: "\u001b[B",
  pageUp: "\u001b[5~",
  pageDown: "\u001b[6~",
  ctrlC: "\u0003",
} as const;

/** Renders at `columns` × `rows`; the default height fits any frame, so only tests about height see scrolling. */
export function renderAt(tree: ReactElement, columns = 100, rows = 500) {
  const stdout = new Stdout(columns, rows);
  const stdin = new Stdin();
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new Stdout(columns, rows) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return {
    lastFrame: () => stdout.frames.at(-1) ?? "",
    /** Types keys, letting React commit between them. */
    async press(...keys: string[]) {
      for (const key of keys) {
        stdin.write(key);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    /** Resizes the terminal as a window manager would: new size, then a `resize` event. */
    async resize(newColumns: number, newRows: number) {
      stdout.columns = newColumns;
      stdout.rows = newRows;
      stdout.emit("resize");
      await new Promise((resolve) => setTimeout(resolve, 30));
    },
    unmount: () => instance.unmount(),
    waitUntilExit: () => instance.waitUntilExit(),
  };
}
