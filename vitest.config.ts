import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["./test/support/build-once.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: keep parallel files to what the machine can run without starving servers under test.
    maxWorkers: 2,
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
