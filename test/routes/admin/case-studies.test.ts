import { describe, it, expect, beforeAll, afterAll } from "vitest";
import supertest from "supertest";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../../server/app.ts";
import caseStudyRoutes from "../../../server/routes/admin/case-studies.ts";
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
  // Until the route plugin is listed in server/routes/index.ts, register it here the same way.
  if (!app.hasRoute({ method: "POST", url: "/api/admin/case-studies" })) {
    await app.register(async (api) => api.register(caseStudyRoutes), { prefix: "/api" });
  }
  await app.ready();
  researcher = await loginAs(app, "researcher");
  viewer = await loginAs(app, "viewer");
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const post = (s: LoggedIn, body: unknown) => s.agent.post("/api/admin/case-studies").set("x-csrf-token", s.csrfToken).send(body as object);
const savedCount = async () => (await db.pool.query(`SELECT count(*)::int AS n FROM case_study_selections`)).rows[0].n as number;

describe("POST /api/admin/case-studies", () => {
  it("runs a selection without saving it", async () => {
    const res = await post(researcher, { wave: 1, k: 4, seed: 2 }).expect(200);
    expect(res.body.saved).toBeNull();
    expect(res.body.result.picks).toHaveLength(4);
    expect(res.body.result.reserves).toHaveLength(4);
    expect(res.body.result.objective).toBeGreaterThan(0);
    expect(res.body.result.picks[0].rationale).toMatch(/Without it the objective would fall/);
    expect(res.body.result.coverage.categorical.map((r: { attribute: string }) => r.attribute)).toContain("capabilityBand");
    expect(await savedCount()).toBe(0);
  });

  it("applies weights and constraints from the body", async () => {
    const res = await post(researcher, {
      wave: 1,
      k: 3,
      weights: { region: 0, laType: 3 },
      constraints: { mustInclude: ["202"], mustExclude: ["204"], atMostOnePerRegion: true, maxPerType: { "county council": 1 } },
    }).expect(200);
    const picks = res.body.result.picks as { laCode: string; region: string; laType: string }[];
    expect(picks.map((p) => p.laCode)).toContain("202");
    expect(picks.map((p) => p.laCode)).not.toContain("204");
    expect(new Set(picks.map((p) => p.region)).size).toBe(3);
    expect(picks.filter((p) => p.laType === "county council").length).toBeLessThanOrEqual(1);
    expect(res.body.result.weights).toMatchObject({ region: 0, laType: 3, ofsted: 1 });
  });

  it("leaves out LAs with fewer than 5,000 children unless told otherwise, and says so in the result", async () => {
    const res = await post(researcher, { wave: 1, k: 4 }).expect(200);
    expect(res.body.parameters.smallLas).toEqual({ handling: "exclude", minChildren: 5000 });
    expect(res.body.result.smallLas.notes.map((n: { laName: string; outcome: string }) => `${n.laName}: ${n.outcome}`)).toEqual(["Isles of Scilly: left out"]);
    const nearest = await post(researcher, { wave: 1, k: 4, smallLas: { handling: "nearestType", minChildren: 5000 } }).expect(200);
    expect(nearest.body.result.smallLas.notes[0]).toMatchObject({ laCode: "420", countedAs: "unitary authority" });
  });

  it("saves a selection, lists it with who/when/parameters, and wave 2 excludes its picks", async () => {
    const res = await post(researcher, { wave: 1, k: 4, save: true }).expect(200);
    expect(res.body.saved.id).toMatch(/^\d+$/);
    const list = await researcher.agent.get("/api/admin/case-studies").expect(200);
    // a limit too large for a number (1e400 is Infinity) is not a server error
    expect((await researcher.agent.get("/api/admin/case-studies?limit=1e400")).status).toBeLessThan(500);
    const s = list.body.selections[0];
    expect(s).toMatchObject({ id: res.body.saved.id, wave: 1, k: 4, isCurrent: true, createdBy: researcher.user.id, createdByLabel: researcher.user.email });
    expect(s.parameters).toMatchObject({ wave: 1, k: 4, seed: 1 });
    expect(s.result.picks.map((p: { laCode: string }) => p.laCode)).toEqual(res.body.result.picks.map((p: { laCode: string }) => p.laCode));
    const wave1 = s.result.picks.map((p: { laCode: string }) => p.laCode) as string[];

    const w2 = await post(researcher, { wave: 2, k: 4 }).expect(200);
    for (const c of wave1) expect(w2.body.result.picks.map((p: { laCode: string }) => p.laCode)).not.toContain(c);
  });

  it("re-runs the saved wave with a pick declined, keeping the other picks", async () => {
    const saved = (await researcher.agent.get("/api/admin/case-studies?wave=1").expect(200)).body.selections[0];
    const picks = saved.result.picks.map((p: { laCode: string }) => p.laCode) as string[];
    const res = await post(researcher, { wave: 1, declineSaved: [picks[0]] }).expect(200);
    const now = res.body.result.picks.map((p: { laCode: string }) => p.laCode) as string[];
    expect(now).not.toContain(picks[0]);
    for (const c of picks.slice(1)) expect(now).toContain(c);
  });

  it("bad input answers with a message naming the problem, and saves nothing", async () => {
    const before = await savedCount();
    const tooMany = await post(researcher, { wave: 1, k: 6, save: true, constraints: { mustExclude: STANDARD_SEEDS.slice(0, 10).map((s) => s.laCode) } }).expect(422);
    expect(tooMany.body).toMatchObject({ code: "POOL_TOO_SMALL", field: "k", poolSize: 4 });
    expect(tooMany.body.message).toMatch(/^k = 6 is larger than the 4 eligible LAs/);

    const clash = await post(researcher, { wave: 1, k: 4, save: true, constraints: { mustInclude: ["202", "204"], atMostOnePerRegion: true } }).expect(422);
    expect(clash.body.code).toBe("CONTRADICTORY_CONSTRAINTS");
    expect(clash.body.conflicts).toEqual(["mustInclude has 202 Camden and 204 Hackney, all in London, but atMostOnePerRegion allows one"]);

    const unknown = await post(researcher, { wave: 1, k: 4, save: true, constraints: { mustInclude: ["999"] } }).expect(400);
    expect(unknown.body).toMatchObject({ code: "UNKNOWN_LA_CODE", field: "constraints.mustInclude", laCodes: ["999"] });
    expect(unknown.body.message).toBe("constraints.mustInclude: unknown LA code 999 (not in the LA register)");

    const notAgreed = await post(researcher, { wave: 1, k: 4, save: true, constraints: { mustInclude: ["201"] } }).expect(422);
    expect(notAgreed.body.message).toMatch(/201 City of London cannot be included: it has not agreed to take part/);

    const minSum = await post(researcher, { wave: 1, k: 2, save: true, constraints: { minPerType: { "county council": 2, "London borough": 1 } } }).expect(422);
    expect(minSum.body.conflicts).toContain("minPerType adds up to 3, more than k = 2");

    const small = await post(researcher, { wave: 1, k: 4, save: true, constraints: { mustInclude: ["420"] } }).expect(422);
    expect(small.body).toMatchObject({ code: "CONTRADICTORY_CONSTRAINTS", field: "constraints.mustInclude" });
    expect(small.body.message).toMatch(/420 Isles of Scilly must be included but has fewer than 5000 children/);
    const badRule = await post(researcher, { wave: 1, k: 4, save: true, smallLas: { handling: "drop", minChildren: 5000 } }).expect(400);
    expect(badRule.body.field).toMatch(/^smallLas\./);
    expect(badRule.body.message).toBe("Handling is not one of the choices");

    await post(researcher, { wave: 1, k: 9 }).expect(400); // schema: k up to 6
    expect(await savedCount()).toBe(before);
  });

  it("needs a researcher login (viewer 403, no session 401)", async () => {
    await post(viewer, { wave: 1, k: 4 }).expect(403);
    await viewer.agent.get("/api/admin/case-studies").expect(403);
    await supertest(app.server).get("/api/admin/case-studies/typology").expect(401);
  });
});

describe("GET typology and objective", () => {
  it("returns the trajectory x capability band grid with LA names", async () => {
    const res = await researcher.agent.get("/api/admin/case-studies/typology").expect(200);
    const { grid } = res.body;
    expect(grid.bands.map((b: { key: string }) => b.key)).toEqual(["low", "developing", "established", "advanced", "unknown"]);
    expect(grid.total).toBe(STANDARD_SEEDS.filter((s) => s.status === "submitted").length);
    const durham = grid.cells.find((c: { las: { laCode: string }[] }) => c.las.some((l) => l.laCode === "840"));
    expect(durham).toMatchObject({ trajectory: "improved", band: "advanced" });
  });

  it("returns the objective in plain words", async () => {
    const res = await researcher.agent.get("/api/admin/case-studies/objective").expect(200);
    expect(res.body.text).toMatch(/weighted average of the nine scores/);
  });
});
