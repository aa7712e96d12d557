/**
 * Reads a scenario, a code or a saved run without ever blocking or reading
 * without end: the file is opened non-blocking (a FIFO opens at once instead
 * of waiting for a writer), checked to be a regular file through the open
 * descriptor (so a swap between a check and the read changes nothing), and
 * read up to a cap.
 */
import type { Stats } from "node:fs";
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from "node:fs";

/** The largest file read: 5 MB. A bigger one is reported, never read whole. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export type ReadOutcome =
  | { readonly kind: "text"; readonly text: string }
  /** No such file, or a symbolic link to nothing. */
  | { readonly kind: "missing" }
  /** A folder, a FIFO, a device or a socket: `what` says which ("a folder"). */
  | { readonly kind: "not-a-file"; readonly what: string }
  | { readonly kind: "too-large"; readonly bytes: number }
  | { readonly kind: "unreadable"; readonly message: string };

/** `a folder`, `a FIFO (named pipe)`, …: what a path that is not a regular file is. */
export function describeKind(stats: Stats): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/** What is at a path, following symbolic links and never opening it: "file", "missing", or what else it is. */
export function pathKind(path: string): "file" | "missing" | { readonly what: string } {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    return "missing";
  }
  return stats.isFile() ? "file" : { what: describeKind(stats) };
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** Reads a regular file's bytes, at most `limit` of them. */
function readBytes(path: string, limit: number): ReadOutcome | { readonly kind: "bytes"; readonly bytes: Buffer } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP") return { kind: "missing" };
    if (code === "EISDIR") return { kind: "not-a-file", what: "a folder" };
    // A FIFO opens for reading at once with O_NONBLOCK; a socket cannot be opened at all.
    if (code === "ENXIO") return { kind: "not-a-file", what: "a socket" };
    return { kind: "unreadable", message: (error as Error).message };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: "not-a-file", what: describeKind(stats) };
    if (stats.size > limit) return { kind: "too-large", bytes: stats.size };
    // The size can change under us (a file still being written): read at most one byte past the cap to know.
    const buffer = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(stats.size + 1, 64 * 1024)));
    let length = 0;
    let grown = buffer;
    for (;;) {
      if (length === grown.length) {
        if (grown.length > limit) break;
        const bigger = Buffer.allocUnsafe(Math.min(limit + 1, grown.length * 2));
        grown.copy(bigger, 0, 0, length);
        grown = bigger;
      }
      const n = readSync(fd, grown, length, grown.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > limit) return { kind: "too-large", bytes: length };
    return { kind: "bytes", bytes: grown.subarray(0, length) };
  } catch (error) {
    if (errorCode(error) === "EAGAIN") return { kind: "not-a-file", what: "not a regular file" };
    return { kind: "unreadable", message: (error as Error).message };
  } finally {
    closeSync(fd);
  }
}

/** Reads a regular file as UTF-8, at most `limit` bytes. */
export function readTextFile(path: string, limit = MAX_FILE_BYTES): ReadOutcome {
  const read = readBytes(path, limit);
  return read.kind === "bytes" ? { kind: "text", text: read.bytes.toString("utf8") } : read;
}

/** A source file that is not UTF-8: which encoding it looks like, and where the first byte that is not UTF-8 stands. */
export type EncodingProblem = {
  readonly kind: "encoding";
  readonly encoding: string;
  readonly line: number;
  readonly column: number;
};

/**
 * Reads a scenario, code or support page, which must be UTF-8 (a UTF-8 byte order mark is dropped):
 * a UTF-16 or Latin-1 file is reported as such, never read as mojibake.
 */
export function readSourceFile(path: string, limit = MAX_FILE_BYTES): ReadOutcome | EncodingProblem {
  const read = readBytes(path, limit);
  if (read.kind !== "bytes") return read;
  const bytes = read.bytes;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return {
      kind: "encoding",
      encoding: `UTF-16 (${bytes[0] === 0xff ? "little" : "big"}-endian)`,
      line: 1,
      column: 1,
    };
  const nul = bytes.indexOf(0);
  if (nul >= 0 && nul < 4096)
    return { kind: "encoding", encoding: "UTF-16 or another encoding with zero bytes", line: 1, column: 1 };
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { kind: "text", text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    const at = firstInvalid(bytes);
    const before = bytes.subarray(0, at).toString("utf8");
    const lineStart = before.lastIndexOf("\n") + 1;
    let line = 1;
    for (let i = before.indexOf("\n"); i >= 0; i = before.indexOf("\n", i + 1)) line++;
    return {
      kind: "encoding",
      encoding: "Latin-1 (ISO-8859-1) or Windows-1252",
      line,
      column: before.length - lineStart + 1,
    };
  }
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalid(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}

/** `15.7 MB` */
export const formatBytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;
