import os from "node:os";
import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

/** Checks that read what the other tests did (e.g. which pages axe checked): run after them. */
const AFTER_ALL = ["test/accessibility/console-coverage.test.ts"];
/** Fault and load tests (kill -9, outages, a load simulation): minutes of wall time, so their own step (`npm run test:long`). */
const LONG = ["test/faults/**/*.test.ts", "test/load/**/*.test.ts"];

// One directory per run, shared by every worker: the axe helpers note each page they checked there
// (test/accessibility/axe.ts). The config is evaluated once, in the main process, per run.
const AXE_CHECKED_DIR = process.env.AXE_CHECKED_DIR ?? path.join(os.tmpdir(), `lada-axe-checked-${process.pid}-${Date.now().toString(36)}`);
process.env.AXE_CHECKED_DIR = AXE_CHECKED_DIR; // for test/global-setup.ts, which removes it after the run

export default defineConfig({
  test: {
    pool: "forks",
    // Two files at a time, and each worker keeps the modules it imported for the next file: importing the
    // server again for every file cost more than the tests of most files. Test files keep no module state of
    // their own (each builds its app on its own database), so sharing the imports changes no result.
    maxWorkers: 2,
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ["default"],
    env: { AXE_CHECKED_DIR },
    // expect.poll waits for what a user waits for (a re-render, a focus move): 1 s is too short on a loaded 2-core CI machine
    expect: { poll: { timeout: 15_000, interval: 100 } },
    projects: [
      {
        extends: true,
        test: {
          name: "tests",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...AFTER_ALL, ...LONG],
          globalSetup: ["test/global-setup.ts"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: "long", include: LONG, globalSetup: ["test/global-setup.ts"], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: "after the other tests", include: AFTER_ALL, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
