/** The change a choice made, per principle: “Confidentiality +2”. Signs and words, never colour alone. */
import type { Scores } from "../../engine/model.ts";

type Props = {
  readonly scores: Scores;
  readonly names: Readonly<Record<string, string>>;
  /** The list's accessible name. @default "Change per principle" */
  readonly label?: string;
};

export const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0");

export function Delta({ scores, names, label = "Change per principle" }: Props) {
  const entries = Object.entries(scores).filter(([, v]) => v !== 0);
  if (entries.length === 0) return <p class="delta-none">This choice did not change any score.</p>;
  return (
    <ul class="delta" aria-label={label}>
      {entries.map(([id, v]) => (
        <li key={id} class={v > 0 ? "up" : "down"}>
          <span class="delta-name">{names[id] ?? id}</span> <span class="delta-value">{signed(v)}</span>
        </li>
      ))}
    </ul>
  );
}
