/**
 * Where the first choice of every scene lands: a saved run that stops at each
 * reachable scene (found by playing the built scenario.json in the engine), resumed
 * in the browser, and the first choice's box measured against the viewport.
 */
import type { Page } from "playwright-core";
import type { Analysis } from "../../engine/analyze.ts";
import type { Scenario } from "../../engine/model.ts";
import type { RunRecord } from "../../engine/record.ts";
import { createSession } from "../../engine/session.ts";

/** The scenario ids the catalog links to. */
export async function libraryIds(base: string): Promise<string[]> {
  const html = await (await fetch(`${base}/`)).text();
  return [...new Set([...html.matchAll(/href="\/scenarios\/([^/"]+)\/"/g)].map((m) => m[1] as string))];
}

export type SceneStop = { readonly scene: string; readonly title: string; readonly record: RunRecord };

/** A run record stopping at each scene a run can reach after at least one choice (shortest path first). */
export async function sceneStops(base: string, id: string, seed = 7): Promise<SceneStop[]> {
  const { scenario, analysis } = (await (await fetch(`${base}/scenarios/${id}/scenario.json`)).json()) as {
    scenario: Scenario;
    analysis: Analysis;
  };
  const play = (path: readonly number[]) => {
    const session = createSession(scenario, { analysis, seed });
    for (const n of path) {
      session.choose(n);
      session.continue();
    }
    return session;
  };
  const stops: SceneStop[] = [];
  const seen = new Set<string>();
  const queue: number[][] = [[]];
  for (let head = 0; head < queue.length && head < 2000; head++) {
    const path = queue[head] as number[];
    const session = play(path);
    const view = session.view();
    if (view.phase !== "deciding" || view.node.kind !== "scene") continue;
    if (path.length > 0 && !seen.has(view.node.id)) {
      seen.add(view.node.id);
      stops.push({ scene: view.node.id, title: view.node.title ?? view.node.id, record: session.save() });
    }
    if (path.length === 0) seen.add(`start:${view.node.id}`);
    for (const { number } of view.choices) queue.push([...path, number]);
  }
  return stops;
}

export type Fold = {
  /** The viewport's height. */
  readonly height: number;
  /** Page offsets at scroll 0: where the scene starts (everything above it is chrome), and the first choice's box. */
  readonly sceneTop: number;
  readonly choiceTop: number;
  readonly choiceBottom: number;
  readonly scrollY: number;
};

/** Measures the scene on screen (after the player is ready with the whole scenario). */
export function measureFold(page: Page): Promise<Fold> {
  return page.evaluate(() => {
    const scene = document.querySelector(".scene") as HTMLElement;
    const choice = document.querySelector(".choices .choice") as HTMLElement;
    const s = scene.getBoundingClientRect();
    const c = choice.getBoundingClientRect();
    return {
      height: innerHeight,
      sceneTop: Math.round(s.top + scrollY),
      choiceTop: Math.round(c.top + scrollY),
      choiceBottom: Math.round(c.bottom + scrollY),
      scrollY: Math.round(scrollY),
    };
  });
}

/** Resumes a saved run at a scene and waits for that scene's choices. */
export async function openAt(page: Page, base: string, id: string, stop: SceneStop) {
  await page.evaluate(
    ([key, value]) => localStorage.setItem(key as string, value as string),
    [`rehearse:run:${id}`, JSON.stringify(stop.record)],
  );
  await page.goto(`${base}/scenarios/${id}/`);
  await page.locator(".player[data-ready][data-phase='deciding'] .choices .choice:not([disabled])").first().waitFor();
}
