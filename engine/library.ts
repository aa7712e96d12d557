/**
 * The catalog's rules: which principles each scenario scores, who it is for,
 * and which scenarios a filter keeps. Pure data in, plain data out.
 */
import type { Block, Code, Scenario } from "./model.ts";
import { own } from "./own.ts";
import type { SessionView } from "./session.ts";

export type CatalogFilter = { readonly principle?: string; readonly audience?: string };

/** The audiences named across the library, sorted. */
export function audiencesOf(scenarios: readonly Pick<Scenario, "audience">[]): string[] {
  return [...new Set(scenarios.flatMap((s) => s.audience))].sort();
}

/** Whether a scenario passes a filter (an empty filter keeps everything). */
export function matchesFilter(scenario: Pick<Scenario, "principles" | "audience">, filter: CatalogFilter): boolean {
  return (
    (!filter.principle || scenario.principles.includes(filter.principle)) &&
    (!filter.audience || scenario.audience.includes(filter.audience))
  );
}

export type CoverageRow = {
  readonly principle: string;
  readonly name: string;
  /** Scenario ids that score this principle. */
  readonly scenarios: readonly string[];
};

/** Principle × scenario coverage, in the code's order: which scenarios score each principle. */
export function coverageOf(
  code: Pick<Code, "principles">,
  scenarios: readonly Pick<Scenario, "id" | "principles">[],
): CoverageRow[] {
  return code.principles.map((p) => ({
    principle: p.id,
    name: p.name,
    scenarios: scenarios.filter((s) => s.principles.includes(p.id)).map((s) => s.id),
  }));
}

/** A readable name for an audience id: `peer-support-group` → `Peer support group`. */
export function audienceLabel(id: string): string {
  const words = id.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * What a trainee's browser receives: facilitator notes removed (they are for
 * the presenter, the script and the author) and source positions dropped.
 */
export function forTrainee(scenario: Scenario): Scenario {
  return {
    ...scenario,
    scenes: scenario.scenes.map(({ position: _, ...scene }) => ({
      ...scene,
      body: withoutNotes(scene.body),
      ...(scene.reflect ? { reflect: withoutNotes(scene.reflect) } : {}),
      choices: scene.choices.map(({ position: _p, ...choice }) => ({
        ...choice,
        text: withoutNotes(choice.text),
        feedback: withoutNotes(choice.feedback),
      })),
    })),
    endings: scenario.endings.map(({ position: _, ...ending }) => ({
      ...ending,
      body: withoutNotes(ending.body),
      ...(ending.reflect ? { reflect: withoutNotes(ending.reflect) } : {}),
    })),
  };
}

function withoutNotes(blocks: readonly Block[]): Block[] {
  return blocks
    .filter((b) => b.type !== "note")
    .map((b) =>
      b.type === "quote" || b.type === "when"
        ? { ...b, children: withoutNotes(b.children) }
        : b.type === "list"
          ? { ...b, items: b.items.map(withoutNotes) }
          : b,
    );
}

/**
 * A scenario's whole structure (scenes, choices, scores, flags, endings) with
 * only the first scene's prose: what a player page carries, so that it stays
 * small however long the scenario is. A session runs on it exactly as on the
 * whole scenario (same hash, same paths, same scores); the rest of the prose
 * is needed from the second scene on.
 */
export function openingOnly(scenario: Scenario): Scenario {
  return {
    ...scenario,
    scenes: scenario.scenes.map((scene) =>
      scene.id === scenario.start
        ? scene
        : {
            ...scene,
            body: [],
            ...(scene.reflect ? { reflect: [] } : {}),
            choices: scene.choices.map((choice) => ({ ...choice, text: [], feedback: [] })),
          },
    ),
    endings: scenario.endings.map((ending) => ({ ...ending, body: [], ...(ending.reflect ? { reflect: [] } : {}) })),
  };
}

/** Whether a view of a session on {@link openingOnly} shows only prose that the opening carries. */
export function withinOpening(start: string, view: SessionView): boolean {
  if (view.phase === "deciding") return view.node.id === start;
  if (view.phase === "feedback") return view.last?.scene.id === start;
  return false;
}

/**
 * What may become part of a web address on the site (`/scenarios/<id>/`,
 * `/filter/<principle>/<audience>/`): letters, digits, `-` and `_`, starting
 * with a letter or digit. Scene, ending and principle ids, scenario file
 * names, audiences and tags all follow it; `check` and the build share it.
 */
export function isUrlName(value: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(value);
}

/** Names the site's filter routes use for "every principle" and "everyone". */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(["all"]);

/** Schemes a link or image may use as written; anything else (javascript:, data:, vbscript:, …) is unsafe. */
const SAFE_SCHEMES = new Set(["http", "https", "mailto"]);

/**
 * The scheme of an address as a browser reads it: browsers drop tabs and
 * newlines anywhere in a URL and trim control characters and spaces
 * (`java\tscript:`, `  javascript:`); invisible format characters are dropped
 * too. Undefined for a relative address.
 */
function schemeAsRead(url: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const normal = url.replace(/[\u0000-\u0020\u007f-\u00a0\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]/g, "");
  return /^([a-z][a-z0-9+.-]*):/i.exec(normal)?.[1]?.toLowerCase();
}

/**
 * The scheme `check` judges a link by: as a browser reads it, after decoding
 * what a parser or a second pass might (`&#9;`, `&Tab;`, `&colon;`, `&amp;#9;`,
 * `%09`), so that no spelling of `javascript:` passes. Undefined for a relative address.
 */
export function urlScheme(url: string): string | undefined {
  let text = url;
  for (let round = 0; round < 2; round++) text = decodeReferences(text);
  return schemeAsRead(text);
}

const NAMED: Readonly<Record<string, string>> = { tab: "\t", newline: "\n", colon: ":", amp: "&", nbsp: " " };

function decodeReferences(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#([0-9]+);?/g, (_, dec: string) => fromCodePoint(Number.parseInt(dec, 10)))
    .replace(/&([a-z]+);/gi, (whole, name: string) => own(NAMED, name.toLowerCase()) ?? whole)
    .replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

const fromCodePoint = (n: number) => (Number.isInteger(n) && n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : "");

/** Whether `check` accepts a link or image address: relative, or http(s) or mailto, however it is spelt. */
export function isSafeUrl(url: string): boolean {
  const scheme = urlScheme(url);
  return scheme === undefined || SAFE_SCHEMES.has(scheme);
}

/**
 * The address to render: as written when a browser would read it as relative,
 * http(s) or mailto, else an inert `#`. (`check` rejects unsafe addresses
 * before a build; this is the players' own guard, small enough for the page.)
 */
export function safeUrl(url: string): string {
  const scheme = schemeAsRead(url);
  return scheme === undefined || SAFE_SCHEMES.has(scheme) ? url : "#";
}
