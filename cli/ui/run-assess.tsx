import { render } from "ink";
import { type AssessedPrinciple, assessmentDue } from "../../engine/assessment.ts";
import type { Answer } from "../../engine/training-record.ts";
import { assessmentsFile, loadAssessments, saveAssessmentFile } from "../assessments.ts";
import type { Io } from "../io.ts";
import { assessmentTable } from "../render/assessment.ts";
import { Assess } from "./Assess.tsx";

/** Takes the self-assessment that is due ("before" first, then "after") and saves it; resolves with the exit code. */
export async function assessInteractive(principles: readonly AssessedPrinciple[], io: Io): Promise<number> {
  const file = assessmentsFile(io.env);
  const loaded = loadAssessments(file);
  if (loaded.problem)
    io.err(
      `rehearse: your saved self-assessments could not all be read (${loaded.problem.error}). ${loaded.problem.movedTo ? `The file was moved to ${loaded.problem.movedTo}` : "The file could not be moved aside either"}; what could be read is kept.\n`,
    );
  const due = assessmentDue(loaded.assessments, []);
  let answers: Readonly<Record<string, Answer>> | undefined;
  const instance = render(
    <Assess
      principles={principles}
      when={due.when}
      last={due.last}
      onDone={(a) => {
        answers = a;
      }}
    />,
    { exitOnCtrlC: false, patchConsole: false, interactive: true, alternateScreen: true },
  );
  await instance.waitUntilExit();
  if (!answers) {
    io.err("Nothing saved.\n");
    return 0;
  }
  try {
    const all = saveAssessmentFile(file, loaded.assessments, { when: due.when, at: new Date().toISOString(), answers });
    io.out(`Saved in ${file}.\n\n${assessmentTable(principles, all)}`);
    return 0;
  } catch (error) {
    io.err(`rehearse: could not save your answers in ${file}: ${(error as Error).message}\n`);
    return 1;
  }
}
