/**
 * The scenario model: plain, JSON-serialisable data that both players render.
 * Nothing here holds functions, classes or cycles, so a compiled scenario can
 * be written to JSON at build time and read back in a browser unchanged.
 */

/** A 1-based place in a source file. */
export type Position = {
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
};

/** Inline rich text: the portable subset of Markdown both players render. */
export type Inline =
  | { readonly type: "text"; readonly value: string }
  | { readonly type: "emphasis"; readonly children: readonly Inline[] }
  | { readonly type: "strong"; readonly children: readonly Inline[] }
  | { readonly type: "code"; readonly value: string }
  | { readonly type: "link"; readonly url: string; readonly children: readonly Inline[] }
  | { readonly type: "image"; readonly url: string; readonly alt: string }
  | { readonly type: "break" };

/** Block rich text: paragraphs, lists, quotes, tables, dialogue, notes and conditional prose. */
export type Block =
  | { readonly type: "paragraph"; readonly children: readonly Inline[] }
  | { readonly type: "heading"; readonly depth: number; readonly children: readonly Inline[] }
  | { readonly type: "list"; readonly ordered: boolean; readonly items: readonly (readonly Block[])[] }
  | { readonly type: "quote"; readonly children: readonly Block[] }
  | { readonly type: "rule" }
  /** A GFM table: the first row is the header; each cell is inline text. */
  | {
      readonly type: "table";
      readonly align: readonly ("left" | "right" | "center" | null)[];
      readonly rows: readonly (readonly (readonly Inline[])[])[];
    }
  /** A line of dialogue: `<Line who="Dana">…</Line>`. */
  | { readonly type: "line"; readonly who: string; readonly children: readonly Inline[] }
  /** A facilitator note: hidden from trainees. */
  | { readonly type: "note"; readonly children: readonly Block[] }
  /** Prose shown only when the flags hold: `<When if unless>`. */
  | {
      readonly type: "when";
      readonly if: readonly string[];
      readonly unless: readonly string[];
      readonly children: readonly Block[];
    };

/** Integer score change per principle id, each in −3..+3. */
export type Scores = Readonly<Record<string, number>>;

export type Choice = {
  /**
   * The choice's stable name within its scene: the author's `id`, else one the
   * compiler makes from its target and a slug of its text (`redirect:thats-marcuss-story`).
   * Run records name choices by it, so they survive shuffling and reordering.
   */
  readonly id: string;
  /** 0-based position among all of the scene's choices (not only the available ones). */
  readonly index: number;
  readonly to: string;
  readonly scores: Scores;
  readonly set: readonly string[];
  readonly clear: readonly string[];
  readonly if: readonly string[];
  readonly unless: readonly string[];
  readonly text: readonly Block[];
  /** The `<Feedback>` content; empty when the author gave none. */
  readonly feedback: readonly Block[];
  /** Where it stands in the source; absent in the copy a trainee's browser receives. */
  readonly position?: Position;
};

export type Scene = {
  readonly kind: "scene";
  readonly id: string;
  readonly title?: string;
  readonly body: readonly Block[];
  readonly choices: readonly Choice[];
  /** `fixed`: the options are always shown in the author's order (`<Scene order="fixed">`, e.g. a scale). */
  readonly order?: "fixed";
  /** The `<Reflect>` question: shown to the trainee after their choice here, with the feedback. Absent when none. */
  readonly reflect?: readonly Block[];
  /** Where it stands in the source; absent in the copy a trainee's browser receives. */
  readonly position?: Position;
};

export type Tone = "positive" | "mixed" | "negative";

export type Ending = {
  readonly kind: "ending";
  readonly id: string;
  readonly title?: string;
  readonly tone?: Tone;
  readonly body: readonly Block[];
  /** The `<Reflect>` question: shown to the trainee in the debrief of a run that ends here. Absent when none. */
  readonly reflect?: readonly Block[];
  /** Where it stands in the source; absent in the copy a trainee's browser receives. */
  readonly position?: Position;
};

export type Scenario = {
  /** The file name without `.mdx`. */
  readonly id: string;
  readonly file: string;
  /** A hash of the source text: saved runs carry it to notice edits. */
  readonly hash: string;
  readonly title: string;
  readonly summary: string;
  readonly audience: readonly string[];
  readonly minutes?: number;
  readonly tags: readonly string[];
  readonly contentNote?: string;
  readonly start: string;
  /** False when the frontmatter says `shuffle: false`: every scene shows its options in the author's order. */
  readonly shuffle?: false;
  readonly scenes: readonly Scene[];
  readonly endings: readonly Ending[];
  /** Principle ids this scenario scores, in the code's order. */
  readonly principles: readonly string[];
};

export type Principle = {
  readonly id: string;
  readonly name: string;
  readonly summary: string;
  readonly body: readonly Block[];
  /**
   * The self-assessment statements (`<Statement>`, one to three), answered on a
   * five-point scale before and after training. Ids are unique across the code.
   */
  readonly statements: readonly Statement[];
  /** Where it stands in the source; absent in the copy a trainee's browser receives. */
  readonly position?: Position;
};

/** A self-assessment statement: "I know where our confidentiality ends and how to say so before someone shares." */
export type Statement = {
  /** Lowercase letters, digits and `-`: the given id, else `<principle>-<n>`. Training records name answers by it. */
  readonly id: string;
  readonly text: string;
};

/** The code of ethics (`scenarios/code.mdx`). */
export type Code = {
  readonly file: string;
  readonly hash: string;
  readonly title: string;
  readonly intro: readonly Block[];
  readonly principles: readonly Principle[];
};

/**
 * The group's support contacts (`scenarios/support.mdx`): who to call in an
 * emergency, in a crisis, and after a hard session. Linked from every content note.
 */
export type Support = {
  readonly file: string;
  readonly hash: string;
  readonly title: string;
  readonly intro: readonly Block[];
  readonly contacts: readonly Contact[];
  /** Placeholders still in the text (`[your local emergency number]`): the group has not filled these in yet. */
  readonly placeholders: readonly string[];
};

/** One line of support: `<Contact id="crisis" name="In a crisis" reach="…">what it is for</Contact>`. */
export type Contact = {
  readonly id: string;
  /** When to use it: "In an emergency". */
  readonly name: string;
  /** How to reach it: a number, an address, a name; as the group wrote it. */
  readonly reach: string;
  /** What the line is for, and what happens when you call. */
  readonly body: readonly Block[];
};

/** A scene or an ending: anything a choice can lead to. */
export type Node = Scene | Ending;
