import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSave, saveFile, stateDir, writeSave } from "../../cli/saves.ts";
import { resumeSession } from "../../cli/sessions.ts";
import { compileCode } from "../../engine/compile/compile-code.ts";
import { compileScenario } from "../../engine/compile/compile-scenario.ts";
import type { RunRecord } from "../../engine/record.ts";
import { ROOT } from "./run-cli.ts";

function circle() {
  const code = compileCode(readFileSync(join(ROOT, "test/fixtures/code.mdx"), "utf8"), "code.mdx").value;
  const scenario = compileScenario(
    readFileSync(join(ROOT, "test/fixtures/valid/circle.mdx"), "utf8"),
    "circle.mdx",
    code,
  ).value;
  if (!scenario) throw new Error("fixture does not compile");
  return scenario;
}

const record: RunRecord = {
  schema: "rehearse.run/2",
  scenario: "circle",
  scenarioHash: "abc",
  seed: 7,
  startedAt: "2026-11-21T10:00:00.000Z",
  finishedAt: null,
  steps: [{ scene: "market", choice: "redirect:thats-marcuss-story-to-tell", to: "redirect", scores: { respect: 1 } }],
  ending: null,
  scores: { respect: 1 },
  percent: { respect: 50 },
  flags: [],
};

describe("terminal saves", () => {
  it("live under $XDG_STATE_HOME/rehearse/runs, else ~/.local/state", () => {
    expect(stateDir({ XDG_STATE_HOME: "/x/state" })).toBe("/x/state/rehearse/runs");
    expect(stateDir({ HOME: "/home/ada" })).toMatch(/\.local\/state\/rehearse\/runs$/);
  });

  it("round-trip through disk", () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-saves-"));
    writeSave(dir, record);
    const loaded = loadSave(dir, "circle");
    expect(loaded.kind === "found" && loaded.record).toEqual(record);
    expect(readdirSync(dir)).toEqual(["circle.json"]); // the temporary file was renamed into place
  });

  it("keys saves by the scenario's path too: two libraries with one id keep their own runs, and an old save still reads", () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-saves-"));
    const a = { ...record, steps: record.steps.slice(0, 1) };
    const b = { ...record, steps: [] };
    writeFileSync(saveFile(dir, "circle"), JSON.stringify(record)); // a save from before saves were keyed
    const first = loadSave(dir, "circle", "/home/ada/group-a/scenarios/circle.mdx");
    expect(first.kind === "found" && first.record).toEqual(record);
    writeSave(dir, a, "/home/ada/group-a/scenarios/circle.mdx");
    writeSave(dir, b, "/home/ada/group-b/scenarios/circle.mdx");
    const loadedA = loadSave(dir, "circle", "/home/ada/group-a/scenarios/circle.mdx");
    const loadedB = loadSave(dir, "circle", "/home/ada/group-b/scenarios/circle.mdx");
    expect(loadedA.kind === "found" && loadedA.record.steps).toEqual(a.steps);
    expect(loadedB.kind === "found" && loadedB.record.steps).toEqual([]);
    expect(readdirSync(dir).sort()).toHaveLength(3);
  });

  it("resume a rehearse.run/1 save: its positions, in the author's order, become choice ids", () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-saves-"));
    const scenario = circle();
    const { seed: _, ...rest } = record;
    const old = {
      ...rest,
      schema: "rehearse.run/1",
      scenarioHash: scenario.hash,
      steps: [{ scene: "market", choice: 2, to: "listen", scores: {} }],
    };
    writeFileSync(saveFile(dir, "circle"), JSON.stringify(old));
    const loaded = loadSave(dir, "circle");
    expect(loaded.kind).toBe("found");
    if (loaded.kind !== "found") return;
    const resumed = resumeSession(scenario, loaded.record);
    expect(resumed.ok && [resumed.status, resumed.session.view().node.id]).toEqual(["exact", "listen"]);
    if (!resumed.ok) return;
    writeSave(dir, resumed.session.save());
    const again = JSON.parse(readFileSync(saveFile(dir, "circle"), "utf8"));
    expect([again.schema, again.seed, again.steps[0].choice]).toEqual([
      "rehearse.run/2",
      null,
      "listen:let-her-go-on-she",
    ]);
  });

  it("move a corrupt save aside with the reason, and keep it", () => {
    const dir = mkdtempSync(join(tmpdir(), "rehearse-saves-"));
    writeFileSync(saveFile(dir, "circle"), "{ half a file");
    const loaded = loadSave(dir, "circle");
    expect(loaded.kind).toBe("corrupt");
    if (loaded.kind !== "corrupt") return;
    expect(loaded.error).toMatch(/not JSON/);
    expect(existsSync(saveFile(dir, "circle"))).toBe(false);
    expect(readFileSync(loaded.movedTo ?? "", "utf8")).toBe("{ half a file");
    expect(loadSave(dir, "circle").kind).toBe("none");
  });
});
