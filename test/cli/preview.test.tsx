import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Preview } from "../../cli/ui/Preview.tsx";
import { buildFromDisk, watchFiles } from "../../cli/ui/run-preview.tsx";
import { KEY, renderAt } from "./ink.ts";
import { ROOT } from "./run-cli.ts";

/** Waits until the frame satisfies `test` (the watcher and React need a moment), or fails with the frame. */
async function until(frame: () => string, test: (f: string) => boolean, ms = 3000): Promise<string> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (test(frame())) return frame();
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`frame never matched:\n${frame()}`);
}

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), "rehearse-preview-"));
  copyFileSync(join(ROOT, "test/fixtures/code.mdx"), join(dir, "code.mdx"));
  copyFileSync(join(ROOT, "test/fixtures/valid/circle.mdx"), join(dir, "circle.mdx"));
  const file = join(dir, "circle.mdx");
  const codeFile = join(dir, "code.mdx");
  return {
    file,
    edit: (from: string, to: string) => writeFileSync(file, readFileSync(file, "utf8").replace(from, to)),
    element: (from?: string) => (
      <Preview
        file="circle.mdx"
        build={() => buildFromDisk(file, codeFile)}
        watch={(onChange) => watchFiles([file, codeFile], onChange, 5)}
        color={false}
        {...(from ? { from } : {})}
      />
    ),
  };
}

describe("rehearse preview", () => {
  it("re-renders on save and keeps the place by replaying the choices so far", async () => {
    const w = workspace();
    const r = renderAt(w.element(), 80);
    await until(r.lastFrame, (f) => f.includes("── Saturday market"));
    await r.press("1", KEY.enter);
    await until(r.lastFrame, (f) => f.includes("── A quieter word"));
    w.edit("Dana looks down at her hands.", "Dana goes quiet and turns a coin over.");
    const frame = await until(r.lastFrame, (f) => f.includes("Dana goes quiet and turns a coin over."));
    expect(frame).toContain("── A quieter word");
    expect(frame).toContain("1 choice made");
    expect(frame).toMatch(/updated \d\d:\d\d:\d\d \(\d+ ms\)/);
    r.unmount();
  });

  it("shows diagnostics for a broken save, keeps playing the last good version, and recovers", async () => {
    const w = workspace();
    const r = renderAt(w.element(), 100);
    await until(r.lastFrame, (f) => f.includes("── Saturday market"));
    w.edit('<Choice to="thursday" scores={{ respect: 1 }}>', '<Choice to="thursdy" scores={{ respect: 1 }}>');
    const broken = await until(r.lastFrame, (f) => f.includes("error"));
    expect(broken).toContain("1 error: showing the last version that compiled");
    expect(broken).toContain("circle.mdx:30:9 error Unexpected target `thursdy`, expected");
    expect(broken).toContain("── Saturday market");
    w.edit('<Choice to="thursdy"', '<Choice to="thursday"');
    const fixed = await until(r.lastFrame, (f) => !f.includes("error"));
    expect(fixed).toContain("── Saturday market");
    r.unmount();
  });

  // Issue #14 item 7: a file deleted during a preview was reported under `mdx-syntax`.
  it("says the file was deleted under its own rule, keeps the last version, and recovers when it is back", async () => {
    const w = workspace();
    const original = readFileSync(w.file, "utf8");
    const r = renderAt(w.element(), 120);
    await until(r.lastFrame, (f) => f.includes("── Saturday market"));
    unlinkSync(w.file);
    const gone = await until(r.lastFrame, (f) => f.includes("unreadable-file"));
    // The panel wraps the message: read it as one line, without the border.
    const text = gone
      .split("\n")
      .map((line) => line.replace(/^[│\s]+|[│\s]+$/g, ""))
      .join(" ");
    expect(text).toContain("1 error: showing the last version that compiled");
    expect(text).toContain(
      `${w.file}:1:1 error Missing file, expected the scenario here: it was deleted or renamed while previewing. Restore it (the preview shows it again as soon as it is back), or quit with q and preview it under its new name (unreadable-file)`,
    );
    expect(text).not.toContain("mdx-syntax");
    expect(gone).toContain("── Saturday market");
    writeFileSync(w.file, original);
    const back = await until(r.lastFrame, (f) => !f.includes("unreadable-file"));
    expect(back).not.toContain("error");
    expect(back).toContain("── Saturday market");
    // Renamed away is the same: the file is not where the preview reads it.
    renameSync(w.file, `${w.file}.bak`);
    await until(r.lastFrame, (f) => f.includes("unreadable-file"));
    renameSync(`${w.file}.bak`, w.file);
    await until(r.lastFrame, (f) => !f.includes("unreadable-file") && f.includes("── Saturday market"));
    // A folder in its place is said as such.
    unlinkSync(w.file);
    mkdirSync(w.file);
    const folder = await until(r.lastFrame, (f) => f.includes("Unexpected folder"));
    expect(folder).toContain(`${w.file}:1:1 error Unexpected folder where the file was, expected the scenario file.`);
    rmdirSync(w.file);
    writeFileSync(w.file, original);
    await until(r.lastFrame, (f) => !f.includes("unreadable-file") && f.includes("── Saturday market"));
    r.unmount();
  });

  it("says where the path broke when an edit removes the way it came", async () => {
    const w = workspace();
    const r = renderAt(w.element(), 100);
    await until(r.lastFrame, (f) => f.includes("── Saturday market"));
    await r.press("1", KEY.enter, "1", KEY.enter);
    await until(r.lastFrame, (f) => f.includes("── Thursday circle") && f.includes("2 choices made"));
    w.edit('<Choice to="thursday" scores={{ respect: 1 }}>', '<Choice to="repair" scores={{ respect: 1 }}>');
    const frame = await until(r.lastFrame, (f) => f.includes("no longer holds"));
    expect(frame).toContain("The path so far no longer holds after choice 2 of 2; staying at “A quieter word”.");
    expect(frame).toContain("── A quieter word");
    r.unmount();
  });

  it("starts --from a scene with the flags of the shortest path there, jumps with g, outlines with o", async () => {
    const w = workspace();
    const r = renderAt(w.element("thursday"), 100);
    const first = await until(r.lastFrame, (f) => f.includes("── Thursday circle"));
    expect(first).toContain("Dana catches your eye as the circle forms and nods."); // spoke-up is set on the shortest path
    await r.press("o");
    const outline = await until(r.lastFrame, (f) => f.includes("Outline"));
    expect(outline).toContain("● Thursday circle #thursday");
    await r.press("x", "g", KEY.down, KEY.down, KEY.enter);
    await until(r.lastFrame, (f) => f.includes("── The rest of it"));
    r.unmount();
  });
});
