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

/** Reads a regular file as UTF-8, at most `limit` bytes. */
export function readTextFile(path: string, limit = MAX_FILE_BYTES): ReadOutcome {
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
    return { kind: "text", text: grown.toString("utf8", 0, length) };
  } catch (error) {
    if (errorCode(error) === "EAGAIN") return { kind: "not-a-file", what: "not a regular file" };
    return { kind: "unreadable", message: (error as Error).message };
  } finally {
    closeSync(fd);
  }
}

/** `15.7 MB` */
export const formatBytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;
