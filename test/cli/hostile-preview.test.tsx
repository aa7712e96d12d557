import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Preview } from "../../cli/ui/Preview.tsx";
import { buildFromDisk, watchFiles } from "../../cli/ui/run-preview.tsx";
import { renderAt } from "./ink.ts";
import { ROOT } from "./run-cli.ts";

// Issue #14 item 1: saving a scenario with brackets nested 7,000 deep killed `preview` (a native segfault).
async function until(frame: () => string, test: (f: string) => boolean, ms = 5000): Promise<string> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (test(frame())) return frame();
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`frame never matched:\n${frame()}`);
}

describe("rehearse preview on a save that crashed the parser", () => {
  it("shows the positioned diagnostic, keeps the last good version, and recovers", { timeout: 20_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-hostile-preview-"));
    const file = join(dir, "circle.mdx");
    const codeFile = join(dir, "code.mdx");
    copyFileSync(join(ROOT, "test/fixtures/code.mdx"), codeFile);
    copyFileSync(join(ROOT, "test/fixtures/valid/circle.mdx"), file);
    const good = readFileSync(file, "utf8");
    const r = renderAt(
      <Preview
        file="circle.mdx"
        build={() => buildFromDisk(file, codeFile)}
        watch={(onChange) => watchFiles([file, codeFile], onChange, 5)}
        color={false}
      />,
      100,
    );
    await until(r.lastFrame, (f) => f.includes("── Saturday market"));
    const [head, ...rest] = good.split("\n\n<Scene");
    writeFileSync(file, `${head}\n\n{${"(".repeat(7000)}1${")".repeat(7000)}}\n\n<Scene${rest.join("\n\n<Scene")}`);
    const broken = await until(r.lastFrame, (f) => f.includes("nested"));
    expect(broken).toMatch(/circle\.mdx:\d+:\d+ error Unexpected `\(` nested 101 deep/);
    expect(broken).toContain("── Saturday market");
    writeFileSync(file, good);
    const fixed = await until(r.lastFrame, (f) => !f.includes("nested"));
    expect(fixed).toContain("── Saturday market");
    r.unmount();
  });
});
