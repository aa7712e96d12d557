/**
 * The terminal's one guard against scenario text: every string that comes
 * from a file (prose, titles, ids, flags, principle names, file names,
 * diagnostics) goes through `terminalSafe` before it is styled and printed,
 * so an escape in a scenario can never retitle the window, write the
 * clipboard, clear the screen, open a link or colour the text.
 */

// C0 controls but tab and line feed (a carriage return would let text overwrite its own line), DEL, C1
// controls (U+009B and U+009D act as ESC [ and ESC ] on some terminals), and bidirectional embeddings,
// overrides and isolates: the characters the `control-character` rule reports, plus carriage return.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The text without control characters, safe to style and print. */
export const terminalSafe = (text: string): string => text.replace(UNSAFE, "");

// JSON.stringify escapes U+0000–U+001F itself; these it leaves raw.
const JSON_UNSAFE = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Pretty JSON with every control character escaped: it parses to the same strings, and prints safely. */
export const terminalJson = (value: unknown): string =>
  `${JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
