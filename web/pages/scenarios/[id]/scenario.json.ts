/**
 * The whole scenario for the player, as a static JSON file beside its page:
 * the page carries only the opening (see `openingOnly`), and the island
 * fetches this on the trainee's first interaction, or at once to resume a run.
 */
import type { APIRoute } from "astro";
import { forTrainee } from "../../../../engine/library.ts";
import type { PlayerScenario } from "../../../islands/Player.tsx";
import { type Entry, scenarioPaths } from "../../../lib/library.ts";

export const getStaticPaths = scenarioPaths;

export const GET: APIRoute<{ entry: Entry }> = ({ props }) => {
  const { scenario, analysis, map } = props.entry;
  const body: PlayerScenario = { scenario: forTrainee(scenario), analysis, map };
  return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json; charset=utf-8" } });
};
