import { defineConfig } from "vitest/config";

// End-to-end tests: a real server (or E2E_BASE_URL) driven by headless Chromium through playwright-core.
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.test.ts"],
    environment: "node",
    globalSetup: ["e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
  },
});
