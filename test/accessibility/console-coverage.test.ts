/**
 * Every researcher-console page is checked with axe by some browser test: each route declared in
 * client/src/console/console-app.tsx must be visited ("/console/<path>") in a test file under test/
 * that runs axe. A new console page without an accessibility check fails here.
 * (The checks themselves: test/e2e/console-accessibility.test.ts, console-scores-case-studies.test.ts.)
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith(".test.ts") ? [p] : [];
  });
}

describe("console accessibility coverage", () => {
  it("every console route is visited by a test that runs axe", () => {
    const app = fs.readFileSync(path.join(ROOT, "client/src/console/console-app.tsx"), "utf8");
    const routes = [...app.matchAll(/<Route\s+(index|path="([^"]+)")/g)].map((m) => (m[1] === "index" ? "" : m[2])).filter((p) => p !== "*");
    expect(routes.length).toBeGreaterThan(5);
    const axeTests = testFiles(path.join(ROOT, "test"))
      .map((f) => fs.readFileSync(f, "utf8"))
      .filter((src) => /axeViolations|axe\.run/.test(src));
    const uncovered = routes.filter((r) => {
      const pattern = new RegExp(`["'\`/]console${r ? `/${r.split("/").map((s) => (s.startsWith(":") ? "[^\"'`/?#]+" : s)).join("/")}` : ""}["'\`?#]`);
      return !axeTests.some((src) => pattern.test(src));
    });
    expect(uncovered.map((r) => `/console/${r}`)).toEqual([]);
  });
});
