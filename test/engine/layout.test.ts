import { describe, expect, it } from "vitest";
import {
  layoutScenario,
  MAP_LABEL_CHARS,
  MAP_LABEL_LINES,
  MAP_NODE_HEIGHT,
  MAP_NODE_WIDTH,
  pathOf,
  wrapLabel,
} from "../../engine/layout.ts";
import { readFixture, valid } from "./helpers.ts";

const circle = () => valid(readFixture("valid/circle.mdx"), "scenarios/circle.mdx");

describe("layoutScenario", () => {
  it("places every scene and ending once, layered by distance from the start", () => {
    const scenario = circle();
    const map = layoutScenario(scenario);
    const ids = [...scenario.scenes, ...scenario.endings].map((n) => n.id);
    expect(map.nodes.map((n) => n.id).sort()).toEqual([...ids].sort());
    const start = map.nodes.find((n) => n.id === scenario.start);
    expect(start?.layer).toBe(0);
    // A choice's target is never more than one layer below its scene (breadth-first layers).
    for (const scene of scenario.scenes) {
      const from = map.nodes.find((n) => n.id === scene.id);
      for (const choice of scene.choices) {
        const to = map.nodes.find((n) => n.id === choice.to);
        expect((to?.layer ?? 0) - (from?.layer ?? 0)).toBeLessThanOrEqual(1);
      }
    }
  });

  it("keeps boxes apart and inside the drawing", () => {
    const map = layoutScenario(circle());
    for (const n of map.nodes) {
      expect(n.x - MAP_NODE_WIDTH / 2).toBeGreaterThanOrEqual(0);
      expect(n.x + MAP_NODE_WIDTH / 2).toBeLessThanOrEqual(map.width);
      expect(n.y + MAP_NODE_HEIGHT / 2).toBeLessThanOrEqual(map.height);
      for (const m of map.nodes) {
        if (m === n) continue;
        const apart = Math.abs(m.x - n.x) >= MAP_NODE_WIDTH || Math.abs(m.y - n.y) >= MAP_NODE_HEIGHT;
        expect(apart, `${n.id} overlaps ${m.id}`).toBe(true);
      }
    }
  });

  it("draws one edge per distinct scene → target pair", () => {
    const scenario = circle();
    const pairs = new Set(scenario.scenes.flatMap((s) => s.choices.map((c) => `${s.id}→${c.to}`)));
    const map = layoutScenario(scenario);
    expect(map.edges.map((e) => `${e.from}→${e.to}`).sort()).toEqual([...pairs].sort());
    for (const e of map.edges) expect(e.points.length).toBeGreaterThanOrEqual(2);
  });

  it("is plain data that survives JSON", () => {
    const map = layoutScenario(circle());
    expect(JSON.parse(JSON.stringify(map))).toEqual(map);
  });
});

describe("pathOf", () => {
  it("lists the nodes and edges a run passed through", () => {
    const path = pathOf("market", [
      { scene: "market", to: "redirect" },
      { scene: "redirect", to: "thursday" },
    ]);
    expect([...path.nodes]).toEqual(["market", "redirect", "thursday"]);
    expect([...path.edges]).toEqual(["market→redirect", "redirect→thursday"]);
  });
});

describe("layoutScenario on the bundled library", () => {
  it("never overlaps two boxes", async () => {
    const { loadLibrary } = await import("../../engine/load.ts");
    const lib = loadLibrary(new URL("../../scenarios/", import.meta.url).pathname);
    for (const { result } of lib.scenarios) {
      if (!result.value) continue;
      const map = layoutScenario(result.value);
      for (const n of map.nodes)
        for (const m of map.nodes)
          if (m !== n)
            expect(Math.abs(m.x - n.x) >= MAP_NODE_WIDTH || Math.abs(m.y - n.y) >= MAP_NODE_HEIGHT).toBe(true);
    }
  });
});

describe("wrapLabel", () => {
  it("wraps at spaces, keeps short labels whole, and cuts only what does not fit, with “…”", () => {
    expect(wrapLabel("An empty chair")).toEqual(["An empty chair"]);
    expect(wrapLabel("Going over the agreement")).toEqual(["Going over the", "agreement"]);
    const long = wrapLabel("Telling the group what happened at the meeting in the hall last week");
    expect(long).toHaveLength(MAP_LABEL_LINES);
    expect(long.at(-1)?.endsWith("…")).toBe(true);
    for (const line of [...long, ...wrapLabel("Supercalifragilisticexpialidocious words")])
      expect(line.length).toBeLessThanOrEqual(MAP_LABEL_CHARS);
  });
});

describe("arrowheads", () => {
  it("never meet: no two edges of a bundled scenario end at the same point", async () => {
    const { loadLibrary } = await import("../../engine/load.ts");
    const lib = loadLibrary(new URL("../../scenarios/", import.meta.url).pathname);
    for (const { result } of lib.scenarios) {
      if (!result.value) continue;
      const ends = layoutScenario(result.value).edges.map((e) => e.points.at(-1)?.join(","));
      expect(new Set(ends).size, result.value.id).toBe(ends.length);
    }
  });
});
