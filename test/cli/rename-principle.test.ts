import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { rehearseIn } from "./run-cli.ts";

// A group renames principles in its code (scenarios/code.mdx of a workspace made by `rehearse init`);
// `check` says which scores name a principle the code no longer has, and `check --fix` or
// `--rename-principle` renames them in the three scenarios' scores, and nowhere else.

const temp = mkdtempSync(join(tmpdir(), "rehearse-rename-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const PICKED = ["after-the-breach", "the-screenshot", "what-stays-in-the-circle"];

let ws = "";
let n = 0;
const scenario = (id: string) => join(ws, "scenarios", `${id}.mdx`);
const files = () =>
  Object.fromEntries(
    readdirSync(join(ws, "scenarios")).map((name) => [name, readFileSync(join(ws, "scenarios", name), "utf8")]),
  );
/** The group's code with principles renamed: `<Principle id="old"` → `<Principle id="new"`. */
function renameInCode(renames: Record<string, string>) {
  const file = join(ws, "scenarios/code.mdx");
  let text = readFileSync(file, "utf8");
  for (const [from, to] of Object.entries(renames))
    text = text.replace(`<Principle id="${from}"`, `<Principle id="${to}"`);
  writeFileSync(file, text);
}
/** The word's uses outside choices' scores (prose, feedback, tags, notes). */
const outsideScores = (text: string, word: string) => text.replace(/scores=\{\{[^}]*\}\}/g, "").split(word).length - 1;

beforeEach(() => {
  ws = join(temp, `group-${++n}`);
  const made = rehearseIn(["init", ws, "--pick", PICKED.join(",")], temp);
  expect(made.code).toBe(0);
});

describe("a principle renamed in the group's code", () => {
  it("makes check report the scores that name the old one, with a did-you-mean when the names are close", () => {
    renameInCode({ boundaries: "boundary" });
    const checked = rehearseIn(["check", "--format", "short"], ws);
    expect(checked.code).toBe(1);
    const unknown = checked.stdout.split("\n").filter((l) => l.includes("(unknown-principle)"));
    expect(unknown).toHaveLength(12);
    expect(unknown[0]).toContain("Unexpected principle `boundaries`, expected `boundary` (from scenarios/code.mdx)");
    const text = rehearseIn(["check"], ws);
    expect(text.stdout).toContain("help: did you mean `boundary`?");
    expect(text.stderr).toBe(
      "rehearse: renamed a principle in the code? `rehearse check --fix --dry-run` shows how the scores would follow\n",
    );
  });

  it("check --fix renames it across the three scenarios' scores, prints each file, and is idempotent", () => {
    renameInCode({ confidentiality: "privacy" });
    const before = files();
    const dry = rehearseIn(["check", "--fix", "--dry-run"], ws);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Would rename `confidentiality` → `privacy` in scores");
    expect(dry.stdout).toContain("scenarios/the-screenshot.mdx:");
    expect(dry.stdout).toContain("Dry run: 3 files would change (33 scores); nothing was written.");
    expect(files()).toEqual(before);

    const fixed = rehearseIn(["check", "--fix"], ws);
    expect(fixed.stderr).toBe("");
    expect(fixed.stdout).toContain("Renaming `confidentiality` → `privacy` in scores (the code: scenarios/code.mdx)");
    for (const [id, count] of [
      ["after-the-breach", 5],
      ["the-screenshot", 13],
      ["what-stays-in-the-circle", 15],
    ] as const)
      expect(fixed.stdout).toContain(`  scenarios/${id}.mdx: ${count} scores\n`);
    expect(fixed.stdout).toContain("✓ 3 files changed, 33 scores renamed.");
    // Then the check: no errors left.
    expect(fixed.stdout).not.toContain("unknown-principle");
    expect(fixed.code).toBe(0);

    for (const id of PICKED) {
      const was = before[`${id}.mdx`] ?? "";
      const now = readFileSync(scenario(id), "utf8");
      // Prose that says "confidentiality" keeps it; only the scores changed, byte for byte otherwise.
      expect(outsideScores(now, "confidentiality")).toBe(outsideScores(was, "confidentiality"));
      expect(outsideScores(was, "confidentiality")).toBeGreaterThan(0);
      expect(now).toBe(was.replace(/scores=\{\{[^}]*\}\}/g, (s) => s.replaceAll("confidentiality", "privacy")));
    }
    const after = files();
    const again = rehearseIn(["check", "--fix"], ws);
    expect(again.stdout).toContain("No principle to rename: every score names a principle of the code.");
    expect(again.code).toBe(0);
    expect(files()).toEqual(after);
  });

  it("refuses to guess when two principles were renamed, and --rename-principle says which is which", () => {
    renameInCode({ confidentiality: "privacy", respect: "dignity" });
    const before = files();
    const guessed = rehearseIn(["check", "--fix"], ws);
    expect(guessed.code).toBe(1);
    expect(guessed.stderr).toContain(
      "✗ `confidentiality` left as it is: 2 unknown principles (`confidentiality`, `respect`) and 2 unscored principles (`privacy`, `dignity`): which is which?\n  rename it yourself: rehearse check --rename-principle confidentiality=<principle>",
    );
    expect(guessed.stderr).toContain("✗ `respect` left as it is:");
    expect(guessed.stderr).not.toContain("renamed a principle in the code?");
    expect(files()).toEqual(before);

    const told = rehearseIn(["check", "--rename-principle", "confidentiality=privacy,respect=dignity"], ws);
    expect(told.stdout).toContain("Renaming `confidentiality` → `privacy`, `respect` → `dignity` in scores");
    expect(told.stdout).toContain("✓ 3 files changed, 88 scores renamed.");
    expect(told.code).toBe(0);
    const after = files();
    const again = rehearseIn(["check", "--rename-principle", "respect=dignity"], ws);
    expect(again.stdout).toContain("No scenario scores `respect`: nothing to rename.\n");
    expect(again.code).toBe(0);
    expect(files()).toEqual(after);
  });

  it("keeps a byte order mark, and leaves a file that is not UTF-8 byte for byte as it was", () => {
    renameInCode({ confidentiality: "privacy" });
    const bom = scenario("the-screenshot");
    writeFileSync(bom, `\uFEFF${readFileSync(bom, "utf8")}`);
    const latin1 = scenario("after-the-breach");
    writeFileSync(latin1, Buffer.from(readFileSync(latin1, "utf8").replace("---\n\n", "---\n\nCafé.\n\n"), "latin1"));
    const latin1Bytes = readFileSync(latin1);
    const fixed = rehearseIn(["check", "--fix"], ws);
    expect(fixed.stderr).toContain(
      "! scenarios/after-the-breach.mdx: left as it is, it is Latin-1 (ISO-8859-1) or Windows-1252, not UTF-8",
    );
    expect(fixed.stdout).toContain("✓ 2 files changed, 28 scores renamed.");
    expect(readFileSync(latin1)).toEqual(latin1Bytes);
    const withBom = readFileSync(bom, "utf8");
    expect(withBom.startsWith("\uFEFF---\n")).toBe(true);
    expect(withBom).toContain("scores={{ privacy:");
  });

  it("explains a rename it cannot make, and writes nothing", () => {
    renameInCode({ confidentiality: "privacy" });
    const before = files();
    const unknownTarget = rehearseIn(["check", "--rename-principle", "confidentiality=privvacy"], ws);
    expect(unknownTarget.code).toBe(1);
    expect(unknownTarget.stderr).toContain(
      "cannot rename `confidentiality` to `privvacy`: scenarios/code.mdx has no principle `privvacy`",
    );
    const stillThere = rehearseIn(["check", "--rename-principle", "respect=privacy"], ws);
    expect(stillThere.code).toBe(1);
    expect(stillThere.stderr).toContain("cannot rename `respect`: it is still a principle of scenarios/code.mdx");
    const malformed = rehearseIn(["check", "--rename-principle", "confidentiality"], ws);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain(
      '--rename-principle takes old=new (or old=new,old2=new2), not "confidentiality"',
    );
    expect(files()).toEqual(before);
  });
});
