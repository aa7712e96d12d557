/**
 * The scenario map (layout from engine/layout.ts, computed at build time), with a run's path drawn heavier.
 * Labels are wrapped to their boxes at build time; a cut label keeps its full name as the box's title.
 * Drawn at its own size (scaled down only when wider than the frame) so its text stays legible.
 */
import type { ScenarioMap } from "../../engine/layout.ts";

type Props = {
  readonly map: ScenarioMap;
  /** Node ids and `from→to` edges the run passed through. */
  readonly path?: { readonly nodes: ReadonlySet<string>; readonly edges: ReadonlySet<string> };
  readonly label: string;
};

const LINE = 15;

export function ScenarioMapSvg({ map, path, label }: Props) {
  const w = map.nodeWidth;
  const h = map.nodeHeight;
  return (
    <svg
      class="scenario-map"
      viewBox={`0 0 ${map.width} ${map.height}`}
      width={map.width}
      height={map.height}
      role="img"
      aria-label={label}
      focusable="false"
    >
      <defs>
        {/* userSpaceOnUse: the arrowheads keep their size whatever the line's width. */}
        {(["arrow", "arrow-taken"] as const).map((id) => (
          <marker
            key={id}
            id={id}
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerUnits="userSpaceOnUse"
            markerWidth="10"
            markerHeight="10"
            orient="auto-start-reverse"
          >
            <path d="M0 0 L10 5 L0 10 z" class={id === "arrow" ? "arrowhead" : "arrowhead taken"} />
          </marker>
        ))}
      </defs>
      {map.edges.map((e) => {
        const taken = path?.edges.has(`${e.from}→${e.to}`);
        return (
          <polyline
            key={`${e.from}→${e.to}`}
            class={taken ? "edge taken" : "edge"}
            points={e.points.map((p) => p.join(",")).join(" ")}
            marker-end={taken ? "url(#arrow-taken)" : "url(#arrow)"}
          />
        );
      })}
      {map.nodes.map((n) => {
        const on = path?.nodes.has(n.id);
        // Records built before labels were wrapped have no lines.
        const lines = n.lines ?? [n.label];
        const cut = lines.join(" ") !== n.label;
        const top = n.y - ((lines.length - 1) * LINE) / 2 + 4.5;
        return (
          <g key={n.id} class={`node ${n.kind}${n.tone ? ` ${n.tone}` : ""}${on ? " visited" : ""}`}>
            {cut && <title>{n.label}</title>}
            <rect x={n.x - w / 2} y={n.y - h / 2} width={w} height={h} rx={n.kind === "ending" ? 18 : 6} />
            <text x={n.x} y={top} text-anchor="middle">
              {lines.map((line, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a label's lines never move
                <tspan key={i} x={n.x} dy={i === 0 ? 0 : LINE}>
                  {line}
                </tspan>
              ))}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
