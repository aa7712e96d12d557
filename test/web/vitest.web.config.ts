import { defineConfig } from "vitest/config";

// The web tests: Playwright (system Chromium) against the built site in dist/.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: {
    name: "web",
    include: ["test/web/**/*.test.{ts,tsx}"],
    environment: "node",
    globalSetup: ["test/web/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
