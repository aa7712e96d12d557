/** The self-assessment (/assess/): the code's statements on a five-point scale, "before" first, then "after" whenever the trainee chooses. */
import { useEffect, useRef, useState } from "preact/hooks";
import { readFinished } from "../../engine/archive.ts";
import {
  ANSWER_LABELS,
  ANSWERS,
  type AssessedPrinciple,
  assessmentDue,
  type Due,
  readAssessments,
  saveAssessment,
} from "../../engine/assessment.ts";
import { repairOutcome } from "../../engine/progress.ts";
import type { Answer } from "../../engine/training-record.ts";
import { memoryNotice, SiteStore } from "../lib/storage.ts";

type Props = { readonly principles: readonly AssessedPrinciple[] };

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: "long" });

export default function Assess({ principles }: Props) {
  const store = useRef<SiteStore | null>(null);
  const [due, setDue] = useState<Due | null>(null);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [messages, setMessages] = useState<string[]>([]);
  const [saved, setSaved] = useState<"before" | "after" | null>(null);
  const say = (text: string) => setMessages((m) => [...m, text]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, on mount
  useEffect(() => {
    const s = new SiteStore((reason) => say(memoryNotice(reason)));
    store.current = s;
    if (s.fallback) say(memoryNotice(s.fallback));
    const taken = readAssessments(s);
    // Every finished run: the archive (one compact value, quick with 10,000 runs) and the player's list.
    const done = readFinished(s);
    for (const r of [...taken.repairs, ...done.repairs])
      say(`Some saved data could not be read (${r.reason}), so it was ${repairOutcome(r)}. Everything else is intact.`);
    setDue(assessmentDue(taken.assessments, done.runs));
  }, []);

  if (!due) return <p>Reading this browser's answers…</p>;
  const total = principles.reduce((n, p) => n + p.statements.length, 0);
  const count = Object.keys(answers).length;

  const submit = (event: Event) => {
    event.preventDefault();
    const s = store.current;
    if (!s || count === 0) return;
    const repairs = saveAssessment(s, { when: due.when, at: new Date().toISOString(), answers });
    for (const r of repairs)
      say(`Some saved answers could not be read (${r.reason}), so they were ${repairOutcome(r)}.`);
    setSaved(due.when);
    document.getElementById("assess-saved")?.focus();
  };

  if (saved)
    return (
      <div class="notice" role="status">
        <h2 id="assess-saved" tabIndex={-1}>
          Your answers are saved
        </h2>
        <p>
          They are kept in this browser with your runs, and nowhere else.{" "}
          {saved === "before"
            ? "When you have played a few scenarios (we suggest five), come back and answer again to see what changed."
            : "Your progress page now shows the change for each principle, next to what your runs tested."}
        </p>
        <p class="actions">
          {saved === "before" ? <a href="/">Choose a scenario</a> : <a href="/progress/">See your progress</a>}
        </p>
      </div>
    );

  return (
    <form onSubmit={submit} aria-describedby="assess-intro">
      <div role="status" class="notices">
        {messages.map((m, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: messages are only ever appended
          <p key={i} class="notice">
            {m}
          </p>
        ))}
      </div>
      <div id="assess-intro">
        {due.when === "before" ? (
          <p>
            <strong>Before you start.</strong> How do you feel about each part of our code today? There are no right
            answers: this is for you, to see later what the scenarios changed. It takes about two minutes.
          </p>
        ) : (
          <p>
            <strong>Again, after some practice.</strong> You answered these
            {due.last ? ` on ${day(due.last.at)}` : " before"}. Answer as you feel now, without looking back; your
            progress page will show the change.
            {due.scenariosSince > 0
              ? ` You have completed ${due.scenariosSince} scenario${due.scenariosSince === 1 ? "" : "s"} since.`
              : ""}
          </p>
        )}
        <p class="muted">
          Your answers stay in this browser. You can leave a statement blank. Nobody sees them unless you choose to
          share a file with your coordinator from your progress page.
        </p>
      </div>
      {principles.map((p) => (
        <section key={p.id} aria-labelledby={`principle-${p.id}`}>
          <h2 id={`principle-${p.id}`}>{p.name}</h2>
          {p.statements.map((s) => (
            <fieldset key={s.id} class="statement">
              <legend>{s.text}</legend>
              <ul class="scale">
                {ANSWERS.map((value) => (
                  <li key={value}>
                    <label>
                      <input
                        type="radio"
                        name={s.id}
                        value={value}
                        checked={answers[s.id] === value}
                        onChange={() => setAnswers((a) => ({ ...a, [s.id]: value }))}
                      />
                      {ANSWER_LABELS[value]}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          ))}
        </section>
      ))}
      <p class="actions">
        <button type="submit" disabled={count === 0}>
          Save my answers
        </button>{" "}
        <span class="muted" aria-live="polite">
          {count} of {total} answered
        </span>
      </p>
    </form>
  );
}
