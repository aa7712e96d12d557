import type { Code, Scenario, Scores, Tone } from "./model.ts";
import { outline } from "./paths.ts";

/** The branching graph as text for Mermaid or Graphviz: scenes and endings as nodes, choices as edges. */
export type GraphFormat = "mermaid" | "dot";

const TONE_COLOURS: Readonly<Record<Tone, { fill: string; stroke: string }>> = {
  positive: { fill: "#d8f3dc", stroke: "#2d6a4f" },
  mixed: { fill: "#fff3bf", stroke: "#8a6d00" },
  negative: { fill: "#ffe3e3", stroke: "#b02a2a" },
};

/** The start scene and the nodes no run reaches: drawn apart, so an author sees where a run begins and what it never sees. */
const MARKS = {
  start: { fill: "#e7f5ff", stroke: "#1c7ed6" },
  unreachable: { fill: "#f1f3f5", stroke: "#868e96" },
} as const;

/** How a node reads in the graph: the start scene says so, an unreachable node says so. */
function nodeMarks(scenario: Scenario) {
  const unreachable = new Set(
    outline(scenario)
      .filter((n) => !n.reachable)
      .map((n) => n.id),
  );
  return {
    start: scenario.start,
    unreachable,
    label: (id: string, title: string | undefined) =>
      `${id === scenario.start ? "Start: " : ""}${title ?? id}${unreachable.has(id) ? " (unreachable)" : ""}`,
  };
}

/** Line breaks, control and invisible format characters become spaces: a label is one line of text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");

/**
 * Text inside a quoted Mermaid label or a `%%` comment: one line, and every
 * character Mermaid reads as syntax or markup written as an entity code
 * (`#34;`, `#35;`), so no label can end its string, start a statement or
 * hold a `%%{init}%%` directive.
 */
export function mermaidText(s: string): string {
  return oneLine(s).replace(/[#"<>&`|\\%]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** A quoted Graphviz string: one line, backslashes and quotes escaped (so `\N`, `\G`… are never label escapes). */
export function dotString(s: string): string {
  return `"${oneLine(s).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function deltaLabel(scores: Scores, code: Code | undefined): string {
  const name = (id: string) => code?.principles.find((p) => p.id === id)?.name ?? id;
  return Object.entries(scores)
    .map(([id, v]) => `${name(id)} ${v > 0 ? "+" : ""}${v}`)
    .join(", ");
}

function edges(scenario: Scenario, code: Code | undefined) {
  return scenario.scenes.flatMap((scene) =>
    scene.choices.map((choice) => {
      const conditions = [...choice.if.map((f) => `if ${f}`), ...choice.unless.map((f) => `unless ${f}`)];
      const scores = deltaLabel(choice.scores, code);
      const sets = choice.set.length ? `sets ${choice.set.join(", ")}` : "";
      const label = [`${choice.index + 1}`, scores, conditions.length ? `[${conditions.join(", ")}]` : "", sets]
        .filter(Boolean)
        .join(" · ");
      return { from: scene.id, to: choice.to, label };
    }),
  );
}

export function toMermaid(scenario: Scenario, code?: Code): string {
  const ids = new Map([...scenario.scenes, ...scenario.endings].map((n, i) => [n.id, `n${i}`] as const));
  const text = mermaidText;
  const marks = nodeMarks(scenario);
  const lines = [`%% ${text(scenario.title)}`, "flowchart TD"];
  const mark = (id: string, tone?: string) =>
    marks.unreachable.has(id) ? ":::unreachable" : id === marks.start ? ":::start" : tone ? `:::${tone}` : "";
  for (const scene of scenario.scenes)
    lines.push(`  ${ids.get(scene.id)}["${text(marks.label(scene.id, scene.title))}"]${mark(scene.id)}`);
  for (const ending of scenario.endings) {
    lines.push(
      `  ${ids.get(ending.id)}(["${text(marks.label(ending.id, ending.title))}"])${mark(ending.id, ending.tone)}`,
    );
  }
  for (const e of edges(scenario, code)) lines.push(`  ${ids.get(e.from)} -->|"${text(e.label)}"| ${ids.get(e.to)}`);
  for (const [name, c] of [...Object.entries(TONE_COLOURS), ...Object.entries(MARKS)])
    lines.push(`  classDef ${name} fill:${c.fill},stroke:${c.stroke}`);
  return `${lines.join("\n")}\n`;
}

export function toDot(scenario: Scenario, code?: Code): string {
  const q = dotString;
  const lines = [
    `digraph ${q(scenario.id)} {`,
    `  label=${q(scenario.title)};`,
    "  labelloc=t;",
    "  rankdir=TB;",
    '  node [shape=box, style="rounded", fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  const marks = nodeMarks(scenario);
  // The start scene has a double border; a node no run reaches is dashed and grey.
  const extra = (id: string) =>
    marks.unreachable.has(id)
      ? `, style="rounded,dashed", color=${q(MARKS.unreachable.stroke)}, fontcolor=${q(MARKS.unreachable.stroke)}`
      : id === marks.start
        ? `, peripheries=2, color=${q(MARKS.start.stroke)}`
        : "";
  for (const scene of scenario.scenes)
    lines.push(`  ${q(scene.id)} [label=${q(marks.label(scene.id, scene.title))}${extra(scene.id)}];`);
  for (const ending of scenario.endings) {
    const c = ending.tone ? TONE_COLOURS[ending.tone] : undefined;
    const style = marks.unreachable.has(ending.id)
      ? extra(ending.id)
      : c
        ? `, style="rounded,filled,bold", fillcolor=${q(c.fill)}, color=${q(c.stroke)}`
        : ', style="rounded,bold"';
    // `\n` inside the quotes is Graphviz's own line break in a label.
    const label = q(marks.label(ending.id, ending.title)).replace(/"$/, ending.tone ? `\\n(${ending.tone})"` : '"');
    lines.push(`  ${q(ending.id)} [label=${label}, shape=box${style}];`);
  }
  for (const e of edges(scenario, code)) lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(e.label)}];`);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
