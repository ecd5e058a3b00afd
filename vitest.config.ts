import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "systems/**/*.test.ts",
      "harness/**/*.test.ts",
      "datasets/**/*.test.ts",
      "scenarios/**/*.test.ts",
    ],
    // Process tests start real systems and train small models: give them room on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
