/**
 * The files a coordinator gives /cohort/, read in the browser: files chosen in
 * the file picker, a folder (picker or drag and drop), and zips among them,
 * unpacked by web/lib/zip.ts. The result is the bytes of each file, or why a
 * file could not be read; the worker decodes them (off the page's thread, the
 * bytes handed over without a copy) and the engine judges what they hold. Nothing is sent
 * anywhere. Never throws.
 */
import { isClutter, readZip, ZIP_LIMITS } from "./zip.ts";

export type GivenFile =
  | { readonly name: string; readonly bytes: Uint8Array }
  | { readonly name: string; readonly error: string };

export const FILE_LIMITS = {
  /** The most files read in one go, zips' members included. */
  files: 10_000,
  /** The largest record file, in bytes (a record holds at most 8 MiB of JSON). */
  bytes: 8 * 1024 * 1024,
  /** The largest zip, in bytes. */
  zipBytes: 512 * 1024 * 1024,
} as const;

/** A file and where it was found (its path inside a dropped or chosen folder). */
type Found = { readonly name: string; readonly file: File };

const MB = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** Files from an `<input type=file>` (with or without `webkitdirectory`). */
export function filesFromInput(list: FileList | readonly File[]): Promise<GivenFile[]> {
  return readAll(
    [...list].map((file) => ({ name: file.webkitRelativePath || file.name, file })).filter((f) => !isClutter(f.name)),
  );
}

/**
 * Files from a drop: folders are walked. `webkitGetAsEntry()` works only while the drop event is dispatched,
 * so the entries are taken synchronously, before anything is awaited.
 */
export function filesFromDrop(transfer: DataTransfer): Promise<GivenFile[]> {
  const entries = [...transfer.items]
    .filter((item) => item.kind === "file")
    .map((item) => item.webkitGetAsEntry?.() ?? item.getAsFile());
  return (async () => {
    const found: Found[] = [];
    const errors: GivenFile[] = [];
    for (const entry of entries) {
      if (entry === null) continue;
      if (entry instanceof File) found.push({ name: entry.name, file: entry });
      else await walk(entry, found, errors);
      if (found.length > FILE_LIMITS.files) break;
    }
    return [...errors, ...(await readAll(found.filter((f) => !isClutter(f.name))))];
  })().catch((error) => [{ name: "the dropped files", error: `they could not be read (${String(error)})` }]);
}

/** Adds every file under `entry` to `found` (depth first, at most FILE_LIMITS.files + 1). */
async function walk(entry: FileSystemEntry, found: Found[], errors: GivenFile[], depth = 0): Promise<void> {
  const name = entry.fullPath.replace(/^\//, "");
  if (found.length > FILE_LIMITS.files) return;
  if (entry.isFile) {
    try {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      found.push({ name, file });
    } catch {
      errors.push({ name, error: "the browser could not read it" });
    }
    return;
  }
  if (!entry.isDirectory) return;
  if (depth > 20) {
    errors.push({ name, error: "it is more than 20 folders deep; it was not read" });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries gives a batch at a time (100 in Chromium) until an empty one.
  for (;;) {
    let batch: FileSystemEntry[];
    try {
      batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    } catch {
      errors.push({ name, error: "the browser could not read this folder" });
      return;
    }
    if (batch.length === 0) return;
    for (const child of batch) await walk(child, found, errors, depth + 1);
    if (found.length > FILE_LIMITS.files) return;
  }
}

const isZipMagic = (head: Uint8Array) =>
  head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6);

async function readAll(found: readonly Found[]): Promise<GivenFile[]> {
  if (found.length > FILE_LIMITS.files)
    return [
      {
        name: "the files chosen",
        error: `there are more than ${FILE_LIMITS.files.toLocaleString("en")}; none were read. Choose fewer at a time.`,
      },
    ];
  // A few files at a time: the browser reads them in parallel, and their order is kept.
  const read: GivenFile[][] = [];
  for (let i = 0; i < found.length; i += 32)
    read.push(...(await Promise.all(found.slice(i, i + 32).map(({ name, file }) => readOne(name, file)))));
  const out = read.flat();
  return out.length > FILE_LIMITS.files
    ? [
        ...out.slice(0, FILE_LIMITS.files),
        {
          name: `${(out.length - FILE_LIMITS.files).toLocaleString("en")} more files`,
          error: `past the first ${FILE_LIMITS.files.toLocaleString("en")} files (zips' contents included); not read`,
        },
      ]
    : out;
}

async function readOne(name: string, file: File): Promise<GivenFile[]> {
  try {
    // A record file is read in one go; only a large file, or one named .zip, is looked at first.
    if (/\.zip$/i.test(name) || file.size > FILE_LIMITS.bytes) {
      const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
      if (isZipMagic(head) || /\.zip$/i.test(name)) return await unzip(name, file);
      return [{ name, error: `it is ${MB(file.size)}, over the ${MB(FILE_LIMITS.bytes)} a record file may be` }];
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    return isZipMagic(bytes) ? await unzip(name, new Blob([bytes])) : [{ name, bytes }];
  } catch {
    return [{ name, error: "the browser could not read it (moved or deleted since it was chosen?)" }];
  }
}

async function unzip(name: string, file: Blob): Promise<GivenFile[]> {
  if (file.size > FILE_LIMITS.zipBytes)
    return [{ name, error: `it is a zip of ${MB(file.size)}, over the ${MB(FILE_LIMITS.zipBytes)} this page reads` }];
  const zip = await readZip(file, { ...ZIP_LIMITS, entryBytes: FILE_LIMITS.bytes });
  if (!zip.ok) return [{ name, error: zip.error }];
  return zip.members.map((m) => {
    const inner = `${name} › ${m.name}`;
    if ("error" in m) return { name: inner, error: m.error };
    if (isZipMagic(m.data)) return { name: inner, error: "it is a zip inside the zip; unzip it and add it on its own" };
    return { name: inner, bytes: m.data };
  });
}
