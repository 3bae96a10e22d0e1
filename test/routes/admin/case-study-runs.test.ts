import { describe, it, expect, beforeAll, afterAll } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../../server/app.ts";
import { testConfig } from "../../helpers/build-test-app.ts";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-db.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { seedCaseStudyLas, STANDARD_SEEDS } from "../../helpers/case-study-seed.ts";

let db: TestDatabase;
let app: FastifyInstance;
let researcher: LoggedIn;
let viewer: LoggedIn;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedCaseStudyLas(db.pool, STANDARD_SEEDS);
  app = await buildApp({ config: testConfig(), database: { url: db.url, kind: db.kind }, logger: false });
  await app.ready();
  researcher = await loginAs(app, "researcher");
  viewer = await loginAs(app, "viewer");
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const post = (s: LoggedIn, url: string, body: unknown = {}) => s.agent.post(url).set("x-csrf-token", s.csrfToken).send(body as object);
const codes = (picks: { laCode: string }[]) => picks.map((p) => p.laCode);

describe("kept runs", () => {
  it("every run is kept with what was asked, its settings and result, newest first, and reads back in full", async () => {
    const first = await post(researcher, "/api/admin/case-studies", { wave: 1, k: 3, seed: 5 }).expect(200);
    const second = await post(researcher, "/api/admin/case-studies", { wave: 1, k: 4, weights: { region: 0 }, note: "region ignored" }).expect(200);
    expect(first.body.run.id).toMatch(/^\d+$/);
    const list = (await researcher.agent.get("/api/admin/case-studies/runs").expect(200)).body.runs;
    expect(list.map((r: { id: string }) => r.id).slice(0, 2)).toEqual([second.body.run.id, first.body.run.id]);
    expect(list[0]).toMatchObject({ wave: 1, k: 4, seed: 1, note: "region ignored", savedSelectionId: null, createdByLabel: researcher.user.email });
    expect(list[0].request).toMatchObject({ wave: 1, k: 4, smallLas: { handling: "exclude", minChildren: 5000 }, leaveOutDeclined: true });
    expect(list[0].request.weights.region).toBe(0);
    expect(list[1].picks.map((p: { laCode: string }) => p.laCode)).toEqual(codes(first.body.result.picks));

    const one = (await researcher.agent.get(`/api/admin/case-studies/runs/${first.body.run.id}`).expect(200)).body.run;
    expect(one.result).toEqual(first.body.result);
    expect(one.parameters).toMatchObject({ seed: 5, smallLas: { handling: "exclude", minChildren: 5000 } });
  });

  it("re-running a kept run's request gives the same picks", async () => {
    const made = await post(researcher, "/api/admin/case-studies", { wave: 1, k: 4, seed: 9, constraints: { mustExclude: ["202"] }, smallLas: { handling: "nearestType", minChildren: 5000 } }).expect(200);
    const kept = (await researcher.agent.get(`/api/admin/case-studies/runs/${made.body.run.id}`).expect(200)).body.run;
    const again = await post(researcher, "/api/admin/case-studies", kept.request).expect(200);
    expect(codes(again.body.result.picks)).toEqual(codes(made.body.result.picks));
    expect(again.body.result.objective).toBe(made.body.result.objective);
  });

  it("saving a kept run makes its own result the wave's selection", async () => {
    const made = await post(researcher, "/api/admin/case-studies", { wave: 1, k: 4, seed: 2 }).expect(200);
    const saved = await post(researcher, `/api/admin/case-studies/runs/${made.body.run.id}/save`).expect(200);
    expect(saved.body.runId).toBe(made.body.run.id);
    const current = (await researcher.agent.get("/api/admin/case-studies?wave=1").expect(200)).body.selections[0];
    expect(current.id).toBe(saved.body.savedSelectionId);
    expect(codes(current.result.picks)).toEqual(codes(made.body.result.picks));
    const list = (await researcher.agent.get("/api/admin/case-studies/runs").expect(200)).body.runs;
    expect(list.find((r: { id: string }) => r.id === made.body.run.id).savedSelectionId).toBe(saved.body.savedSelectionId);
    // saving twice keeps the one save
    expect((await post(researcher, `/api/admin/case-studies/runs/${made.body.run.id}/save`).expect(200)).body.savedSelectionId).toBe(saved.body.savedSelectionId);
  });

  it("a run saved with save: true is kept too, pointing at its selection", async () => {
    const made = await post(researcher, "/api/admin/case-studies", { wave: 1, k: 4, save: true }).expect(200);
    const one = (await researcher.agent.get(`/api/admin/case-studies/runs/${made.body.run.id}`).expect(200)).body.run;
    expect(one.savedSelectionId).toBe(made.body.saved.id);
  });

  it("an unknown run is 404, a malformed id 400; viewers cannot see runs", async () => {
    const missing = await researcher.agent.get("/api/admin/case-studies/runs/999999").expect(404);
    expect(missing.body.message).toMatch(/no kept run 999999/);
    await researcher.agent.get("/api/admin/case-studies/runs/abc").expect(400);
    await post(researcher, "/api/admin/case-studies/runs/999999/save").expect(404);
    await viewer.agent.get("/api/admin/case-studies/runs").expect(403);
    await viewer.agent.get("/api/admin/case-studies/declines").expect(403);
  });
});

describe("declines recorded against the LA", () => {
  it("are listed with the reason and left out of later runs by default; the researcher can bring them back", async () => {
    const run = await post(researcher, "/api/admin/case-studies", { wave: 1, k: 4, seed: 3 }).expect(200);
    const decliner = run.body.result.picks[0] as { laCode: string; laName: string };
    await db.pool.query(`INSERT INTO case_study_records (la_code, status, decline_reason, updated_by) VALUES ($1, 'declined', 'No analyst time this year', 'test')`, [decliner.laCode]);

    const declines = (await researcher.agent.get("/api/admin/case-studies/declines").expect(200)).body.declines;
    expect(declines).toEqual([{ laCode: decliner.laCode, laName: decliner.laName, reason: "No analyst time this year", recordedAt: expect.any(String) }]);

    const later = await post(researcher, "/api/admin/case-studies", { wave: 1, k: 4, seed: 3 }).expect(200);
    expect(codes(later.body.result.picks)).not.toContain(decliner.laCode);
    expect(later.body.parameters.leaveOutDeclined).toBe(true);
    expect(later.body.parameters.recordedDeclines.map((d: { laCode: string; reason: string }) => [d.laCode, d.reason])).toEqual([[decliner.laCode, "No analyst time this year"]]);

    const clash = await post(researcher, "/api/admin/case-studies", { wave: 1, k: 4, constraints: { mustInclude: [decliner.laCode] } }).expect(422);
    expect(clash.body.field).toBe("leaveOutDeclined");
    expect(clash.body.message).toContain(`${decliner.laName} must be included but declined a case study ("No analyst time this year")`);

    const back = await post(researcher, "/api/admin/case-studies", { wave: 1, k: 4, leaveOutDeclined: false, constraints: { mustInclude: [decliner.laCode] } }).expect(200);
    expect(codes(back.body.result.picks)).toContain(decliner.laCode);
    expect(back.body.parameters.leaveOutDeclined).toBe(false);
  });
});
