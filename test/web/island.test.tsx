/**
 * Component tests for the island where they are clearer than e2e: what the
 * server renders before any script runs, and storage that fails mid-run.
 */
import { fileURLToPath } from "node:url";
import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { analyzeScenario } from "../../engine/analyze.ts";
import { forTrainee, openingOnly } from "../../engine/library.ts";
import { loadLibrary } from "../../engine/load.ts";
import type { Scenario } from "../../engine/model.ts";
import { Blocks } from "../../web/components/Blocks.tsx";
import { ScoreChart } from "../../web/components/ScoreChart.tsx";
import Player, { type PlayerData } from "../../web/islands/Player.tsx";
import { SiteStore } from "../../web/lib/storage.ts";

const lib = loadLibrary(fileURLToPath(new URL("../../scenarios/", import.meta.url)));
const scenario = lib.scenarios.find((s) => s.result.value?.id === "what-stays-in-the-circle")?.result.value as Scenario;
const names = Object.fromEntries((lib.code.value?.principles ?? []).map((p) => [p.id, p.name]));

/** What the page hands the island: the opening only, as on the site. */
const pageData = (s: Scenario, scriptHref = "/scenarios/what-stays-in-the-circle/script/") =>
  JSON.stringify({
    scenario: openingOnly(forTrainee(s)),
    analysis: analyzeScenario(s),
    names,
    scriptHref,
    wholeHref: "/scenarios/what-stays-in-the-circle/scenario.json",
  } satisfies PlayerData);

describe("the player's server render", () => {
  const html = renderToString(<Player data={pageData(scenario)} />);

  it("shows the first scene's heading, its dialogue with speakers, and its choices as numbered buttons", () => {
    expect(html).toContain('<h2 id="scene-title" tabindex="-1">Saturday market</h2>');
    expect(html).toContain('<span class="who">Irene</span>');
    const start = scenario.scenes.find((s) => s.id === scenario.start);
    // Inert until the island is running (without JavaScript the page says so and links the script).
    expect(html.match(/<button type="button" class="choice" disabled>/g)).toHaveLength(start?.choices.length ?? -1);
  });

  it("keeps Back and Restart on screen (disabled at the start) and links the script", () => {
    expect(html).toMatch(/<button type="button" disabled[^>]*>Back<\/button>/);
    expect(html).toMatch(/<button type="button" disabled[^>]*>Restart<\/button>/);
    expect(html).toContain('href="/scenarios/what-stays-in-the-circle/script/"');
  });

  it("has an empty live region ready for feedback", () => {
    expect(html).toContain('<div class="feedback" aria-live="polite"></div>');
  });
});

describe("the content note", () => {
  it("is shown before the run starts, when the scenario has one", () => {
    const noted = { ...scenario, contentNote: "Loneliness and a late-night message." };
    const html = renderToString(<Player data={pageData(noted, "/")} />);
    expect(html).toContain("Before you begin");
    expect(html).toContain("This scenario touches on: Loneliness and a late-night message.");
    expect(html.indexOf("Before you begin")).toBeLessThan(html.indexOf('id="scene-title"'));
  });
});

describe("Blocks", () => {
  const blocks = [
    { type: "paragraph", children: [{ type: "text", value: "Prose." }] },
    { type: "note", children: [{ type: "paragraph", children: [{ type: "text", value: "For the lead." }] }] },
    {
      type: "when",
      if: ["kind"],
      unless: [],
      children: [{ type: "paragraph", children: [{ type: "text", value: "Kind." }] }],
    },
    {
      type: "paragraph",
      children: [{ type: "link", url: "javascript:alert(1)", children: [{ type: "text", value: "x" }] }],
    },
  ] as const;

  it("hides facilitator notes from trainees and shows them on the script", () => {
    expect(renderToString(<Blocks blocks={blocks} flags={[]} />)).not.toContain("For the lead.");
    expect(renderToString(<Blocks blocks={blocks} notes />)).toContain("For the lead.");
  });

  it("shows <When> prose only when its flags hold, and marks the condition on the script", () => {
    expect(renderToString(<Blocks blocks={blocks} flags={[]} />)).not.toContain("Kind.");
    expect(renderToString(<Blocks blocks={blocks} flags={["kind"]} />)).toContain("Kind.");
    expect(renderToString(<Blocks blocks={blocks} />)).toContain("Only when “kind” is set:");
  });

  it("never renders a javascript: link", () => {
    expect(renderToString(<Blocks blocks={blocks} flags={[]} />)).toContain('<a href="#">x</a>');
  });
});

describe("ScoreChart", () => {
  it("has a text alternative with score, range and percentage", () => {
    const svg = renderToString(<ScoreChart name="Respect" raw={3} min={-2} max={8} percent={50} />);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-label="Respect: +3, in a possible range from −2 to +8: 50%."');
  });

  it("places nothing on the track of a principle the run did not test, and says so", () => {
    const svg = renderToString(<ScoreChart name="Safety" raw={1} min={0} max={1} percent={null} />);
    expect(svg).toContain('aria-label="Safety: +1, in a possible range from 0 to +1: not tested on this path."');
    expect(svg).toContain('class="score-chart untested"');
    expect(svg).not.toContain('class="marker"');
    expect(svg).not.toContain('class="fill"');
  });
});

describe("SiteStore", () => {
  it("falls back to memory, keeping what it could copy, when storage starts throwing", () => {
    const map = new Map<string, string>([["rehearse:run:a", "1"]]);
    let broken = false;
    const fake = {
      get length() {
        return map.size;
      },
      key: (i: number) => [...map.keys()][i] ?? null,
      getItem: (k: string) => map.get(k) ?? null,
      setItem(k: string, v: string) {
        if (broken) throw new DOMException("full", "QuotaExceededError");
        map.set(k, v);
      },
      removeItem: (k: string) => void map.delete(k),
    };
    const previous = Object.getOwnPropertyDescriptor(globalThis, "localStorage");
    Object.defineProperty(globalThis, "localStorage", { value: fake, configurable: true });
    try {
      const reasons: string[] = [];
      const store = new SiteStore((r) => reasons.push(r));
      expect(store.fallback).toBeUndefined();
      broken = true;
      store.setItem("rehearse:run:b", "2");
      expect(reasons).toEqual(["this browser's storage is full"]);
      expect(store.getItem("rehearse:run:a")).toBe("1");
      expect(store.getItem("rehearse:run:b")).toBe("2");
    } finally {
      if (previous) Object.defineProperty(globalThis, "localStorage", previous);
      else Reflect.deleteProperty(globalThis, "localStorage");
    }
  });

  it("starts in memory when storage cannot be used at all", () => {
    const previous = Object.getOwnPropertyDescriptor(globalThis, "localStorage");
    Object.defineProperty(globalThis, "localStorage", {
      get() {
        throw new DOMException("denied", "SecurityError");
      },
      configurable: true,
    });
    try {
      const store = new SiteStore();
      expect(store.fallback).toBe("this browser does not allow saving");
      store.setItem("rehearse:x", "1");
      expect(store.getItem("rehearse:x")).toBe("1");
    } finally {
      if (previous) Object.defineProperty(globalThis, "localStorage", previous);
      else Reflect.deleteProperty(globalThis, "localStorage");
    }
  });
});
