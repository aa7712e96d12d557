/**
 * The scenario map: a layered layout of scenes and endings computed once at
 * build time, drawn as a static SVG. Pure data in, plain data out.
 */
import type { Scenario, Tone } from "./model.ts";

export type MapNode = {
  readonly id: string;
  readonly kind: "scene" | "ending";
  readonly label: string;
  /** The label wrapped to fit the box (at most {@link MAP_LABEL_LINES} lines, the last cut with "…" when it does not fit). */
  readonly lines: readonly string[];
  readonly tone?: Tone;
  /** Centre of the node's box. */
  readonly x: number;
  readonly y: number;
  readonly layer: number;
};

export type MapEdge = {
  readonly from: string;
  readonly to: string;
  readonly points: readonly (readonly [number, number])[];
};

export type ScenarioMap = {
  readonly width: number;
  readonly height: number;
  readonly nodeWidth: number;
  readonly nodeHeight: number;
  readonly nodes: readonly MapNode[];
  readonly edges: readonly MapEdge[];
};

export const MAP_NODE_WIDTH = 172;
export const MAP_NODE_HEIGHT = 58;
/** Label lines per box and characters per line: the box fits 3 lines of 20 characters at 12.5px, bold (inset 8px each side). */
export const MAP_LABEL_LINES = 3;
export const MAP_LABEL_CHARS = 20;
const GAP_X = 30;
const GAP_Y = 56;
const PAD = 12;

/**
 * Layers by shortest distance from the start (breadth first), orders each
 * layer by the average place of its parents (a barycentre pass), and routes
 * every edge as a straight segment between box edges. Nodes no run reaches go
 * in a last layer so the author still sees them.
 */
export function layoutScenario(scenario: Scenario): ScenarioMap {
  const ids = [...scenario.scenes.map((s) => s.id), ...scenario.endings.map((e) => e.id)];
  const known = new Set(ids);
  const targets = new Map<string, string[]>();
  for (const scene of scenario.scenes) targets.set(scene.id, [...new Set(scene.choices.map((c) => c.to))]);
  const layerOf = new Map<string, number>([[scenario.start, 0]]);
  // Breadth first, with a read index instead of shift(): linear in scenes and choices.
  const queue = [scenario.start];
  let deepest = 0;
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as string;
    const layer = (layerOf.get(id) ?? 0) + 1;
    for (const to of targets.get(id) ?? []) {
      if (!layerOf.has(to) && known.has(to)) {
        layerOf.set(to, layer);
        if (layer > deepest) deepest = layer;
        queue.push(to);
      }
    }
  }
  for (const id of ids) if (!layerOf.has(id)) layerOf.set(id, deepest + 1);
  const layers: string[][] = [];
  for (const id of ids) {
    const l = layerOf.get(id) ?? 0;
    const layer = layers[l] ?? [];
    layer.push(id);
    layers[l] = layer;
  }
  const parents = new Map<string, string[]>();
  for (const [from, tos] of targets)
    for (const to of tos) {
      const list = parents.get(to);
      if (list) list.push(from);
      else parents.set(to, [from]);
    }
  const order = new Map<string, number>();
  layers.forEach((layer, l) => {
    if (l > 0) {
      const weight = (id: string) => {
        const ps = (parents.get(id) ?? []).filter((p) => (layerOf.get(p) ?? 0) < l && order.has(p));
        return ps.length ? ps.reduce((sum, p) => sum + (order.get(p) ?? 0), 0) / ps.length : Number.POSITIVE_INFINITY;
      };
      const weights = new Map(layer.map((id, i) => [id, [weight(id), i] as const]));
      layer.sort((a, b) => {
        const [wa, ia] = weights.get(a) ?? [0, 0];
        const [wb, ib] = weights.get(b) ?? [0, 0];
        return wa === wb ? ia - ib : wa < wb ? -1 : 1;
      });
    }
    layer.forEach((id, i) => {
      order.set(id, i - (layer.length - 1) / 2);
    });
  });
  // A loop, not Math.max(...spread): a 100,000-layer chain would overflow the argument list.
  let widest = 1;
  for (const layer of layers) if (layer && layer.length > widest) widest = layer.length;
  const width = widest * MAP_NODE_WIDTH + (widest - 1) * GAP_X + 2 * PAD;
  const height = layers.length * MAP_NODE_HEIGHT + (layers.length - 1) * GAP_Y + 2 * PAD;
  const nodes: MapNode[] = [];
  const at = new Map<string, MapNode>();
  for (const scene of scenario.scenes) {
    const node = place(scene.id, "scene", scene.title ?? scene.id, undefined);
    nodes.push(node);
  }
  for (const ending of scenario.endings) nodes.push(place(ending.id, "ending", ending.title ?? ending.id, ending.tone));
  function place(id: string, kind: "scene" | "ending", label: string, tone: Tone | undefined): MapNode {
    const layer = layerOf.get(id) ?? 0;
    const node: MapNode = {
      id,
      kind,
      label,
      lines: wrapLabel(label),
      ...(tone ? { tone } : {}),
      x: round(width / 2 + (order.get(id) ?? 0) * (MAP_NODE_WIDTH + GAP_X)),
      y: round(PAD + MAP_NODE_HEIGHT / 2 + layer * (MAP_NODE_HEIGHT + GAP_Y)),
      layer,
    };
    at.set(id, node);
    return node;
  }
  // Edges leaving one box, or arriving at one, are spread along its edge (ordered by the other end's place),
  // so no two arrowheads meet at one point.
  const pairs: [MapNode, MapNode][] = [];
  for (const [from, tos] of targets) {
    const a = at.get(from);
    for (const to of tos) {
      const b = at.get(to);
      if (a && b) pairs.push([a, b]);
    }
  }
  const outs = new Map<string, MapNode[]>();
  const ins = new Map<string, MapNode[]>();
  // Edges arriving at a box's side (back edges and edges within a layer), spread down that side.
  const sideIns = new Map<string, MapNode[]>();
  for (const [a, b] of pairs) {
    if (b.layer <= a.layer) sideIns.set(b.id, [...(sideIns.get(b.id) ?? []), a]);
    else {
      outs.set(a.id, [...(outs.get(a.id) ?? []), b]);
      ins.set(b.id, [...(ins.get(b.id) ?? []), a]);
    }
  }
  const byX = (x: MapNode, y: MapNode) => x.x - y.x || x.y - y.y;
  for (const list of [...outs.values(), ...ins.values(), ...sideIns.values()]) list.sort(byX);
  const slot = (list: readonly MapNode[] | undefined, other: MapNode, span: number) => {
    const n = list?.length ?? 1;
    const i = list?.indexOf(other) ?? 0;
    return n <= 1 ? 0 : ((i / (n - 1)) * 2 - 1) * span * 0.3;
  };
  const edges: MapEdge[] = pairs.map(([a, b]) => ({
    from: a.id,
    to: b.id,
    points:
      b.layer > a.layer
        ? route(a, b, slot(outs.get(a.id), b, MAP_NODE_WIDTH), slot(ins.get(b.id), a, MAP_NODE_WIDTH))
        : route(a, b, 0, slot(sideIns.get(b.id), a, MAP_NODE_HEIGHT)),
  }));
  return { width, height, nodeWidth: MAP_NODE_WIDTH, nodeHeight: MAP_NODE_HEIGHT, nodes, edges };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** How far an arrow stops short of the box it points at, so its head never covers the border. */
const ARROW_GAP = 3;

function route(a: MapNode, b: MapNode, out = 0, into = 0): [number, number][] {
  const h = MAP_NODE_HEIGHT / 2;
  if (b.layer > a.layer)
    return [
      [round(a.x + out), round(a.y + h)],
      [round(b.x + into), round(b.y - h - ARROW_GAP)],
    ];
  if (b.layer === a.layer) {
    const dir = b.x > a.x ? 1 : -1;
    return [
      [round(a.x + (dir * MAP_NODE_WIDTH) / 2), a.y],
      [round(b.x - dir * (MAP_NODE_WIDTH / 2 + ARROW_GAP)), round(b.y + into)],
    ];
  }
  // Back edges leave from the side and curve round: three points, drawn as a polyline.
  const side = round(Math.max(a.x, b.x) + MAP_NODE_WIDTH / 2 + GAP_X / 2);
  return [
    [round(a.x + MAP_NODE_WIDTH / 2), a.y],
    [side, round((a.y + b.y) / 2)],
    [round(b.x + MAP_NODE_WIDTH / 2 + ARROW_GAP), round(b.y + into)],
  ];
}

/**
 * Wraps a label at spaces into lines of at most {@link MAP_LABEL_CHARS} characters (a longer word is cut),
 * at most {@link MAP_LABEL_LINES} of them; what does not fit ends the last line with "…".
 */
export function wrapLabel(label: string): string[] {
  const lines: string[] = [];
  let line = "";
  const words = label.trim().split(/\s+/);
  for (let i = 0; i < words.length; i++) {
    let word = words[i] as string;
    while (word.length > MAP_LABEL_CHARS) {
      if (line) lines.push(line);
      lines.push(word.slice(0, MAP_LABEL_CHARS));
      word = word.slice(MAP_LABEL_CHARS);
      line = "";
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= MAP_LABEL_CHARS) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
    if (lines.length >= MAP_LABEL_LINES) break;
  }
  if (line && lines.length < MAP_LABEL_LINES) lines.push(line);
  if (lines.join(" ").replace(/\s+/g, " ").length < label.trim().replace(/\s+/g, " ").length) {
    const kept = lines.slice(0, MAP_LABEL_LINES);
    const last = kept[kept.length - 1] ?? "";
    kept[kept.length - 1] = `${last.length >= MAP_LABEL_CHARS ? last.slice(0, MAP_LABEL_CHARS - 1).trimEnd() : last}…`;
    return kept;
  }
  return lines;
}

/** The node ids and edges a run passed through, for highlighting its path on the map. */
export function pathOf(start: string, steps: readonly { readonly scene: string; readonly to: string }[]) {
  const nodes = new Set<string>([start]);
  const edges = new Set<string>();
  for (const step of steps) {
    nodes.add(step.to);
    edges.add(`${step.scene}→${step.to}`);
  }
  return { nodes, edges };
}
