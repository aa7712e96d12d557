import type { Diagnostic } from "../../diagnostics.ts";
import { diagnostic } from "../../diagnostics.ts";
import type { Rule } from "../context.ts";

/**
 * Reported as the file is read (see `readOrDiagnose` in `load.ts`), never by a rule over a tree: the file
 * the preview shows was deleted, renamed, replaced by a folder, or lost its read permission. The other
 * commands stop at such a path with a usage error instead (`No such file: …`), exit 2.
 */
export const unreadableFile: Rule = {
  id: "unreadable-file",
  severity: "error",
  description:
    "The file `rehearse preview` shows is gone or cannot be read: deleted, renamed, replaced by a folder, or without permission to read it.",
  applies: "both",
  check: () => {},
};

/** Why a file has no text: `readSourceFile`'s outcomes other than text, an encoding or a size. */
export type Unreadable =
  | { readonly kind: "missing" }
  | { readonly kind: "not-a-file"; readonly what: string }
  | { readonly kind: "unreadable"; readonly message: string };

/** What the file is to the author: the scenario being previewed, or the code of ethics beside it. */
export type FileRole = "scenario" | "code of ethics";

/**
 * The one diagnostic for a file that cannot be read, at its first line (there is no better place: it has
 * none), saying what happened and what brings it back. The preview shows the message without a `help:`
 * line, so the way out is in the message.
 */
export function unreadableFileDiagnostic(file: string, problem: Unreadable, role: FileRole): Diagnostic {
  const back = "the preview shows it again as soon as it is back";
  const message =
    problem.kind === "missing"
      ? `Missing file, expected the ${role} here: it was deleted or renamed while previewing. Restore it (${back}), or quit with q and preview it under its new name`
      : problem.kind === "not-a-file"
        ? `Unexpected ${problem.what.startsWith("not ") ? `something that is ${problem.what}` : problem.what.replace(/^an? /, "")} where the file was, expected the ${role} file. Put the file back (${back})`
        : /EACCES|EPERM/.test(problem.message)
          ? `Unexpected file without permission to read it, expected the ${role} file. Make it readable again (\`chmod u+r ${file}\`; ${back})`
          : `Unexpected error reading the file (${problem.message}), expected the ${role} file. Check the file and the disk, then save it again`;
  return diagnostic(file, { line: 1, column: 1 }, "error", unreadableFile.id, message);
}
