import { defineConfig } from "vitest/config";

// One project per JSX world: engine (none), cli (React for Ink), web (Preact).
export default defineConfig({
  test: {
    projects: [
      // Property tests compile hundreds of generated scenarios: on a loaded 2-core CI machine a few
      // take longer than vitest's 5 s default. Time limits here catch hangs; speed goals live in bench/.
      { test: { name: "engine", include: ["test/engine/**/*.test.ts"], environment: "node", testTimeout: 30_000 } },
      {
        oxc: { jsx: { runtime: "automatic", importSource: "react" } },
        test: {
          name: "cli",
          include: ["test/cli/**/*.test.{ts,tsx}"],
          environment: "node",
          testTimeout: 30_000,
          globalSetup: ["test/cli/global-setup.ts"],
        },
      },
    ],
  },
});
