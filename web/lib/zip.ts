/**
 * Reads a zip file in the browser, with no server and no library: the central
 * directory is parsed here and each member is inflated by the browser's own
 * `DecompressionStream("deflate-raw")`. Only what a coordinator's zip of record
 * files needs: stored and deflated members of a single-disk archive. Nothing in
 * the file is trusted: every offset is checked against the file, sizes are
 * capped while inflating (a declared size may lie), and each member's CRC-32 is
 * checked. A problem with one member is that member's error; a problem with the
 * archive is one error for the whole file. Never throws.
 */

export type ZipLimits = {
  /** The most members read (directories and skipped members not counted). */
  readonly entries: number;
  /** The largest member, inflated, in bytes. */
  readonly entryBytes: number;
  /** All members together, inflated, in bytes. */
  readonly totalBytes: number;
};

export const ZIP_LIMITS: ZipLimits = { entries: 10_000, entryBytes: 8 * 1024 * 1024, totalBytes: 512 * 1024 * 1024 };

export type ZipMember =
  | { readonly name: string; readonly data: Uint8Array }
  | { readonly name: string; readonly error: string };

export type ZipContents =
  | { readonly ok: true; readonly members: ZipMember[] }
  | { readonly ok: false; readonly error: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MiB = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** Members a coordinator never meant: folders, macOS's resource forks and Finder's files. */
export const isClutter = (name: string) =>
  name.endsWith("/") ||
  /(^|\/)__MACOSX\//.test(name) ||
  /(^|\/)(\._[^/]*|\.DS_Store|Thumbs\.db|desktop\.ini)$/i.test(name);

export async function readZip(file: Blob, limits: ZipLimits = ZIP_LIMITS): Promise<ZipContents> {
  try {
    return await read(file, limits);
  } catch (error) {
    return {
      ok: false,
      error: `it could not be read as a zip (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

async function read(file: Blob, limits: ZipLimits): Promise<ZipContents> {
  const size = file.size;
  // The end record is 22 bytes plus a comment of at most 65,535: search the tail for its signature, last first.
  const tailStart = Math.max(0, size - 22 - 0xffff);
  const tail = new DataView(await file.slice(tailStart, size).arrayBuffer());
  let end = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (tail.getUint32(i, true) === EOCD && i + 22 + tail.getUint16(i + 20, true) <= tail.byteLength) {
      end = i;
      break;
    }
  }
  if (end < 0) return { ok: false, error: "it is not a zip file (no zip directory at its end)" };
  const disk = tail.getUint16(end + 4, true);
  const cdDisk = tail.getUint16(end + 6, true);
  const count = tail.getUint16(end + 10, true);
  const cdSize = tail.getUint32(end + 12, true);
  const cdOffset = tail.getUint32(end + 16, true);
  if (disk !== 0 || cdDisk !== 0 || tail.getUint16(end + 8, true) !== count)
    return { ok: false, error: "it is one part of a zip split over several files, which this page cannot read" };
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
    return { ok: false, error: "it is a ZIP64 archive (over 4 GB or 65,535 files), which this page cannot read" };
  if (cdOffset + cdSize > tailStart + end)
    return { ok: false, error: "its zip directory points outside the file (the file is damaged or cut short)" };

  const cd = new DataView(await file.slice(cdOffset, cdOffset + cdSize).arrayBuffer());
  const names = new TextDecoder("utf-8");
  // First the directory, in order: what each member is, or why it cannot be read.
  const jobs: (Job | { readonly name: string; readonly error: string })[] = [];
  let total = 0;
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > cd.byteLength || cd.getUint32(at, true) !== CENTRAL)
      return { ok: false, error: `its zip directory is damaged at entry ${n + 1}` };
    const flags = cd.getUint16(at + 8, true);
    const method = cd.getUint16(at + 10, true);
    const crc = cd.getUint32(at + 16, true);
    const packed = cd.getUint32(at + 20, true);
    const unpacked = cd.getUint32(at + 24, true);
    const nameLength = cd.getUint16(at + 28, true);
    const next = at + 46 + nameLength + cd.getUint16(at + 30, true) + cd.getUint16(at + 32, true);
    const localOffset = cd.getUint32(at + 42, true);
    if (next > cd.byteLength) return { ok: false, error: `its zip directory is damaged at entry ${n + 1}` };
    const name = names.decode(new Uint8Array(cd.buffer, cd.byteOffset + at + 46, nameLength));
    at = next;
    if (isClutter(name)) continue;
    if (jobs.length >= limits.entries)
      return { ok: false, error: `it holds more than ${limits.entries.toLocaleString("en")} files` };
    if (flags & 1) jobs.push({ name, error: "it is encrypted in the zip (make the zip without a password)" });
    else if (method !== 0 && method !== 8)
      jobs.push({
        name,
        error: `it is compressed with a method this page cannot read (${METHODS[method] ?? `method ${method}`}); make the zip with the ordinary "deflate" setting`,
      });
    else if (unpacked > limits.entryBytes)
      jobs.push({ name, error: `it is ${MiB(unpacked)}, over the ${MiB(limits.entryBytes)} a record file may be` });
    else if (localOffset + 30 > cdOffset)
      jobs.push({ name, error: "its place in the zip is outside the file (the zip is damaged)" });
    else {
      // A member's size is checked against the directory once inflated, so the declared sizes bound the total.
      total += unpacked;
      if (total > limits.totalBytes)
        return { ok: false, error: `its files come to more than ${MiB(limits.totalBytes)}` };
      jobs.push({ name, method, crc, packed, unpacked, localOffset });
    }
  }

  // Then the members' data: read at once when it is not large (one read instead of one per member).
  const whole = cdOffset <= WHOLE ? new Uint8Array(await file.slice(0, cdOffset).arrayBuffer()) : null;
  const bytes = async (from: number, to: number) =>
    whole ? whole.subarray(from, to) : new Uint8Array(await file.slice(from, to).arrayBuffer());
  const members: ZipMember[] = [];
  // A few members at a time: the browser inflates them in parallel, and their order is kept.
  for (let i = 0; i < jobs.length; i += 8)
    members.push(
      ...(await Promise.all(
        jobs.slice(i, i + 8).map((job) => ("error" in job ? job : member(job, cdOffset, bytes, limits))),
      )),
    );
  return { ok: true, members };
}

type Job = {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly packed: number;
  readonly unpacked: number;
  readonly localOffset: number;
};

/** Zips up to this size (of member data) are read into memory in one go. */
const WHOLE = 64 * 1024 * 1024;

async function member(
  job: Job,
  dataEnd: number,
  bytes: (from: number, to: number) => Promise<Uint8Array>,
  limits: ZipLimits,
): Promise<ZipMember> {
  const { name } = job;
  const local = new DataView((await bytes(job.localOffset, job.localOffset + 30)).slice().buffer);
  if (local.getUint32(0, true) !== LOCAL)
    return { name, error: "its place in the zip does not hold it (the zip is damaged)" };
  const start = job.localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  if (start + job.packed > dataEnd)
    return { name, error: "it runs past the end of the zip's data (the zip is damaged or cut short)" };
  const raw = await bytes(start, start + job.packed);
  // A stored member is copied out of the zip's bytes: every member owns its buffer (the page hands them on).
  const data = job.method === 0 ? raw.slice() : await inflate(raw, limits.entryBytes);
  if (typeof data === "string") return { name, error: data };
  if (data.byteLength !== job.unpacked)
    return { name, error: "its size does not match the zip's directory (the zip is damaged)" };
  if (crc32(data) !== job.crc) return { name, error: "its checksum does not match (the zip is damaged)" };
  return { name, data };
}

const METHODS: Record<number, string> = {
  1: "Shrink",
  6: "Implode",
  9: "Deflate64",
  12: "BZIP2",
  14: "LZMA",
  93: "Zstandard",
  95: "XZ",
  98: "PPMd",
};

/** Inflates raw deflate data, stopping as soon as it passes `max` bytes; the bytes, or why not. */
async function inflate(raw: Uint8Array, max: number): Promise<Uint8Array | string> {
  const reader = new Blob([raw as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream("deflate-raw"))
    .getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.byteLength;
      if (length > max) {
        void reader.cancel().catch(() => {});
        return `it inflates to more than ${MiB(max)}, over what a record file may be`;
      }
      chunks.push(value);
    }
  } catch {
    return "its compressed data is damaged";
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

let table: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3), as zip stores it. */
export function crc32(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = (table[(crc ^ (data[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A zip of `files`, stored without compression (the CSV tables are small): local headers, the
 * central directory and its end record, names in UTF-8 (flag bit 11). At most 65,535 files of under 4 GB.
 */
export function writeZip(
  files: readonly { readonly name: string; readonly data: Uint8Array }[],
  at = new Date(),
): Blob {
  const encoder = new TextEncoder();
  const time = (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1);
  const date = ((Math.max(1980, at.getFullYear()) - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate();
  const parts: BlobPart[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const file of files) {
    const name = encoder.encode(file.name);
    const crc = crc32(file.data);
    const header = (signature: number, size: number) => {
      const view = new DataView(new ArrayBuffer(size + name.length));
      view.setUint32(0, signature, true);
      return view;
    };
    const local = header(LOCAL, 30);
    // version 2.0, UTF-8 names, stored
    local.setUint16(4, 20, true);
    local.setUint16(6, 0x0800, true);
    local.setUint16(8, 0, true);
    local.setUint16(10, time, true);
    local.setUint16(12, date, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, file.data.byteLength, true);
    local.setUint32(22, file.data.byteLength, true);
    local.setUint16(26, name.length, true);
    new Uint8Array(local.buffer).set(name, 30);
    const entry = header(CENTRAL, 46);
    entry.setUint16(4, 20, true);
    entry.setUint16(6, 20, true);
    entry.setUint16(8, 0x0800, true);
    entry.setUint16(10, 0, true);
    entry.setUint16(12, time, true);
    entry.setUint16(14, date, true);
    entry.setUint32(16, crc, true);
    entry.setUint32(20, file.data.byteLength, true);
    entry.setUint32(24, file.data.byteLength, true);
    entry.setUint16(28, name.length, true);
    entry.setUint32(42, offset, true);
    new Uint8Array(entry.buffer).set(name, 46);
    central.push(new Uint8Array(entry.buffer));
    parts.push(local.buffer, file.data as Uint8Array<ArrayBuffer>);
    offset += local.byteLength + file.data.byteLength;
  }
  const size = central.reduce((sum, c) => sum + c.byteLength, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, EOCD, true);
  end.setUint16(8, files.length, true);
  end.setUint16(10, files.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return new Blob([...parts, ...(central as Uint8Array<ArrayBuffer>[]), end.buffer], { type: "application/zip" });
}
