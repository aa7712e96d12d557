import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../engine/record.ts";
import {
  type Assessment,
  assessmentOf,
  buildTrainingRecord,
  parseTrainingRecord,
  RECORD_LIMITS,
  TRAINING_RECORD_SCHEMA,
} from "../../engine/training-record.ts";

const run: RunRecord = {
  schema: "rehearse.run/2",
  scenario: "the-late-text",
  scenarioHash: "0123456789abcdef",
  seed: 42,
  startedAt: "2026-11-20T10:00:00.000Z",
  finishedAt: "2026-11-20T10:12:00.000Z",
  steps: [
    { scene: "start", choice: "listen:tell-me-more", to: "next", scores: { boundaries: 2 } },
    { scene: "next", choice: "refer", to: "end-good", scores: { safety: 3 } },
  ],
  ending: "end-good",
  scores: { boundaries: 2, safety: 3 },
  percent: { boundaries: 80, safety: 100 },
  reach: { boundaries: 4, safety: 3 },
  flags: ["told-coordinator"],
};

const before: Assessment = {
  when: "before",
  at: "2026-11-20T09:55:00.000Z",
  answers: { "confidentiality-limits": 2, "boundaries-1": 3 },
};
const after: Assessment = {
  when: "after",
  at: "2026-11-27T09:55:00.000Z",
  answers: { "confidentiality-limits": 4, "boundaries-1": 4 },
};

const build = (over: Partial<Parameters<typeof buildTrainingRecord>[0]> = {}) =>
  buildTrainingRecord({
    id: "3f2b8c1e-7d4a-4e1b-9a6c-0b5d2e8f1a3c",
    createdAt: "2026-11-27T10:00:00.000Z",
    code: { title: "Our code of ethics", hash: "fedcba9876543210" },
    assessments: [before, after],
    runs: [run],
    ...over,
  });

describe("buildTrainingRecord", () => {
  it("keeps choices and answers and leaves every score out", () => {
    const record = build({ pseudonym: "  River  " });
    expect(record.schema).toBe(TRAINING_RECORD_SCHEMA);
    expect(record.pseudonym).toBe("River");
    expect(record.assessments).toEqual([before, after]);
    expect(record.runs).toEqual([
      {
        scenario: "the-late-text",
        scenarioHash: "0123456789abcdef",
        seed: 42,
        startedAt: "2026-11-20T10:00:00.000Z",
        finishedAt: "2026-11-20T10:12:00.000Z",
        steps: [
          { scene: "start", choice: "listen:tell-me-more", to: "next" },
          { scene: "next", choice: "refer", to: "end-good" },
        ],
        ending: "end-good",
      },
    ]);
    const text = JSON.stringify(record);
    for (const word of ["scores", "percent", "reach", "flags", "told-coordinator"]) expect(text).not.toContain(word);
  });

  it("leaves an empty pseudonym out and cleans control characters from one", () => {
    expect("pseudonym" in build({ pseudonym: "   " })).toBe(false);
    expect("pseudonym" in build()).toBe(false);
    expect(build({ pseudonym: "Ri\u001b[31mver\u202e" }).pseudonym).toBe("Ri [31mver");
  });

  it("keeps one before and every after", () => {
    const second = { ...before, at: "2026-11-21T09:00:00.000Z" };
    expect(build({ assessments: [before, second, after] }).assessments).toEqual([before, after]);
  });

  it("round-trips through parseTrainingRecord, as text and as data", () => {
    const record = build({ pseudonym: "River" });
    expect(parseTrainingRecord(JSON.stringify(record))).toEqual({ ok: true, record });
    expect(parseTrainingRecord(record)).toEqual({ ok: true, record });
  });
});

describe("assessmentOf", () => {
  it("takes the before, and the latest after", () => {
    const later = { ...after, at: "2026-12-01T09:00:00.000Z", answers: { "boundaries-1": 5 as const } };
    expect(assessmentOf([later, before, after], "after")).toBe(later);
    expect(assessmentOf([later, before, after], "before")).toBe(before);
    expect(assessmentOf([before], "after")).toBeUndefined();
  });
});

describe("parseTrainingRecord on hostile input", () => {
  const valid = JSON.parse(JSON.stringify(build({ pseudonym: "River" })));
  const withField = (path: (string | number)[], value: unknown) => {
    const copy = JSON.parse(JSON.stringify(valid));
    let at = copy;
    for (const key of path.slice(0, -1)) at = at[key];
    at[path.at(-1) as string] = value;
    return copy;
  };
  const error = (input: unknown) => {
    const parsed = parseTrainingRecord(input);
    return parsed.ok ? "accepted" : parsed.error;
  };

  it("names what is wrong", () => {
    expect(error("{")).toMatch(/^not JSON/);
    expect(error("[]")).toBe("not a training record object");
    expect(error(null)).toBe("not a training record object");
    expect(error(withField(["schema"], "rehearse.record/9"))).toBe(
      'unknown schema "rehearse.record/9", expected "rehearse.record/1"',
    );
    expect(error({ ...run })).toMatch(/a single run record/);
    expect(error(withField(["id"], "../etc"))).toMatch(/`id` is not a record id/);
    expect(error(withField(["createdAt"], "yesterday"))).toBe("`createdAt` is not a date and time");
    expect(error(withField(["createdAt"], "2026-13-45T99:00:00Z"))).toBe("`createdAt` is not a date and time");
    expect(error(withField(["pseudonym"], "x".repeat(61)))).toMatch(/`pseudonym` is not 1–60 characters/);
    expect(error(withField(["pseudonym"], "\u001b]0;owned\u0007"))).toMatch(/`pseudonym`/);
    expect(error(withField(["pseudonym"], 7))).toMatch(/`pseudonym`/);
    expect(error(withField(["code"], "ours"))).toBe("`code` is not { title, hash }");
    expect(error(withField(["assessments", 0, "when"], "during"))).toBe(
      'assessment 1: `when` is not "before" or "after"',
    );
    expect(error(withField(["assessments", 1, "answers", "boundaries-1"], 6))).toBe(
      'assessment 2: the answer to "boundaries-1" is not 1, 2, 3, 4 or 5',
    );
    expect(error(withField(["assessments", 1, "answers", "boundaries-1"], 2.5))).toMatch(/not 1, 2, 3, 4 or 5/);
    expect(error(withField(["assessments", 1, "when"], "before"))).toBe('more than one "before" assessment');
    expect(error(withField(["runs", 0, "scenario"], "../../secrets"))).toBe("run 1: `scenario` is not a scenario id");
    expect(error(withField(["runs", 0, "seed"], -1))).toMatch(/^run 1: `seed`/);
    expect(error(withField(["runs", 0, "steps", 1], { scene: "next", choice: 3, to: "x" }))).toBe(
      "run 1: step 2 is not { scene, choice, to }",
    );
    expect(error(withField(["runs"], {}))).toBe("`runs` is not a list");
  });

  it("refuses prototype keys as statement ids and keeps no prototype pollution", () => {
    const text = JSON.stringify(valid).replace('"boundaries-1":3', '"__proto__":{"polluted":1}');
    expect(error(text)).toMatch(/"__proto__" is not a statement id/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses records too large to be real instead of reading them", () => {
    expect(error(" ".repeat(RECORD_LIMITS.chars + 1))).toMatch(/larger than 8 MiB/);
    expect(
      error(
        withField(
          ["runs"],
          Array.from({ length: RECORD_LIMITS.runs + 1 }, () => valid.runs[0]),
        ),
      ),
    ).toBe(`more than ${RECORD_LIMITS.runs} runs`);
    const answers = Object.fromEntries(Array.from({ length: RECORD_LIMITS.answers + 1 }, (_, i) => [`s-${i}`, 3]));
    expect(error(withField(["assessments", 0, "answers"], answers))).toMatch(/more than 300 answers/);
  });

  it("never throws, even on an object whose getters throw", () => {
    const trap = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
      },
    );
    expect(error(trap)).toMatch(/not a readable record \(trap\)/);
  });

  it("ignores fields it does not know, so the format can grow", () => {
    const grown = { ...valid, comment: "from a later version", runs: [{ ...valid.runs[0], extra: true }] };
    const parsed = parseTrainingRecord(grown);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.record).toEqual(valid);
  });

  it("drops scores a hand-edited record carries", () => {
    const edited = withField(["runs", 0, "scores"], { safety: 99 });
    const parsed = parseTrainingRecord(edited);
    expect(parsed.ok && JSON.stringify(parsed.record)).not.toContain("scores");
  });
});

describe("schemas/rehearse.record-1.schema.json", () => {
  // ajv is an independent reader of the shipped schema (a dependency of the dev tools, not of rehearse).
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(
    JSON.parse(readFileSync("schemas/rehearse.record-1.schema.json", "utf8")),
  );

  it("accepts what buildTrainingRecord writes, with and without a pseudonym", () => {
    for (const record of [build({ pseudonym: "River" }), build({ runs: [], assessments: [] })]) {
      expect(validate(JSON.parse(JSON.stringify(record))), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("refuses what parseTrainingRecord refuses", () => {
    const valid = JSON.parse(JSON.stringify(build()));
    for (const [path, value] of [
      [["schema"], "rehearse.record/2"],
      [["id"], "../x"],
      [["createdAt"], "yesterday"],
      [["pseudonym"], "\u001b]0;x\u0007"],
      [["assessments", 0, "answers", "boundaries-1"], 6],
      [["assessments", 0, "when"], "during"],
      [["runs", 0, "seed"], -1],
      [["runs", 0, "steps", 0, "choice"], 3],
    ] as const) {
      const copy = JSON.parse(JSON.stringify(valid));
      let at = copy;
      for (const key of path.slice(0, -1)) at = at[key];
      at[path.at(-1) as string] = value;
      expect(validate(copy), path.join(".")).toBe(false);
      expect(parseTrainingRecord(copy).ok, path.join(".")).toBe(false);
    }
  });
});
