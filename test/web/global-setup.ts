/**
 * Builds the site once (unless REHEARSE_WEB_SKIP_BUILD=1 and dist/ exists),
 * then serves dist/ for every web test.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { serveStatic } from "./server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    buildMs: number;
  }
}

export default async function setup(project: TestProject) {
  let buildMs = 0;
  if (!(process.env.REHEARSE_WEB_SKIP_BUILD === "1" && existsSync("dist/index.html"))) {
    const started = performance.now();
    execFileSync(process.execPath, ["node_modules/astro/bin/astro.mjs", "build", "--silent"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1" },
    });
    buildMs = Math.round(performance.now() - started);
  }
  const { url, server } = await serveStatic("dist");
  project.provide("baseURL", url);
  project.provide("buildMs", buildMs);
  return () => new Promise<void>((done) => server.close(() => done()));
}
