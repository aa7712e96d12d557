/** The scenario map (layout from engine/layout.ts, computed at build time), with a run's path drawn heavier. */
import type { ScenarioMap } from "../../engine/layout.ts";

type Props = {
  readonly map: ScenarioMap;
  /** Node ids and `from→to` edges the run passed through. */
  readonly path?: { readonly nodes: ReadonlySet<string>; readonly edges: ReadonlySet<string> };
  readonly label: string;
};

export function ScenarioMapSvg({ map, path, label }: Props) {
  const w = map.nodeWidth;
  const h = map.nodeHeight;
  return (
    <svg
      class="scenario-map"
      viewBox={`0 0 ${map.width} ${map.height}`}
      role="img"
      aria-label={label}
      focusable="false"
    >
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0 0 L10 5 L0 10 z" class="arrowhead" />
        </marker>
      </defs>
      {map.edges.map((e) => (
        <polyline
          key={`${e.from}→${e.to}`}
          class={path?.edges.has(`${e.from}→${e.to}`) ? "edge taken" : "edge"}
          points={e.points.map((p) => p.join(",")).join(" ")}
          marker-end="url(#arrow)"
        />
      ))}
      {map.nodes.map((n) => {
        const on = path?.nodes.has(n.id);
        return (
          <g key={n.id} class={`node ${n.kind}${n.tone ? ` ${n.tone}` : ""}${on ? " visited" : ""}`}>
            <rect x={n.x - w / 2} y={n.y - h / 2} width={w} height={h} rx={n.kind === "ending" ? h / 2 : 6} />
            <text x={n.x} y={n.y + 5} text-anchor="middle">
              {(on ? "✓ " : "") + short(n.label)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

const short = (s: string) => (s.length > 22 ? `${s.slice(0, 21)}…` : s);
