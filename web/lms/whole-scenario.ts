import type { Scenario } from "../../engine/model.ts";

/**
 * The whole scenario from `scenario.json` (the player page carries the first
 * scene's prose only), for the words of every option in answered statements;
 * the page's copy when it cannot be had or is another version.
 */
export async function wholeScenario(href: unknown, fallback: Scenario): Promise<Scenario> {
  if (typeof href !== "string") return fallback;
  try {
    const whole = ((await (await fetch(href)).json()) as { scenario?: Scenario }).scenario;
    return whole?.id === fallback.id && whole.hash === fallback.hash ? whole : fallback;
  } catch {
    return fallback;
  }
}
