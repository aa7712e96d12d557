/**
 * Generated scenarios for benchmarks: realistic size per scene (prose, a line
 * of dialogue, a note every few scenes, two or three scored choices with
 * feedback), forward-only links, and flags that are set, read and cleared.
 */
const PRINCIPLES = ["confidentiality", "respect", "commitment", "accountability", "boundaries", "power", "safety"];
const NAMES = ["Amara", "Tomasz", "Leila", "Kwame", "Ines", "Hiro", "Dana", "Marcus"];

export function generateScenario(scenes: number, seed = 1): string {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const out: string[] = [
    "---",
    `title: Generated scenario with ${scenes} scenes`,
    "summary: A generated scenario for benchmarks.",
    "audience: peer-support-group",
    `minutes: ${Math.ceil(scenes / 2)}`,
    "---",
    "",
  ];
  const target = (i: number, step: number) => (i + step < scenes ? `s${i + step}` : pick(["good", "fair", "poor"]));
  for (let i = 0; i < scenes; i++) {
    const name = pick(NAMES);
    const flag = `f${Math.floor(i / 10) % 4}`;
    const sets = i % 10 === 0 ? ` set="${flag}"` : "";
    const reads = i % 10 === 3;
    const score = () => {
      const a = pick(PRINCIPLES);
      const b = pick(PRINCIPLES.filter((p) => p !== a));
      return `scores={{ ${a}: ${1 + Math.floor(random() * 3)}, ${b}: ${-1 - Math.floor(random() * 2)} }}`;
    };
    out.push(`<Scene id="s${i}" title="Scene ${i}">`);
    out.push(`${name} pulls a chair into the circle and waits for the room to settle before speaking.`, "");
    if (reads) out.push(`<When if="${flag}">`, `${name} remembers what you said earlier.`, "</When>", "");
    out.push(`<Line who="${name}">I wasn't sure I would come tonight, but here I am.</Line>`, "");
    if (i % 3 === 0) out.push("<Note>Ask the room what they notice first.</Note>", "");
    out.push(
      `<Choice to="${target(i, 1)}" ${score()}${sets}>`,
      "Thank them for coming and ask what brought them.",
      "<Feedback>Opening the door keeps the choice with them.</Feedback>",
      "</Choice>",
    );
    if (reads) {
      out.push(
        `<Choice to="${target(i, 2)}" ${score()} if="${flag}" clear="${flag}">`,
        "Follow up on what you promised.",
        "<Feedback>Following through builds trust.</Feedback>",
        "</Choice>",
      );
      out.push(
        `<Choice to="${target(i, 2)}" ${score()} unless="${flag}">`,
        "Move the round on.",
        "<Feedback>Keeps time, costs warmth.</Feedback>",
        "</Choice>",
      );
    } else {
      out.push(
        `<Choice to="${target(i, 2)}" ${score()}>`,
        "Move the round on.",
        "<Feedback>Keeps time, costs warmth.</Feedback>",
        "</Choice>",
      );
    }
    out.push("</Scene>", "");
  }
  for (const [id, tone] of [
    ["good", "positive"],
    ["fair", "mixed"],
    ["poor", "negative"],
  ]) {
    out.push(`<Ending id="${id}" tone="${tone}">`, "The evening ends.", "</Ending>", "");
  }
  return out.join("\n");
}

/**
 * A small scenario that loops: from the hall a trainee can go round two rooms
 * for as long as they like (setting and clearing a flag on the way) before
 * leaving for an ending. Runs on it can be any length, so it measures what
 * grows with a run's length (restoring a long record).
 */
export function generateLoopingScenario(): string {
  return `---
title: Round the rooms
summary: A generated looping scenario for benchmarks.
---

<Scene id="hall" title="The hall">
The hall is quiet.

<Choice to="kitchen" set="kettle-on">Put the kettle on.<Feedback>Tea helps.</Feedback></Choice>
<Choice to="library">Look at the noticeboard.<Feedback>Nothing new.</Feedback></Choice>
<Choice to="done" scores={{ respect: 1 }}>Open the meeting.<Feedback>Everyone is here.</Feedback></Choice>
</Scene>

<Scene id="kitchen" title="The kitchen">
The kettle hums.

<Choice to="hall" clear="kettle-on">Go back to the hall.<Feedback>Back again.</Feedback></Choice>
<Choice to="library" if="kettle-on">Take the tea to the library.<Feedback>Careful.</Feedback></Choice>
</Scene>

<Scene id="library" title="The library">
Books everywhere.

<Choice to="hall">Return to the hall.<Feedback>Back again.</Feedback></Choice>
<Choice to="kitchen" unless="kettle-on">Go to the kitchen.<Feedback>Off you go.</Feedback></Choice>
</Scene>

<Ending id="done" title="The meeting opens" tone="positive">
The meeting begins.
</Ending>
`;
}
