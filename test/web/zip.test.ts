/**
 * web/lib/zip.ts, the zip reader /cohort/ unpacks a coordinator's zip with (no browser needed: Node has
 * Blob and DecompressionStream too). Hostile zips are refused with a reason, never read past a limit.
 */
import { describe, expect, it } from "vitest";
import { readZip, writeZip, ZIP_LIMITS } from "../../web/lib/zip.ts";
import { zipOf } from "../fixtures/cohort/zip.ts";

const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);
const text = (m: object) =>
  "data" in m && m.data instanceof Uint8Array ? new TextDecoder().decode(m.data) : undefined;

describe("readZip", () => {
  it("reads deflated and stored members in order, and skips folders and macOS clutter", async () => {
    const zip = zipOf([
      { name: "cohort/a.json", text: '{"a":1}' },
      { name: "cohort/b.json", text: "x".repeat(50_000), method: 0 },
      { name: "__MACOSX/cohort/._a.json", text: "fork" },
      { name: "cohort/.DS_Store", text: "finder" },
    ]);
    const read = await readZip(blob(zip));
    if (!read.ok) throw new Error(read.error);
    expect(read.members.map((m) => [m.name, text(m)])).toEqual([
      ["cohort/a.json", '{"a":1}'],
      ["cohort/b.json", "x".repeat(50_000)],
    ]);
  });

  it("refuses what is not a zip, a cut-short zip and a directory pointing outside the file", async () => {
    expect(await readZip(blob(new TextEncoder().encode('{"schema":"rehearse.record/1"}')))).toEqual({
      ok: false,
      error: "it is not a zip file (no zip directory at its end)",
    });
    const zip = zipOf([{ name: "a.json", text: "{}" }]);
    expect((await readZip(blob(zip.subarray(0, zip.length - 30)))).ok).toBe(false);
    const outside = Buffer.from(zip);
    outside.writeUInt32LE(0x7fffffff, outside.length - 6); // the directory's offset
    expect(await readZip(blob(outside))).toEqual({
      ok: false,
      error: "its zip directory points outside the file (the file is damaged or cut short)",
    });
  });

  it("stops inflating a member that lies about its size, and names damage and unknown methods", async () => {
    // 64 MB of zeros deflate to about 64 KB; the directory says 10 bytes.
    const lying = zipOf([{ name: "bomb.json", text: "\0".repeat(64 * 1024 * 1024), unpacked: 10 }]);
    const started = performance.now();
    const read = await readZip(blob(lying));
    expect(read).toEqual({
      ok: true,
      members: [{ name: "bomb.json", error: "it inflates to more than 8 MB, over what a record file may be" }],
    });
    expect(performance.now() - started).toBeLessThan(10_000);

    const damaged = Buffer.from(zipOf([{ name: "a.json", text: "a".repeat(1000), method: 0 }]));
    damaged[40] = 0x62; // one stored byte changed: the checksum no longer matches
    const unknown = zipOf([{ name: "b.json", text: "BZh91AY", method: 12 }]);
    const [d, u] = await Promise.all([readZip(blob(damaged)), readZip(blob(unknown))]);
    expect(d.ok && d.members[0]).toEqual({ name: "a.json", error: "its checksum does not match (the zip is damaged)" });
    expect(u.ok && u.members[0]).toEqual({
      name: "b.json",
      error:
        'it is compressed with a method this page cannot read (BZIP2); make the zip with the ordinary "deflate" setting',
    });
  });

  it("refuses more members than its limit, and reads back what writeZip writes", async () => {
    const many = zipOf(Array.from({ length: 6 }, (_, i) => ({ name: `${i}.json`, text: "{}" })));
    expect(await readZip(blob(many), { ...ZIP_LIMITS, entries: 5 })).toEqual({
      ok: false,
      error: "it holds more than 5 files",
    });
    const written = writeZip([
      { name: "cohort-summary.csv", data: new TextEncoder().encode("What,Count\r\nTrainees,12\r\n") },
      { name: "cohort-change.csv", data: new TextEncoder().encode("Principle\r\n") },
    ]);
    const read = await readZip(written);
    if (!read.ok) throw new Error(read.error);
    expect(read.members.map((m) => [m.name, text(m)])).toEqual([
      ["cohort-summary.csv", "What,Count\r\nTrainees,12\r\n"],
      ["cohort-change.csv", "Principle\r\n"],
    ]);
  });
});
