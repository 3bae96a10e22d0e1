/**
 * Every researcher-console page was checked with axe in this run: each route declared in
 * client/src/console/console-app.tsx must match an address that an axe helper recorded when it ran
 * (test/accessibility/axe.ts, recordAxeCheck). vitest.config.ts runs this file after every other test
 * file, so the browser tests have finished. A new console page that no browser test checks with axe
 * fails here by its address.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { axeCheckedPaths } from "./axe.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The console's route table, as "/console/<path>" patterns (":param" for a parameter). */
function consoleRoutes(): string[] {
  const app = fs.readFileSync(path.join(ROOT, "client/src/console/console-app.tsx"), "utf8");
  return [...app.matchAll(/<Route\s+(index|path="([^"]+)")/g)]
    .map((m) => (m[1] === "index" ? "" : m[2]))
    .filter((p) => p !== "*")
    .map((p) => (p ? `/console/${p}` : "/console"));
}

function matches(route: string, address: string): boolean {
  const pattern = route
    .split("/")
    .map((s) => (s.startsWith(":") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${pattern}/?$`).test(address);
}

const checked = [...axeCheckedPaths()].filter((address) => address === "/console" || address.startsWith("/console/"));

describe("console accessibility coverage", () => {
  it("reads the console's route table", () => {
    expect(consoleRoutes().length).toBeGreaterThan(5);
    expect(matches("/console/las/:laCode", "/console/las/202")).toBe(true);
    expect(matches("/console/las/:laCode", "/console/las")).toBe(false);
  });

  // A run with no console browser test (this file alone, or only the survey's tests) has nothing to compare with.
  it.skipIf(checked.length === 0)("every console route was checked with axe by a browser test in this run", () => {
    const unchecked = consoleRoutes().filter((route) => !checked.some((address) => matches(route, address)));
    expect(unchecked).toEqual([]);
  });
});
