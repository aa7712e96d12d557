/**
 * The /cohort/ report, computed off the page's main thread: a module worker
 * that keeps one engine `cohortBuilder` and adds the files the page hands it
 * (with the reason for each it could not read, so the engine lists every file).
 * The page fetches the scenarios (under its own CSP: this site only) and sends
 * their text; the worker makes no request of its own. Messages: see
 * {@link ToWorker} and {@link FromWorker}.
 */
import { type CohortBuilder, type CohortFile, type CohortReport, cohortBuilder } from "../../engine/cohort.ts";
import type { ScenarioData } from "../../engine/import.ts";
import type { Code } from "../../engine/model.ts";

export type ToWorker =
  | {
      readonly type: "library";
      readonly code: Pick<Code, "title" | "hash" | "principles">;
      /** Each scenario's `scenario.json` text, in the library's order. */
      readonly scenarios: readonly (readonly [id: string, json: string])[];
      readonly minimumGroup: number;
    }
  /** Files as bytes (transferred, not copied), decoded here as UTF-8; or why the page could not read one. */
  | {
      readonly type: "add";
      readonly files: readonly (
        | { readonly name: string; readonly bytes: Uint8Array }
        | { readonly name: string; readonly error: string }
      )[];
    }
  | { readonly type: "clear" };

export type FromWorker =
  | { readonly type: "progress"; readonly done: number; readonly total: number }
  | { readonly type: "report"; readonly report: CohortReport; readonly ms: number }
  | { readonly type: "error"; readonly message: string };

let make: (() => CohortBuilder) | undefined;
let builder: CohortBuilder | undefined;

const post = (message: FromWorker) => postMessage(message);
const utf8 = new TextDecoder("utf-8", { fatal: true });

function readable(file: { name: string; bytes: Uint8Array } | { name: string; error: string }): CohortFile {
  if ("error" in file) return { name: file.name, text: "", error: file.error };
  try {
    return { name: file.name, text: utf8.decode(file.bytes) };
  } catch {
    return { name: file.name, text: "", error: "it is not a text file (a record file is JSON text)" };
  }
}

addEventListener("message", (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  try {
    if (message.type === "library") {
      const scenarios: Record<string, ScenarioData> = {};
      for (const [id, json] of message.scenarios) {
        const data = JSON.parse(json) as ScenarioData;
        if (data?.scenario?.id === id) scenarios[id] = data;
      }
      const library = { code: message.code, scenarios };
      make = () => cohortBuilder(library, { minimumGroup: message.minimumGroup });
      builder = make();
    } else if (message.type === "clear") {
      builder = make?.();
    } else if (message.type === "add") {
      if (!builder) throw new Error("the scenarios are not loaded yet");
      const started = performance.now();
      const total = message.files.length;
      let shown = performance.now();
      for (const [i, file] of message.files.entries()) {
        // A file the page could not read, or that is not text, is the engine's to list with its reason.
        builder.add(readable(file));
        // A few progress messages a second, not one per file.
        if (performance.now() - shown > 150) {
          post({ type: "progress", done: i + 1, total });
          shown = performance.now();
        }
      }
      const report = builder.report();
      post({ type: "report", report, ms: Math.round(performance.now() - started) });
    }
  } catch (error) {
    post({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
});
