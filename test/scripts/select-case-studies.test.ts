import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { seedCaseStudyLas, STANDARD_SEEDS } from "../helpers/case-study-seed.ts";
import { runScript } from "../helpers/run-script.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedCaseStudyLas(db.pool, STANDARD_SEEDS);
});
afterAll(async () => {
  await db?.close();
});

function run(args: string[]) {
  return runScript("scripts/select-case-studies.ts", args, { databaseUrl: db.url });
}

const saved = async () => (await db.pool.query(`SELECT wave, result FROM case_study_selections WHERE is_current ORDER BY wave`)).rows;

describe("npm run select", () => {
  it("--json prints exactly {wave, k, objective, picks, reserves} and saves nothing without --save", async () => {
    const r = await run(["--wave", "1", "--k", "4", "--seed", "7", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["wave", "k", "objective", "picks", "reserves"]);
    expect(out).toMatchObject({ wave: 1, k: 4 });
    expect(out.objective).toBeGreaterThan(0);
    expect(out.picks).toHaveLength(4);
    for (const p of out.picks) {
      expect(Object.keys(p)).toEqual(["la_code", "la_name", "region", "la_type", "ofsted", "capability_band", "rationale"]);
      expect(p.rationale).toContain(p.la_name);
    }
    expect(out.reserves).toHaveLength(4);
    expect(await saved()).toEqual([]);
    // same seed, same answer
    const again = JSON.parse((await run(["--wave", "1", "--k", "4", "--seed", "7", "--json"])).stdout);
    expect(again.picks.map((p: { la_code: string }) => p.la_code)).toEqual(out.picks.map((p: { la_code: string }) => p.la_code));
  });

  it("--save records wave 1; --wave 2 then excludes the saved wave-1 picks", async () => {
    const w1 = await run(["--wave", "1", "--k", "4", "--save"]);
    expect(w1.status, w1.stderr).toBe(0);
    expect(w1.stdout).toMatch(/Objective \d+\.\d \/ 100 \(exact optimum\)/);
    expect(w1.stdout).toMatch(/Saved as the wave-1 selection \(#\d+\)/);
    const [wave1] = await saved();
    const wave1Codes = wave1.result.picks.map((p: { la_code: string }) => p.la_code) as string[];
    const w2 = await run(["--wave", "2", "--k", "4", "--json", "--save"]);
    expect(w2.status, w2.stderr).toBe(0);
    const out = JSON.parse(w2.stdout);
    for (const c of wave1Codes) expect(out.picks.map((p: { la_code: string }) => p.la_code)).not.toContain(c);
    const bands = out.picks.map((p: { capability_band: string }) => p.capability_band);
    expect(bands).toContain("low");
    expect(bands).toContain("advanced");
    expect((await saved()).map((s) => s.wave)).toEqual([1, 2]);
  });

  it("bad input exits 2 with a message naming the problem, and saves nothing", async () => {
    const before = (await db.pool.query(`SELECT count(*)::int AS n FROM case_study_selections`)).rows[0].n;
    const unknown = await run(["--wave", "1", "--include", "999", "--save"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/constraints\.mustInclude: unknown LA code 999/);
    const tooBig = await run(["--wave", "1", "--k", "6", "--exclude", STANDARD_SEEDS.slice(0, 10).map((s) => s.laCode).join(","), "--save"]);
    expect(tooBig.status).toBe(2);
    expect(tooBig.stderr).toMatch(/k = 6 is larger than the 4 eligible LAs/);
    const clash = await run(["--wave", "1", "--include", "202,204", "--one-per-region", "--save"]);
    expect(clash.status).toBe(2);
    expect(clash.stderr).toMatch(/contradictory constraints: mustInclude has 202 Camden and 204 Hackney, all in London/);
    const badK = await run(["--k", "zero"]);
    expect(badK.status).not.toBe(0);
    expect(badK.stderr).toMatch(/--k must be a whole number/);
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM case_study_selections`)).rows[0].n).toBe(before);
  });
});
