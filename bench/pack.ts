/**
 * `npm run bench -- pack`: rehearse as a user installs it (test/pack/pack.mjs):
 * the tarball's size, the installed size of a workspace's dependencies, and
 * the time of `rehearse init` + the first `rehearse build` on this machine.
 * The install itself (registry or npm cache) is not timed.
 */
import { packTest } from "../test/pack/pack.mjs";
import { table } from "./measure.ts";

const MB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export async function packBench(): Promise<void> {
  console.log("\nThe package: npm pack, installed in an empty folder, init + build, a player page in Chromium");
  try {
    const f = await packTest();
    console.log(
      table([
        ["what", "figure"],
        ["tarball (npm pack)", `${MB(f.tarball)}, ${f.files} files (${MB(f.unpacked)} unpacked)`],
        ["installed (node_modules of a folder with only rehearse)", MB(f.installed)],
        ["rehearse init + first rehearse build (2 scenarios)", `${(f.initAndBuild / 1000).toFixed(1)} s`],
      ]),
    );
  } catch (error) {
    console.log(`(not measured: ${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
  }
}
