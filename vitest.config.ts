import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ["default"],
    // expect.poll waits for what a user waits for (a re-render, a focus move): 1 s is too short on a loaded 2-core CI machine
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
