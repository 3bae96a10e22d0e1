import { describe, expect, it } from "vitest";
import { runScript } from "../helpers/run-script.ts";

describe("scripts/rules-sensitivity.ts", () => {
  it("prints, for every threshold, cap, point value and weight of the current rules, how many bands move at -10% and +10%", { timeout: 120_000 }, async () => {
    // no database is used; runScript needs a URL for its environment only
    const r = await runScript("scripts/rules-sensitivity.ts", ["--las", "12"], { databaseUrl: "postgres://unused@127.0.0.1:1/none" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Rules la-data-audit-rules v\d+ .*demo fieldwork of \d+ started LAs of 12:/);
    const rows = r.stdout.split("\n").filter((l) => /^\| (band threshold|gate cap|history|points|aspect weight|capability)/.test(l));
    const byName = new Map(rows.map((l) => { const c = l.split("|").map((x) => x.trim()); return [c[1], c.slice(2, 5).map(Number)]; }));
    expect(byName.get("band threshold: Ready now (min)")?.[0]).toBe(75);
    expect(byName.get("history gate cap")?.[0]).toBe(74);
    expect([...byName.keys()].filter((k) => k.startsWith("capability weight")).length).toBeGreaterThan(10);
    for (const [name, [, down, up]] of byName) {
      expect(Number.isInteger(down) && Number.isInteger(up), name).toBe(true);
    }
    // moving the Ready now threshold moves some bands in the demo fieldwork: the count is measured, not assumed
    const ready = byName.get("band threshold: Ready now (min)")!;
    expect(ready[1] + ready[2]).toBeGreaterThan(0);
  });
});
