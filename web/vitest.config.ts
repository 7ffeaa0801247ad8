import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  resolve: {
    dedupe: ["react", "react-dom", "@mantine/core", "@mantine/hooks", "@tanstack/react-query"],
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    css: false,
    unstubGlobals: true,
    testTimeout: 15_000,
    // Vitest runs availableParallelism() - 1 files at once by default: one on CI's 2 cores. Two cut the suite
    // 502 → 338 s on an idle 2-core machine (docs/PERFORMANCE.md, "CI wall time").
    maxWorkers: 2,
    // Run @mantine/dates through Vite so `dedupe` gives it the app's @mantine/core (one MantineProvider).
    server: { deps: { inline: ["@mantine/dates"] } },
  },
});
