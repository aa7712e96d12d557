/**
 * `rehearse export cmi5`: one cmi5 course (a zip) whose course structure,
 * `cmi5.xml`, lists one assignable unit (AU) per scenario, each launching the
 * scenario's player page from the site build with web/lms/cmi5.ts before it.
 * At run time the AU sends the statements engine/xapi.ts builds: the cmi5
 * defined statements (initialized, completed with the score, terminated;
 * passed or failed only when the LMS sets a mastery score) and one answered
 * statement per decision with its change per principle.
 *
 * Content-Security-Policy: the site allows connections to its own origin
 * only. An AU must reach the LMS's fetch URL and LRS, named only at launch, so
 * the package's pages allow `connect-src 'self' https:` (any HTTPS address,
 * never plain HTTP), or exactly the origins given with `--lrs`. Everything
 * else (scripts, styles, images, frames) stays as strict as on the site.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { contentHash } from "../../engine/hash.ts";
import { LMS_NOTE } from "../../engine/lms.ts";
import type { Scenario } from "../../engine/model.ts";
import { UsageError } from "../args.ts";
import type { Io } from "../io.ts";
import { terminalSafe } from "../render/terminal-safe.ts";
import { bundleScript, ExportError, type ExportJob, type Files, playerFiles } from "./package.ts";
import { zip } from "./zip.ts";

/** Course and AU ids live under this IRI: an identifier, not an address (`.invalid` is reserved, RFC 2606). */
export const CMI5_ID_BASE = "https://rehearse.invalid/cmi5";

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] as string,
  );

/** The AU's id: stable for a scenario across versions, so an LMS keeps its results when the course is updated. */
export const auId = (scenario: Pick<Scenario, "id">) => `${CMI5_ID_BASE}/au/${scenario.id}`;

/** The course's id: the same set of scenarios gives the same course. */
export const courseId = (scenarios: readonly Pick<Scenario, "id">[]) =>
  `${CMI5_ID_BASE}/course/${contentHash(
    scenarios
      .map((s) => s.id)
      .sort()
      .join(","),
  ).slice(0, 16)}`;

/**
 * The course structure (cmi5 section 13, CourseStructure.xsd): the course,
 * then one AU per scenario, moveOn Completed (the trainee completes it by
 * reaching an ending), launched in any window, with no mastery score (an LMS
 * may set one; the AU then sends passed or failed).
 */
export function cmi5Xml(
  scenarios: readonly { scenario: Scenario; launch: string }[],
  title: string,
  lang = "en",
): string {
  const text = (tag: string, value: string) =>
    `<${tag}><langstring lang="${escapeXml(lang)}">${escapeXml(value)}</langstring></${tag}>`;
  const aus = scenarios.map(
    ({ scenario, launch }) => `  <au id="${escapeXml(auId(scenario))}" moveOn="Completed" launchMethod="AnyWindow">
    ${text("title", scenario.title)}
    ${text("description", scenario.summary || scenario.title)}
    <url>${escapeXml(launch)}</url>
  </au>`,
  );
  const description =
    scenarios.length === 1
      ? (scenarios[0] as { scenario: Scenario }).scenario.summary || title
      : `${scenarios.length} role-play scenarios: ${scenarios.map((s) => s.scenario.title).join("; ")}.`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="${escapeXml(courseId(scenarios.map((s) => s.scenario)))}">
    ${text("title", title)}
    ${text("description", description)}
  </course>
${aus.join("\n")}
</courseStructure>
`;
}

/** The origins `--lrs` names (comma-separated), checked: https (or http on this machine, for tests). */
export function lrsOrigins(given: unknown): string[] | undefined {
  if (given === undefined) return undefined;
  if (typeof given !== "string" || given.trim() === "") throw new UsageError("--lrs takes the LRS's address");
  return given.split(",").map((part) => {
    let url: URL;
    try {
      url = new URL(part.trim());
    } catch {
      throw new UsageError(`--lrs: "${part.trim()}" is not an address such as https://lrs.example.org`);
    }
    const local = url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
    if (url.protocol !== "https:" && !(url.protocol === "http:" && local))
      throw new UsageError(
        `--lrs: "${part.trim()}" is not an https: address (an LRS reached over plain HTTP leaks tokens)`,
      );
    return url.origin;
  });
}

/** The page's CSP with connections allowed to the LMS (any https: address, or the origins given). */
export function allowLrs(html: string, origins: readonly string[] | undefined): string {
  const allowed = `connect-src 'self' ${origins ? origins.join(" ") : "https:"}`;
  if (!html.includes("connect-src 'self'"))
    throw new ExportError("the site's pages no longer say connect-src 'self': update cli/export/cmi5.ts");
  return html.replaceAll("connect-src 'self';", `${allowed};`);
}

/** The runtime script, bundled once per export. */
export const cmi5Runtime = () => bundleScript("web/lms/cmi5.ts");

/** The course's files: cmi5.xml first, then every AU's page and the assets they share. */
export async function cmi5Package(
  job: Pick<ExportJob, "scenarios" | "site">,
  title: string,
  origins?: readonly string[],
  runtime?: string,
  scriptPage = true,
): Promise<Files> {
  const script = { path: "lms/cmi5.js", code: runtime ?? (await cmi5Runtime()) };
  const all: Files = new Map();
  const aus: { scenario: Scenario; launch: string }[] = [];
  for (const { scenario } of job.scenarios) {
    const { files, launch } = playerFiles(job.site, scenario.id, { script, note: LMS_NOTE, scriptPage });
    for (const [path, data] of files) {
      const value = path.endsWith(".html") ? allowLrs(String(data), origins) : data;
      const had = all.get(path);
      if (had !== undefined && String(had) !== String(value))
        throw new ExportError(`${path} differs between two scenarios' pages; export them one at a time`);
      all.set(path, value);
    }
    aus.push({ scenario, launch });
  }
  const lang = /<html[^>]*\slang="([^"]+)"/.exec(String(all.get(aus[0]?.launch ?? "") ?? ""))?.[1] ?? "en";
  return new Map([["cmi5.xml", cmi5Xml(aus, title, lang)], ...all]);
}

/** `--lrs` is checked before the site is built. */
export function checkOptions(values: ExportJob["values"]): void {
  lrsOrigins(values.lrs);
}

export async function exportFormat(job: ExportJob, io: Io): Promise<number> {
  const origins = lrsOrigins(job.values.lrs);
  const first = job.scenarios[0]?.scenario;
  if (!first) return 1;
  const single = job.scenarios.length === 1;
  const title = single ? first.title : job.code.title;
  // --without-script: no script page (every choice's scores and the facilitator notes) in the course.
  const files = await cmi5Package(job, title, origins, undefined, job.values["without-script"] !== true);
  const name = `${single ? first.id : "rehearse"}-cmi5.zip`;
  const archive = zip([...files].map(([path, data]) => ({ path, data })));
  writeFileSync(join(job.out, name), archive);
  io.out(
    `${terminalSafe(join(job.out, name))}  cmi5, ${job.scenarios.length} AU${single ? "" : "s"}, ${files.size} files, ${(archive.length / 1024).toFixed(0)} KB; connects to ${origins ? origins.join(", ") : "any https: LRS"}\n`,
  );
  return 0;
}
