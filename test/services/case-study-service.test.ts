import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { seedCaseStudyLas, STANDARD_SEEDS } from "../helpers/case-study-seed.ts";
import {
  gatherCandidates,
  loadTypology,
  rerunSavedAfterDecline,
  runSelection,
  saveSelection,
} from "../../server/services/case-study-service.ts";
import {
  caseStudyRecordsForExport,
  findCurrentSelection,
  listCurrentSelectionLas,
  listSelections,
} from "../../server/repositories/case-studies-repository.ts";
import { CaseStudyError, PoolTooSmallError } from "../../server/domain/case-studies/errors.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedCaseStudyLas(db.pool, STANDARD_SEEDS);
});
afterAll(async () => {
  await db?.close();
});

const cli = { actor: "cli", actorKind: "system" as const };

describe("gatherCandidates", () => {
  it("returns every LA with eligibility = submitted and agreed ('yes'), capability from la_scores", async () => {
    const all = await gatherCandidates(db.pool);
    expect(all).toHaveLength(153);
    const eligible = all.filter((c) => c.submitted && c.agreed).map((c) => c.la_code).sort();
    expect(eligible).toEqual(STANDARD_SEEDS.filter((s) => s.status === "submitted" && s.willing === "yes").map((s) => s.laCode).sort());
    const camden = all.find((c) => c.la_code === "202")!;
    expect(camden).toMatchObject({ name: "Camden", region: "London", la_type: "London borough", capability_band: "advanced", capability_score: 88 });
    expect(camden.child_population).toBeGreaterThan(10_000);
    expect(camden.fsm_pct).toBeGreaterThan(0);
    expect(all.find((c) => c.la_code === "919")).toMatchObject({ capability_band: "unknown", capability_score: null, submitted: true, agreed: true });
    expect(all.find((c) => c.la_code === "203")).toMatchObject({ submitted: false, agreed: true });
  });

  it("takes trajectories from the ILACS history and counts 'maybe' only when asked", async () => {
    const all = await gatherCandidates(db.pool, { includeMaybe: true });
    expect(all.find((c) => c.la_code === "840")?.trajectory).toBe("improved"); // Durham RI -> Good -> Outstanding
    expect(all.find((c) => c.la_code === "205")?.agreed).toBe(true);
    // Isles of Scilly: FSM primary suppressed, secondary used
    expect(all.find((c) => c.la_code === "420")?.fsm_pct).not.toBeNull();
  });
});

describe("runSelection and saved waves", () => {
  it("wave 1 picks k eligible LAs; wave 2 before any saved wave 1 is refused", async () => {
    const run = await runSelection(db.pool, { wave: 1, k: 4 });
    expect(run.result.picks).toHaveLength(4);
    // 14 submitted and agreed, less the Isles of Scilly (319 children), left out by default
    expect(run.result.eligible_count).toBe(13);
    await expect(runSelection(db.pool, { wave: 2, k: 4 })).rejects.toThrow(/no wave-1 selection has been saved yet/);
  });

  it("saving makes it the wave's selection; wave 2 excludes the saved wave-1 picks and spans low..advanced", async () => {
    const run1 = await runSelection(db.pool, { wave: 1, k: 4, seed: 3 });
    const saved1 = await saveSelection(db.pool, run1, cli);
    expect((await findCurrentSelection(db.pool, 1))?.id).toBe(saved1.id);
    const run2 = await runSelection(db.pool, { wave: 2, k: 4 });
    for (const c of saved1.picks) expect(run2.result.picks.map((p) => p.la_code)).not.toContain(c);
    expect(run2.result.span_bands).toEqual(["low", "advanced"]);
    const bands = run2.result.picks.map((p) => p.capability_band);
    expect(bands).toContain("low");
    expect(bands).toContain("advanced");
    expect(run2.parameters.previous_picks).toEqual(saved1.picks);
    await saveSelection(db.pool, run2, cli);
    // saving wave 1 again keeps the earlier one as history
    const again = await saveSelection(db.pool, run1, cli);
    const wave1 = await listSelections(db.pool, { wave: 1 });
    expect(wave1.filter((s) => s.isCurrent).map((s) => s.id)).toEqual([again.id]);
    expect(wave1.length).toBeGreaterThanOrEqual(2);
    // picks and reserves as rows for the export, and the audit trail entry
    const rows = await listCurrentSelectionLas(db.pool);
    expect(rows.filter((r) => r.wave === 1 && r.role === "pick").map((r) => r.la_code)).toEqual(run1.result.picks.map((p) => p.la_code));
    expect(rows.filter((r) => r.role === "reserve").length).toBeGreaterThan(0);
    const audit = await db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'case_studies.save'`);
    expect(audit.rows[0].n).toBe(3);
  });

  it("re-running the saved wave with a pick declined keeps the other picks and brings in its reserve", async () => {
    const saved = (await findCurrentSelection(db.pool, 1))!;
    const declined = saved.picks[1];
    const rerun = await rerunSavedAfterDecline(db.pool, 1, [declined]);
    const codes = rerun.result.picks.map((p) => p.la_code);
    expect(codes).not.toContain(declined);
    for (const c of saved.picks.filter((x) => x !== declined)) expect(codes).toContain(c);
    expect(codes).toContain(saved.result.reserves.find((r) => r.for_la_code === declined)!.la_code);
    expect(rerun.parameters.declined).toEqual([declined]);
    await expect(rerunSavedAfterDecline(db.pool, 1, ["999"])).rejects.toThrow(/999 is not among the saved wave-1 picks/);
  });

  it("k larger than the eligible pool is a typed error, and nothing is saved", async () => {
    const before = (await listSelections(db.pool)).length;
    const err = await runSelection(db.pool, { wave: 1, k: 6, constraints: { mustExclude: STANDARD_SEEDS.slice(0, 10).map((s) => s.laCode) } }).catch((e) => e);
    expect(err).toBeInstanceOf(PoolTooSmallError);
    expect((err as CaseStudyError).message).toMatch(/^k = 6 is larger than the 4 eligible LAs/);
    expect((await listSelections(db.pool)).length).toBe(before);
  });
});

describe("small LAs", () => {
  it("by default LAs with fewer than 5,000 children are left out, and the setting is recorded with the run", async () => {
    const run = await runSelection(db.pool, { wave: 1, k: 4 });
    expect(run.parameters.small_las).toEqual({ handling: "exclude", minChildren: 5000 });
    expect(run.result.smallLas).toMatchObject({ handling: "exclude", minChildren: 5000 });
    expect(run.result.smallLas!.notes).toEqual([
      { laCode: "420", laName: "Isles of Scilly", childPopulation: 319, laType: "Isles of Scilly", outcome: "left out" },
    ]);
    expect(run.result.picks.map((p) => p.la_code)).not.toContain("420");
    expect(run.result.reserves.map((r) => r.la_code)).not.toContain("420");
  });

  it("the researcher can count them in their nearest type instead, or apply no rule", async () => {
    const nearest = await runSelection(db.pool, { wave: 1, k: 4, smallLas: { handling: "nearestType", minChildren: 5000 } });
    expect(nearest.result.eligible_count).toBe(14);
    expect(nearest.result.smallLas!.notes).toEqual([
      { laCode: "420", laName: "Isles of Scilly", childPopulation: 319, laType: "Isles of Scilly", outcome: "counted as another type", countedAs: "unitary authority" },
    ]);
    const none = await runSelection(db.pool, { wave: 1, k: 4, smallLas: { handling: "none", minChildren: 0 } });
    expect(none.result.eligible_count).toBe(14);
    expect(none.parameters.small_las).toEqual({ handling: "none", minChildren: 0 });
  });
});

describe("caseStudyRecordsForExport", () => {
  it("gives one row per pick and reserve of every saved selection, current first, with rationale", async () => {
    const records = await caseStudyRecordsForExport(db.pool);
    const current = (await findCurrentSelection(db.pool, 1))!;
    const mine = records.filter((r) => r.selectionId === current.id);
    expect(mine.filter((r) => r.role === "selected").map((r) => r.laCode)).toEqual(current.picks);
    expect(mine.filter((r) => r.role === "reserve")).toHaveLength(current.result.reserves.filter((r) => r.la_code).length);
    expect(mine[0].selectionName).toMatch(/^Wave 1 selection #\d+ \(k = 4, seed 3, objective \d+\.\d\) current$/);
    expect(mine[0].stratum).toMatch(/ x (low|developing|established|advanced|unknown)$/);
    expect(mine[0].createdBy).toBe("command line");
    expect(mine.find((r) => r.role === "reserve")?.rationale).toMatch(/^Reserve for \d{3}\. Best replacement/);
    expect(records.some((r) => r.selectionName.endsWith("superseded"))).toBe(true);
  });
});

describe("loadTypology", () => {
  it("crosses trajectory and capability band for LAs that submitted", async () => {
    const grid = await loadTypology(db.pool);
    expect(grid.total).toBe(STANDARD_SEEDS.filter((s) => s.status === "submitted").length);
    const durham = grid.cells.find((c) => c.las.some((l) => l.la_code === "840"))!;
    expect(durham).toMatchObject({ trajectory: "improved", band: "advanced" });
    expect((await loadTypology(db.pool, { all: true })).total).toBe(153);
  });
});
