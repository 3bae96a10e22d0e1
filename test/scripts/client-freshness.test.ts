/** `npm start` rebuilds the web client when it is missing or older than its sources or build files. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { clientIsStale } from "../../scripts/lib/client-freshness.ts";

let root: string;
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function write(file: string, secondsAgo: number): void {
  const p = path.join(root, file);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, "x");
  const t = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(p, t, t);
}

describe("clientIsStale", () => {
  it("is stale with no build, fresh after one, and stale again when a source or a build file changes", () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "client-fresh-"));
    write("client/src/console/page.tsx", 300);
    write("client/vite.config.ts", 300);
    expect(clientIsStale(root)).toBe(true); // never built
    write("client/dist/index.html", 200);
    expect(clientIsStale(root)).toBe(false);
    write("client/src/console/page.tsx", 100); // a pull changed a page
    expect(clientIsStale(root)).toBe(true);
    write("client/dist/index.html", 50);
    expect(clientIsStale(root)).toBe(false);
    write("client/vite.config.ts", 10); // the build itself changed
    expect(clientIsStale(root)).toBe(true);
  });
});
