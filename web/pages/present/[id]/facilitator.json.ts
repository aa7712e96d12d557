/**
 * The whole scenario for the speaker view, facilitator notes included: a
 * static file beside the present pages, never linked from the trainee's
 * player (whose copy, `scenario.json`, has the notes taken out).
 */
import type { APIRoute } from "astro";
import type { FacilitatorData } from "../../../islands/present/Speaker.tsx";
import { type Entry, scenarioPaths } from "../../../lib/library.ts";

export const getStaticPaths = scenarioPaths;

export const GET: APIRoute<{ entry: Entry; names: Record<string, string> }> = ({ props }) => {
  const { scenario, analysis } = props.entry;
  const body: FacilitatorData = { scenario, analysis, names: props.names };
  return new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json; charset=utf-8" } });
};
