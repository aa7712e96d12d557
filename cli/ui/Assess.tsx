/** The self-assessment in the terminal: one statement at a time, keys 1–5 to answer. */
import { Box, Text, useApp, useInput } from "ink";
import { useState } from "react";
import { ANSWER_LABELS, ANSWERS, type AssessedPrinciple } from "../../engine/assessment.ts";
import type { Answer, Assessment } from "../../engine/training-record.ts";
import { terminalSafe } from "../render/terminal-safe.ts";

type Props = {
  readonly principles: readonly AssessedPrinciple[];
  readonly when: "before" | "after";
  /** The last assessment taken, for the "after" introduction. */
  readonly last?: Assessment | undefined;
  /** Called once, with the answers, when the trainee saves. */
  readonly onDone: (answers: Readonly<Record<string, Answer>>) => void;
};

type Phase = "intro" | "asking" | "review";

const day = (iso: string) => iso.slice(0, 10);

export function Assess({ principles, when, last, onDone }: Props) {
  const { exit } = useApp();
  const items = principles.flatMap((p) => p.statements.map((s) => ({ principle: p.name, ...s })));
  const [phase, setPhase] = useState<Phase>("intro");
  const [index, setIndex] = useState(0);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const count = Object.keys(answers).length;

  const move = (to: number) => {
    if (to >= items.length) setPhase("review");
    else setIndex(Math.max(0, to));
  };

  useInput((input, key) => {
    if ((key.ctrl && input === "c") || key.escape || input === "q") {
      exit();
      return;
    }
    if (phase === "intro") {
      setPhase("asking");
      return;
    }
    if (phase === "review") {
      if (key.return && count > 0) {
        onDone(answers);
        exit();
      } else if (input === "b" || key.leftArrow) {
        setPhase("asking");
        setIndex(items.length - 1);
      }
      return;
    }
    const item = items[index];
    if (!item) return;
    const n = Number(input);
    if (ANSWERS.includes(n as Answer)) {
      setAnswers((a) => ({ ...a, [item.id]: n as Answer }));
      move(index + 1);
    } else if (input === "s" || key.rightArrow || key.return) move(index + 1);
    else if (input === "b" || key.leftArrow) move(index - 1);
  });

  if (phase === "intro")
    return (
      <Box flexDirection="column">
        <Text bold>Self-assessment · {when}</Text>
        <Text> </Text>
        {when === "before" ? (
          <Text>
            How do you feel about each part of the code today? There are no right answers: this is for you, to see later
            what practice changed. {items.length} statements, about two minutes.
          </Text>
        ) : (
          <Text>
            Again, after some practice{last ? ` (you last answered on ${day(last.at)})` : ""}. Answer as you feel now;
            the change is shown at the end.
          </Text>
        )}
        <Text> </Text>
        <Text>Your answers stay on this computer. Press any key to begin, or q to leave.</Text>
      </Box>
    );

  if (phase === "review")
    return (
      <Box flexDirection="column">
        <Text bold>Self-assessment · {when}</Text>
        <Text> </Text>
        <Text>
          You answered {count} of {items.length} statements.
        </Text>
        <Text> </Text>
        <Text>
          {count > 0 ? "Enter save · " : "Answer at least one statement to save · "}b back · q leave without saving
        </Text>
      </Box>
    );

  const item = items[index];
  if (!item) return null;
  return (
    <Box flexDirection="column">
      <Text bold>
        Self-assessment · {when} · {index + 1} of {items.length}
      </Text>
      <Text> </Text>
      <Text underline>{terminalSafe(item.principle)}</Text>
      <Text> </Text>
      <Text>{terminalSafe(item.text)}</Text>
      <Text> </Text>
      {ANSWERS.map((value) => (
        <Text key={value}>
          {answers[item.id] === value ? "› " : "  "}
          {value} {ANSWER_LABELS[value]}
        </Text>
      ))}
      <Text> </Text>
      <Text dimColor>1–5 answer · s skip · b back · q leave without saving</Text>
    </Box>
  );
}
