/**
 * `npm run bench`: figures and ratios, never pass/fail in tests (a noisy
 * machine makes timed tests flaky). Goals are printed beside each figure.
 */
import { engineBench } from "./engine.ts";

const sections = [engineBench];
for (const section of sections) await section();
