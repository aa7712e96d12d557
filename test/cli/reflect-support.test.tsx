/**
 * What the terminal shows a trainee of a heavy scenario: the group's support
 * contacts under the content note, a `<Reflect>` question after the feedback
 * and in the debrief, and where to find support again at the end.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Player } from "../../cli/ui/Player.tsx";
import { compileCode } from "../../engine/compile/compile-code.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import { compileSupport } from "../../engine/compile/compile-support.ts";
import { KEY, renderAt } from "./ink.ts";
import { ROOT, rehearse } from "./run-cli.ts";

const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const code = compileCode(read("test/fixtures/code.mdx"), "code.mdx").value;
const scenario = compileScenario(read("test/fixtures/valid/reflect.mdx"), "weekend.mdx", code).value;
const support = compileSupport(read("test/fixtures/rules/support-placeholder/ok.mdx"), "scenarios/support.mdx").value;
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe("the terminal player, for a heavy scenario", () => {
  if (!code || !scenario || !support) throw new Error("fixtures do not compile");

  it("shows the group's support contacts under the content note, and where the rest are", async () => {
    const r = renderAt(<Player scenario={scenario} code={code} color={false} seed={null} support={support} />, 80);
    await settle();
    expect(r.lastFrame()).toBe(
      [
        "The weekend",
        "A member mentions that he will be alone all weekend.",
        "",
        "Content note: A member talks about thoughts of ending his life.",
        "",
        "If this brings something up:",
        "  In an emergency: Call 999, or 112 from a mobile",
        "  After a hard session: Sam Okafor, our coordinator: sam@example.org",
        "  Every contact and what it is for: scenarios/support.mdx",
        "",
        "Take a breath. Press any key to begin, or q to leave.",
      ].join("\n"),
    );
    r.unmount();
  });

  it("says so when the group has not filled in its contacts", async () => {
    const blank = compileSupport(read("scenarios/support.mdx"), "scenarios/support.mdx").value;
    if (!blank) throw new Error("scenarios/support.mdx does not compile");
    const r = renderAt(<Player scenario={scenario} code={code} color={false} seed={null} support={blank} />, 80);
    await settle();
    const frame = r.lastFrame();
    expect(frame).toContain("  In an emergency: [your local emergency number]");
    expect(frame).toContain("The group has not filled these in yet: ask your facilitator for its contacts.");
    // The short version: three contacts, the fourth is in the file.
    expect(frame).not.toContain("For your own wellbeing");
    r.unmount();
  });

  it("asks the scene's question after the feedback, and the ending's in the debrief", async () => {
    const r = renderAt(<Player scenario={scenario} code={code} color={false} seed={null} support={support} />, 80);
    await settle();
    await r.press(" ", "1");
    expect(r.lastFrame()).toBe(
      [
        "The weekend · 1 choice made",
        "",
        "── After the group ─────────────────────────────────────────",
        "",
        "You chose: Ask him directly whether he is thinking of suicide.",
        "",
        "Asking directly does not put the idea in his head (safety).",
        "",
        "Safety +2",
        "",
        "│ A question to pause on",
        "│ What makes a direct question about suicide hard for you to ask?",
        "",
        "Enter continue · b undo this choice · r restart · q quit · ? keys",
      ].join("\n"),
    );
    await r.press(KEY.enter, "1", KEY.enter);
    const end = r.lastFrame();
    expect(end).toContain(
      [
        "You make the call together.",
        "",
        "│ A question to take with you",
        "│ Who would you call first, in your own group, if this happened tomorrow?",
        "",
        "Your run against the code",
      ].join("\n"),
    );
    expect(end).toContain("If this brought something up, who to contact is in scenarios/support.mdx.");
    // The facilitator note in the ending stays hidden.
    expect(end).not.toContain("Ask the room");
    r.unmount();
  });
});

describe("rehearse play --script, for a heavy scenario", () => {
  it("prints the support contacts under the content note and both questions", () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-reflect-"));
    writeFileSync(join(dir, "code.mdx"), read("test/fixtures/code.mdx"));
    writeFileSync(join(dir, "weekend.mdx"), read("test/fixtures/valid/reflect.mdx"));
    writeFileSync(join(dir, "support.mdx"), read("test/fixtures/rules/support-placeholder/ok.mdx"));
    const r = rehearse(["play", join(dir, "weekend.mdx"), "--script", "2,1"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        "Content note: A member talks about thoughts of ending his life.",
        "",
        "If this brings something up:",
        "  In an emergency: Call 999, or 112 from a mobile",
      ].join("\n"),
    );
    expect(r.stdout).toContain(
      "  │ A question to pause on\n  │ What makes a direct question about suicide hard for you to ask?",
    );
    expect(r.stdout).toContain(
      "│ A question to take with you\n│ Who would you call first, in your own group, if this happened tomorrow?",
    );
    // Asked once each: the second scene has no question of its own.
    expect(r.stdout.match(/A question to pause on/g)).toHaveLength(1);
  });
});

describe("rehearse check, on a support page", () => {
  it("warns at each placeholder and still exits 0, on its own or with its folder", () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-support-"));
    const file = join(dir, "support.mdx");
    writeFileSync(file, read("test/fixtures/rules/support-placeholder/not-ok.mdx"));
    const r = rehearse(["check", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `warning[support-placeholder]: Unexpected placeholder \`[your local emergency number]\`, expected your group's own contact (a number, an address or a name) in its place\n --> ${file}:7:55\n`,
    );
    expect(r.stdout).toMatch(/! 0 errors, 2 warnings in 1 file\n$/);
    writeFileSync(join(dir, "code.mdx"), read("test/fixtures/code.mdx"));
    writeFileSync(join(dir, "weekend.mdx"), read("test/fixtures/valid/reflect.mdx"));
    const folder = rehearse(["check", dir]);
    expect(folder.code).toBe(0);
    expect(folder.stdout).toMatch(/! 0 errors, 2 warnings in 3 files\n$/);
    expect(folder.stdout.match(/warning\[support-placeholder\]/g)).toHaveLength(2);
  });
});
