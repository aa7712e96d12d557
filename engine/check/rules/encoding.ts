import type { Rule } from "../context.ts";

/**
 * A file that is not UTF-8 is reported as it is read (`readSourceFile`: Latin-1, UTF-16), in one
 * diagnostic. Text that was converted with losses before it reached us carries U+FFFD, the
 * replacement character, where a letter was: reported here, at the first one.
 */
export const encoding: Rule = {
  id: "encoding",
  severity: "error",
  description: "A file that is not UTF-8 (Latin-1, Windows-1252, UTF-16), or text converted with losses (U+FFFD).",
  applies: "both",
  check(context, report) {
    const at = context.source.indexOf("\uFFFD");
    if (at < 0) return;
    const place = context.lines.at(at);
    report(
      { ...place, endLine: place.line, endColumn: place.column + 1 },
      "Unexpected U+FFFD replacement character, expected the letter it replaced: the file was converted from another encoding with losses",
      "find the letter in the original file and type it again, then save the file as UTF-8",
    );
  },
};
