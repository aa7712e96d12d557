import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, rehearse } from "./run-cli.ts";

// The README's commands are the product's front door: every `npx rehearse …` line in its shell
// blocks that needs no terminal is run as written, and must succeed.
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const commands = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((m) => (m[1] ?? "").split("\n"))
  .map((line) => line.replace(/\s+#.*$/, "").trim())
  .filter((line) => line.startsWith("npx rehearse "))
  .map((line) => line.slice("npx rehearse ".length).split(/\s+/));
// `play <id>` without --script and `preview` need a terminal; they are tested under tmux elsewhere.
const needsTerminal = (args: readonly string[]) =>
  (args[0] === "play" && !args.includes("--script")) || args[0] === "preview" || args[0] === "room";

describe("the README's terminal commands", () => {
  it("lists some", () => {
    expect(commands.filter((c) => !needsTerminal(c)).length).toBeGreaterThanOrEqual(3);
  });
  for (const args of commands.filter((c) => !needsTerminal(c))) {
    it(`rehearse ${args.join(" ")} succeeds as written`, () => {
      const r = rehearse(args);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
    });
  }
});
