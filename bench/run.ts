/**
 * `npm run bench`: figures and ratios, never pass/fail in tests (a noisy
 * machine makes timed tests flaky). Goals are printed beside each figure.
 */
import { cliBench } from "./cli.ts";
import { cohortBench } from "./cohort.ts";
import { cohortPageBench } from "./cohort-page.ts";
import { engineBench } from "./engine.ts";
import { hostileBench } from "./hostile.ts";
import { packBench } from "./pack.ts";
import { roomBench } from "./room.ts";
import { webBench } from "./web.ts";

const only = process.argv[2];
const sections = {
  engine: engineBench,
  hostile: hostileBench,
  cli: cliBench,
  web: webBench,
  room: roomBench,
  cohort: cohortBench,
  "cohort-page": cohortPageBench,
  pack: packBench,
};
for (const [name, section] of Object.entries(sections)) {
  if (!only || only === name) await section();
}
