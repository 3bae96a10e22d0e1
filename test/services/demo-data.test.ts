import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DemoRefusedError, loadDemoData, type DemoSummary } from "../../server/services/demo-data.ts";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";
import { checkData, compileStructure } from "../../server/domain/responses/structure.ts";
import { validateSubmission } from "../../server/services/submit-validator.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

const config = { publicUrl: "http://localhost:3000", tokenTtlDays: 30 };

describe("demo data", () => {
  let db: TestDatabase;
  let summary: DemoSummary;
  const logs: string[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    summary = await loadDemoData(db.pool, { force: false, log: (m) => logs.push(m), config });
  }, 600_000);
  afterAll(async () => db?.close());

  it("fills all 153 LAs, mostly submitted, some in progress, some not started, all marked demo", async () => {
    expect(summary.submitted + summary.inProgress + summary.notStarted).toBe(153);
    expect(summary.submitted).toBeGreaterThan(153 / 2);
    expect(summary.inProgress).toBeGreaterThan(10);
    expect(summary.notStarted).toBeGreaterThan(5);
    const r = await db.pool.query("SELECT status, count(*)::int AS n, bool_and(is_demo) AS demo FROM responses GROUP BY status");
    const by = Object.fromEntries(r.rows.map((x) => [x.status, x]));
    expect(by.submitted.n).toBe(summary.submitted);
    expect(by.in_progress.n).toBe(summary.inProgress);
    expect(r.rows.every((x) => x.demo)).toBe(true);
    // every LA drawn as "submitted" passed server-side validation (none left behind by a bad answer)
    expect(logs.filter((l) => l.includes("left in progress"))).toEqual([]);
  });

  it("went through the real save path: changes are attributed to named contributors", async () => {
    const c = await db.pool.query(
      "SELECT count(DISTINCT rc.contributor_id)::int AS people, count(*)::int AS changes FROM response_changes rc",
    );
    expect(c.rows[0].people).toBeGreaterThan(summary.submitted);
    expect(c.rows[0].changes).toBeGreaterThan(1000);
  });

  it("submitted demo answers pass the same server-side validation as real ones", async () => {
    const def = loadDefinitions().current();
    const { rows } = await db.pool.query("SELECT data FROM responses WHERE status = 'submitted' ORDER BY la_code LIMIT 3");
    const structure = compileStructure(def.survey);
    for (const row of rows) {
      // as a real submit: the stored data passes the shape check, then the definition's compiled
      // submit plan validates it (the same verdicts as survey-core: compiled-validation.test.ts)
      expect(checkData(structure, row.data)).toEqual([]);
      const result = await validateSubmission(def.survey, row.data, { shapeChecked: true }, `${def.surveyId}@${def.version}#${def.hash}`);
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    }
  });

  it("prints a demo login and respondent links", () => {
    expect(summary.login?.email).toBe("demo-admin@example.org");
    expect(summary.login!.password.length).toBeGreaterThanOrEqual(16);
    expect(summary.links.length).toBe(2);
    expect(summary.links[0].link).toMatch(/^http:\/\/localhost:3000\//);
    expect(logs.join("\n")).toContain("Demo console login: demo-admin@example.org");
  });

  it("does nothing when run again", async () => {
    const before = await db.pool.query("SELECT sum(version)::int AS v FROM responses");
    const again = await loadDemoData(db.pool, { force: false, log: () => {}, config });
    expect(again.submitted + again.inProgress + again.notStarted).toBe(0);
    const after = await db.pool.query("SELECT sum(version)::int AS v FROM responses");
    expect(after.rows[0].v).toBe(before.rows[0].v);
  });

  it("refuses a database that holds real responses unless forced", async () => {
    await db.pool.query("UPDATE responses SET is_demo = false WHERE la_code = (SELECT min(la_code) FROM responses WHERE status = 'submitted')");
    await expect(loadDemoData(db.pool, { force: false, log: () => {}, config })).rejects.toBeInstanceOf(DemoRefusedError);
  });
});
