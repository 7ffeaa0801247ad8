import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    globalSetup: ["src/test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Files wait on PostgreSQL and child processes part of the time: on an idle 2-core machine three workers ran the
    // suite in 562 s against 676 s with two (docs/PERFORMANCE.md, "CI wall time").
    maxWorkers: 3,
  },
});
