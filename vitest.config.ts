import { defineConfig } from "vitest/config";

// One project per JSX world: engine (none), cli (React for Ink), web (Preact).
export default defineConfig({
  test: {
    projects: [
      { test: { name: "engine", include: ["test/engine/**/*.test.ts"], environment: "node" } },
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
