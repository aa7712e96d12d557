import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Assess } from "../../cli/ui/Assess.tsx";
import { compileCode } from "../../engine/compile/compile-code.ts";
import type { Answer } from "../../engine/training-record.ts";
import { KEY, renderAt } from "./ink.ts";
import { ROOT, rehearse } from "./run-cli.ts";

const code = compileCode(readFileSync(join(ROOT, "test/fixtures/code.mdx"), "utf8"), "code.mdx").value;
if (!code) throw new Error("fixture code does not compile");
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe("rehearse assess: the terminal self-assessment", () => {
  it("asks one statement at a time, answers with 1–5, goes back with b, and saves on Enter", async () => {
    let saved: Readonly<Record<string, Answer>> | undefined;
    const r = renderAt(
      <Assess
        principles={code.principles}
        when="before"
        onDone={(a) => {
          saved = a;
        }}
      />,
      80,
    );
    await settle();
    expect(r.lastFrame()).toContain("Self-assessment · before");
    expect(r.lastFrame().replace(/\n/g, " ")).toContain("4 statements, about two minutes.");
    await r.press(" ");
    expect(r.lastFrame()).toBe(
      [
        "Self-assessment · before · 1 of 4",
        "",
        "Confidentiality",
        "",
        "I know where our confidentiality ends.",
        "",
        "  1 Strongly disagree",
        "  2 Disagree",
        "  3 Neither agree nor disagree",
        "  4 Agree",
        "  5 Strongly agree",
        "",
        "1–5 answer · s skip · b back · q leave without saving",
      ].join("\n"),
    );
    await r.press("4");
    expect(r.lastFrame()).toContain("2 of 4");
    expect(r.lastFrame()).toContain("I can listen without judging.");
    await r.press("b");
    expect(r.lastFrame()).toContain("› 4 Agree");
    await r.press("2", "s", "5");
    expect(r.lastFrame()).toContain("4 of 4");
    await r.press("3");
    expect(r.lastFrame()).toContain("You answered 3 of 4 statements.");
    expect(saved).toBeUndefined();
    await r.press(KEY.enter);
    r.unmount();
    expect(saved).toEqual({ "confidentiality-limits": 2, "safety-1": 5, "safety-2": 3 });
  });

  it("leaves without saving on q", async () => {
    let saved = false;
    const r = renderAt(
      <Assess
        principles={code.principles}
        when="after"
        onDone={() => {
          saved = true;
        }}
      />,
      80,
    );
    await settle();
    expect(r.lastFrame()).toContain("Again, after some practice");
    await r.press(" ", "4");
    // Keys after q reach nothing: the answers are not saved.
    await r.press("q", "5", KEY.enter);
    expect(r.lastFrame()).not.toContain("You answered");
    r.unmount();
    expect(saved).toBe(false);
  });

  describe("the command", () => {
    const state = mkdtempSync(join(tmpdir(), "rehearse-assess-"));
    afterAll(() => rmSync(state, { recursive: true, force: true }));
    const env = { XDG_STATE_HOME: state };
    const file = join(state, "rehearse", "assessments.json");
    const CODE = ["--code", "test/fixtures/code.mdx"];

    it("prints the change per principle with --show, from the answers saved beside the runs", () => {
      expect(rehearse(["assess", "--show", ...CODE], { env }).stdout).toBe(
        "No self-assessment yet. Run `rehearse assess` to take the first one.\n",
      );
      mkdirSync(join(state, "rehearse"), { recursive: true });
      writeFileSync(
        file,
        JSON.stringify([
          { when: "before", at: "2026-11-01T10:00:00.000Z", answers: { "confidentiality-limits": 2, "safety-1": 1 } },
          { when: "after", at: "2026-11-20T10:00:00.000Z", answers: { "confidentiality-limits": 4, "safety-1": 4 } },
        ]),
      );
      const r = rehearse(["assess", "--show", ...CODE], { env });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        [
          "Principle        Before  After  Change",
          "Confidentiality       2      4      +2",
          "Respect               –      –       –",
          "Safety                1      4      +3",
          "",
          "Mean answer per principle, 1 (strongly disagree) to 5 (strongly agree).",
          "Answered: before 2026-11-01, after 2026-11-20.",
          "",
        ].join("\n"),
      );
    });

    it("moves a damaged file aside, says so, and keeps what it could read", () => {
      writeFileSync(
        file,
        JSON.stringify([
          { when: "before", at: "2026-11-01T10:00:00.000Z", answers: { "confidentiality-limits": 2 } },
          { when: "after", at: "2026-11-20T10:00:00.000Z", answers: { "confidentiality-limits": 9 } },
        ]),
      );
      const r = rehearse(["assess", "--show", ...CODE], { env });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(
        /could not all be read \(a saved self-assessment could not be read \(the answer to "confidentiality-limits" is not 1, 2, 3, 4 or 5\)\); the file was moved to .*assessments\.json\.corrupt-/,
      );
      expect(r.stdout).toContain("Confidentiality       2      –       –");
      expect(readdirSync(join(state, "rehearse")).some((f) => f.startsWith("assessments.json.corrupt-"))).toBe(true);
    });

    it("needs a terminal to ask, and says how to see the answers instead", () => {
      const r = rehearse(["assess", ...CODE], { env });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("rehearse assess --show");
    });

    it("says when the code has no statements, with a clear message and no stack trace", () => {
      const dir = mkdtempSync(join(tmpdir(), "rehearse-nostatements-"));
      writeFileSync(join(dir, "code.mdx"), '---\ntitle: C\n---\n\n<Principle id="a" name="A">\nText.\n</Principle>\n');
      const r = rehearse(["assess", "--code", join(dir, "code.mdx")], { env });
      rmSync(dir, { recursive: true, force: true });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("has no self-assessment yet: add <Statement> lines inside each <Principle>");
      expect(r.stderr).not.toContain("    at ");
    });
  });
});
