import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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
