/**
 * `rehearse export scorm`: one SCORM package (a zip) per scenario, for SCORM
 * 1.2 (the default: every LMS takes it) or 2004 4th edition. One scenario is
 * one SCO in its own package, so that an LMS grades each scenario as its own
 * activity (Moodle and Canvas grade a package as one activity, and a course of
 * several SCOs as one grade).
 *
 * At run time web/lms/scorm.ts reports completion, the score (the mean of the
 * debrief's percentages over the principles the run tested), one objective per
 * tested principle, one interaction per decision, and saves the run in the
 * suspend data so that the trainee resumes where they left off.
 */
import { writeFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import type { Analysis } from "../../engine/analyze.ts";
import { LMS_NOTE } from "../../engine/lms.ts";
import type { Code, Scenario } from "../../engine/model.ts";
import { MIN_TESTED_RANGE } from "../../engine/totals.ts";
import { UsageError } from "../args.ts";
import type { Io } from "../io.ts";
import { terminalSafe } from "../render/terminal-safe.ts";
import { bundleScript, type ExportJob, type Files, playerFiles } from "./package.ts";
import { zip } from "./zip.ts";

export type ScormVersion = "1.2" | "2004";

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] as string,
  );

/** The principles a run of this scenario can test (the scenario moves them by at least MIN_TESTED_RANGE). */
export function testablePrinciples(scenario: Scenario, analysis: Analysis): string[] {
  return scenario.principles.filter((p) => {
    const range = analysis.range[p];
    return range !== undefined && range.max - range.min >= MIN_TESTED_RANGE;
  });
}

/**
 * The package's imsmanifest.xml: one organization with one item, one SCO
 * resource launching the player page and listing every file. 2004 declares
 * one objective per principle the scenario can test (ids are principle ids,
 * as the run reports them in cmi.objectives).
 */
export function scormManifest(
  scenario: Scenario,
  analysis: Analysis,
  code: Code,
  version: ScormVersion,
  launch: string,
  files: readonly string[],
): string {
  const id = escapeXml(scenario.id);
  const title = escapeXml(scenario.title);
  const fileList = files.map((f) => `        <file href="${escapeXml(f)}"/>`).join("\n");
  const names = new Map(code.principles.map((p) => [p.id, p.name]));
  if (version === "1.2") {
    return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="rehearse-${id}" version="${escapeXml(scenario.hash)}"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="rehearse">
    <organization identifier="rehearse">
      <title>${title}</title>
      <item identifier="item-${id}" identifierref="sco-${id}" isvisible="true">
        <title>${title}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco-${id}" type="webcontent" adlcp:scormtype="sco" href="${escapeXml(launch)}">
${fileList}
    </resource>
  </resources>
</manifest>
`;
  }
  const objectives = testablePrinciples(scenario, analysis)
    .map(
      (p) =>
        `            <imsss:objective objectiveID="${escapeXml(p)}"/>${names.has(p) ? ` <!-- ${escapeXml(names.get(p) ?? "").replaceAll("--", "–")} -->` : ""}`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="rehearse-${id}" version="${escapeXml(scenario.hash)}"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="rehearse">
    <organization identifier="rehearse">
      <title>${title}</title>
      <item identifier="item-${id}" identifierref="sco-${id}" isvisible="true">
        <title>${title}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="${id}"/>
${objectives}
          </imsss:objectives>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco-${id}" type="webcontent" adlcp:scormType="sco" href="${escapeXml(launch)}">
${fileList}
    </resource>
  </resources>
</manifest>
`;
}

/** The runtime script, bundled once per export and version. */
export const scormRuntime = (version: ScormVersion) =>
  bundleScript("web/lms/scorm.ts", { REHEARSE_SCORM_VERSION: JSON.stringify(version) });

/** One package's files, manifest first. */
export async function scormPackage(
  site: string,
  scenario: Scenario,
  analysis: Analysis,
  code: Code,
  version: ScormVersion,
  runtime?: string,
  scriptPage = true,
): Promise<Files> {
  const script = { path: "lms/scorm.js", code: runtime ?? (await scormRuntime(version)) };
  const { files, launch } = playerFiles(site, scenario.id, { script, note: LMS_NOTE, scriptPage });
  const manifest = scormManifest(scenario, analysis, code, version, launch, [...files.keys()]);
  return new Map([["imsmanifest.xml", manifest], ...files]);
}

/** `--version`, checked before the site is built: 1.2 unless given. */
function versionOf(values: ExportJob["values"]): ScormVersion {
  const version = values.version ?? "1.2";
  if (version !== "1.2" && version !== "2004")
    throw new UsageError(`--version takes 1.2 or 2004 (4th edition), not "${String(version)}"`);
  return version;
}

export function checkOptions(values: ExportJob["values"]): void {
  versionOf(values);
}

export async function exportFormat(job: ExportJob, io: Io): Promise<number> {
  const version = versionOf(job.values);
  const runtime = await scormRuntime(version);
  for (const { scenario, analysis } of job.scenarios) {
    const scriptPage = job.values["without-script"] !== true;
    const files = await scormPackage(job.site, scenario, analysis, job.code, version, runtime, scriptPage);
    const name = `${scenario.id}-scorm${version === "1.2" ? "12" : "2004"}.zip`;
    const archive = zip([...files].map(([path, data]) => ({ path, data })));
    writeFileSync(join(job.out, name), archive);
    const shown = relative(io.cwd, join(job.out, name));
    io.out(
      `${terminalSafe(shown.startsWith("..") || isAbsolute(shown) ? join(job.out, name) : shown)}  SCORM ${version}, ${files.size} files, ${(archive.length / 1024).toFixed(0)} KB\n`,
    );
  }
  return 0;
}
