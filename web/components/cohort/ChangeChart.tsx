/**
 * The mean self-assessment per principle before and after, on the 1–5 scale:
 * an open circle at the mean before, a filled one at the mean after, a line
 * between them; the change, its effect size and n beside it. Drawn as SVG by
 * the site; every row's accessible name says the same in words.
 */
import type { PrincipleCohort } from "../../../engine/cohort.ts";
import { fewerThan } from "./StackedBar.tsx";

type Props = { readonly principles: readonly PrincipleCohort[]; readonly minimumGroup: number };

const H = 26;
/** The scale's ends, in % of the width: room for a marker's radius at either end. */
const X0 = 3;
const X1 = 97;
const at = (mean: number) => `${Math.round((X0 + ((mean - 1) / 4) * (X1 - X0)) * 100) / 100}%`;
export const one = (n: number) => (Math.round(n * 10) / 10).toFixed(1);
export const signedOne = (n: number) => (n > 0 ? `+${one(n)}` : n < 0 ? `−${one(-n)}` : "0.0");
export const effect = (dz: number | null) => (dz === null ? "not computable" : (Math.round(dz * 100) / 100).toFixed(2));

export function ChangeChart({ principles, minimumGroup }: Props) {
  return (
    <div class="change-chart">
      {principles.map((p) => {
        const c = p.change;
        if (c.suppressed)
          return (
            <div key={p.id} class="bar-row suppressed">
              <span class="bar-label">{p.name}</span>
              <svg
                class="bar"
                width="100%"
                height={H}
                role="img"
                aria-label={`${p.name}: ${fewerThan(minimumGroup)} trainees answered before and after`}
              >
                <rect class="bar-empty" x="0.5" y="0.5" width="99%" height={H - 1} rx="3" />
                <text class="bar-empty-text" x="50%" y={H / 2 + 4} text-anchor="middle">
                  {fewerThan(minimumGroup)}
                </text>
              </svg>
              <span class="bar-note" />
            </div>
          );
        const note = `${signedOne(c.mean)} (d_z ${effect(c.dz)}, n ${c.n})`;
        const left = Math.min(c.before, c.after);
        const right = Math.max(c.before, c.after);
        return (
          <div key={p.id} class="bar-row">
            <span class="bar-label">{p.name}</span>
            <svg
              class="bar change"
              width="100%"
              height={H}
              role="img"
              aria-label={`${p.name}: mean ${one(c.before)} before, ${one(c.after)} after, a change of ${signedOne(c.mean)}; effect size d_z ${effect(c.dz)}; ${c.n} trainees`}
            >
              {[1, 2, 3, 4, 5].map((v) => (
                <line key={v} class="grid" x1={at(v)} x2={at(v)} y1="2" y2={H - 2} />
              ))}
              <line class="span" x1={at(left)} x2={at(right)} y1={H / 2} y2={H / 2} />
              <circle class="before" cx={at(c.before)} cy={H / 2} r="6" />
              <circle class="after" cx={at(c.after)} cy={H / 2} r="6" />
            </svg>
            <span class="bar-note">{note}</span>
          </div>
        );
      })}
      <div class="bar-row axis-row" aria-hidden="true">
        <span class="bar-label" />
        <svg class="bar" width="100%" height="18" aria-hidden="true">
          {[1, 2, 3, 4, 5].map((v) => (
            <text key={v} class="axis" x={at(v)} y="13" text-anchor="middle">
              {v}
            </text>
          ))}
        </svg>
        <span class="bar-note" />
      </div>
      <ul class="legend" aria-label="Key">
        <li>
          <svg width="14" height="14" aria-hidden="true">
            <circle class="before" cx="7" cy="7" r="5" />
          </svg>
          mean before
        </li>
        <li>
          <svg width="14" height="14" aria-hidden="true">
            <circle class="after" cx="7" cy="7" r="5" />
          </svg>
          mean after
        </li>
        <li>1 strongly disagree … 5 strongly agree</li>
      </ul>
    </div>
  );
}
