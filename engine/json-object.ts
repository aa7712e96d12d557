/**
 * Untrusted JSON, as text or already parsed, read as a plain object; never throws.
 * `what` names the expected object in the error ("a run record object").
 */
export function jsonObject(
  input: unknown,
  what: string,
): { readonly ok: true; readonly value: Record<string, unknown> } | { readonly ok: false; readonly error: string } {
  let data = input;
  if (typeof input === "string") {
    try {
      data = JSON.parse(input);
    } catch (error) {
      return { ok: false, error: `not JSON (${error instanceof Error ? error.message : String(error)})` };
    }
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { ok: false, error: `not ${what}` };
  return { ok: true, value: data as Record<string, unknown> };
}
