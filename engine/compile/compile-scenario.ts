import { SCENARIO_VOCABULARY } from "../check/context.ts";
import { controlCharacterDiagnostics } from "../check/rules/control-character.ts";
import { LOCAL_RULES, runRules } from "../check/run.ts";
import type { Diagnostic, Result } from "../diagnostics.ts";
import { hasErrors, neverThrows, sortDiagnostics } from "../diagnostics.ts";
import { contentHash } from "../hash.ts";
import type { Code, Ending, Scenario, Scene, Scores, Tone } from "../model.ts";
import type { StateSpace } from "../space.ts";
import { exploreSpace, rememberSpace } from "../space.ts";
import { choiceIds } from "./choice-id.ts";
import { ruleContext } from "./document.ts";
import type { Draft } from "./draft.ts";
import { readDraft } from "./draft.ts";
import { readFrontmatter, SCENARIO_FIELDS, toList } from "./frontmatter.ts";
import { literalKeys } from "./literal.ts";
import type { MdNode } from "./parse.ts";
import { LineIndex, parseMdx } from "./parse.ts";

/** `scenarios/what-stays.mdx` → `what-stays` */
export function scenarioIdOf(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.mdx?$/i, "");
}

/**
 * Compiles a scenario's MDX into plain data. It never runs anything from the
 * file, never throws, and reports every problem it finds; the value is there
 * only when no problem is an error. `diagnosticsOnly` (for `rehearse check`, which
 * prints nothing else) stops there: the same diagnostics, no value built.
 */
export function compileScenario(
  source: string,
  file: string,
  code?: Code,
  options: { readonly diagnosticsOnly?: boolean } = {},
): Result<Scenario> {
  return neverThrows(file, () => compileUnsafe(source, file, code, options.diagnosticsOnly === true));
}

function compileUnsafe(
  source: string,
  file: string,
  code: Code | undefined,
  diagnosticsOnly: boolean,
): Result<Scenario> {
  const parsed = parseMdx(source, file);
  if (!parsed.tree && !parsed.partial)
    return { diagnostics: sortDiagnostics([...parsed.diagnostics, ...controlCharacterDiagnostics(source, file)]) };
  const tree = (parsed.tree ?? parsed.partial) as MdNode;
  const lines = new LineIndex(source);
  const front = readFrontmatter(tree, SCENARIO_FIELDS);
  const draft = readDraft(tree);
  const firstScene = draft.nodes.find((n) => n.kind === "scene" && n.id !== undefined);
  const startField = typeof front.data.start === "string" ? front.data.start : undefined;
  const start =
    startField !== undefined
      ? { id: startField, position: front.positions.start ?? { line: 1, column: 1 }, fromFrontmatter: true }
      : firstScene?.id !== undefined
        ? { id: firstScene.id, position: firstScene.position, fromFrontmatter: false }
        : undefined;
  let space: StateSpace | undefined;
  const context = ruleContext(source, file, lines, tree, front, {
    vocabulary: SCENARIO_VOCABULARY,
    draft,
    ...(code ? { code } : {}),
    ...(start ? { start } : {}),
    space: () => {
      space ??= exploreSpace(draft.nodes, start?.id ?? "");
      return space;
    },
  });
  if (!parsed.tree) {
    // Some elements did not parse: their syntax errors, and what the single-element rules find in the rest.
    return { diagnostics: sortDiagnostics([...parsed.diagnostics, ...runRules(context, "scenario", LOCAL_RULES)]) };
  }
  const diagnostics: Diagnostic[] = sortDiagnostics(runRules(context, "scenario"));
  if (hasErrors(diagnostics) || !start || diagnosticsOnly) return { diagnostics };
  const data = front.data;
  const scenario: Scenario = {
    id: scenarioIdOf(file),
    file,
    hash: contentHash(source),
    title: String(data.title),
    summary: String(data.summary),
    audience: toList(data.audience),
    ...(typeof data.minutes === "number" ? { minutes: data.minutes } : {}),
    tags: toList(data.tags),
    ...(typeof data.contentNote === "string" ? { contentNote: data.contentNote } : {}),
    start: start.id,
    ...(data.shuffle === false ? { shuffle: false as const } : {}),
    scenes: scenesOf(draft),
    endings: endingsOf(draft),
    principles: principlesScored(draft, code),
  };
  if (space) rememberSpace(scenario, space);
  return { value: scenario, diagnostics };
}

// Optional fields are stored one by one in the order they always had (object spreads cost about ten times a store).
function scenesOf(draft: Draft): Scene[] {
  const scenes: Scene[] = [];
  for (const n of draft.nodes) {
    if (n.kind !== "scene") continue;
    const ids = choiceIds(n.choices);
    const scene = { kind: "scene", id: n.id ?? "" } as Writable<Scene>;
    if (n.title !== undefined) scene.title = n.title;
    if (n.order === "fixed") scene.order = "fixed";
    scene.body = n.body;
    if (n.reflect) scene.reflect = n.reflect;
    scene.position = n.position;
    scene.choices = n.choices.map((c, i) => ({
      id: ids[i] ?? "",
      index: c.index,
      to: c.to ?? "",
      scores: nonZero(c.scores),
      set: c.set,
      clear: c.clear,
      if: c.if,
      unless: c.unless,
      text: c.text,
      feedback: c.feedback ?? [],
      position: c.position,
    }));
    scenes.push(scene);
  }
  return scenes;
}

function endingsOf(draft: Draft): Ending[] {
  const endings: Ending[] = [];
  for (const n of draft.nodes) {
    if (n.kind !== "ending") continue;
    const ending = { kind: "ending", id: n.id ?? "" } as Writable<Ending>;
    if (n.title !== undefined) ending.title = n.title;
    if (n.tone !== undefined) ending.tone = n.tone as Tone;
    ending.body = n.body;
    if (n.reflect) ending.reflect = n.reflect;
    ending.position = n.position;
    endings.push(ending);
  }
  return endings;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function nonZero(scores: Readonly<Record<string, unknown>> | undefined): Scores {
  const out: Record<string, number> = {};
  if (scores === undefined) return out;
  for (const k of literalKeys(scores)) {
    const v = scores[k];
    if (typeof v === "number" && v !== 0) out[k] = v;
  }
  return out;
}

function principlesScored(draft: Draft, code: Code | undefined): string[] {
  const used = new Set<string>();
  for (const n of draft.nodes)
    for (const c of n.choices) {
      const scores = c.scores;
      if (scores === undefined) continue;
      for (const k of literalKeys(scores)) {
        const v = scores[k];
        if (typeof v === "number" && v !== 0) used.add(k);
      }
    }
  const order = code?.principles.map((p) => p.id) ?? [];
  return [...used].sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
}

const rank = (order: readonly string[], id: string) => {
  const i = order.indexOf(id);
  return i < 0 ? order.length : i;
};
