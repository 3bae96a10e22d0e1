import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { itemMatrixName, type LoadedDefinition } from "../../../server/domain/definitions/types.ts";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";

const registry = loadDefinitions();
const current = registry.current();
let t: TestApp;
let viewer: LoggedIn;
let researcher: LoggedIn;
let las: { code: string; name: string; region: string }[];

function items(def: LoadedDefinition, pick: (itemId: string) => Record<string, string>): Record<string, unknown> {
  const data: Record<string, Record<string, unknown>> = {};
  for (const item of def.catalogue.dataItems) (data[itemMatrixName(item)] ??= {})[item.id] = pick(item.id);
  return data;
}

const GOOD = { recorded: "structured", extractable: "yes", completeness: "c90_100", history: "y5_plus" };
// the first indicator whose required items are asked how they are recorded (statutory-return fields take it from the return)
const askedRecorded = (id: string) => {
  const item = current.catalogue.dataItems.find((d) => d.id === id)!;
  return !current.rules.item.impliedAnswers?.[item.kind ?? "child_record"]?.answers.recorded;
};
const firstIndicator = current.catalogue.indicators.find((i) => i.dataItems.filter((d) => d.required).every((d) => askedRecorded(d.id)))!;
const firstRequired = firstIndicator.dataItems.find((d) => d.required)!.id;

beforeAll(async () => {
  t = await buildTestApp();
  const { rows } = await t.pool.query("SELECT la_code, name, region FROM las ORDER BY la_code LIMIT 3");
  las = rows.map((r) => ({ code: r.la_code, name: r.name, region: r.region }));
  await t.pool.query(
    `INSERT INTO survey_definitions (survey_id, version, hash, definition) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [current.surveyId, current.version, current.hash, JSON.stringify({ survey: current.survey, catalogue: current.catalogue, rules: current.rules })],
  );
  const insert = (la: string, status: string, data: Record<string, unknown>) =>
    t.pool.query(
      `INSERT INTO responses (la_code, survey_id, definition_version, definition_hash, data, version, status) VALUES ($1, $2, $3, $4, $5, 1, $6)`,
      [la, current.surveyId, current.version, current.hash, JSON.stringify(data), status],
    );
  // LA 0: everything ready except the first indicator's first required item, held as free text
  await insert(las[0].code, "submitted", items(current, (id) => (id === firstRequired ? { ...GOOD, recorded: "free_text" } : GOOD)));
  // LA 1: everything ready
  await insert(las[1].code, "submitted", items(current, () => GOOD));
  // LA 2: started, nothing answered
  await insert(las[2].code, "in_progress", {});
  viewer = await loginAs(t.app, "viewer");
  researcher = await loginAs(t.app, "researcher");
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe("GET /api/admin/scores", () => {
  it("needs a signed-in console user", async () => {
    await supertest(t.app.server).get("/api/admin/scores").expect(401);
  });

  it("returns the LA x indicator matrix, computed from the responses", async () => {
    const res = await researcher.agent.get("/api/admin/scores").expect(200);
    expect(res.body.rulesVersion).toBe(current.rules.version);
    expect(res.body.indicators.map((i: { id: string }) => i.id)).toEqual(current.catalogue.indicators.map((i) => i.id));
    expect(res.body.bands.map((b: { id: string }) => b.id)).toEqual(["ready_now", "feasible_with_development", "not_feasible_now", "not_enough_information"]);
    const byCode = new Map(res.body.las.map((l: { laCode: string }) => [l.laCode, l]));
    expect([...byCode.keys()].sort()).toEqual(las.map((l) => l.code).sort());
    const la0 = byCode.get(las[0].code) as { name: string; region: string; scores: Record<string, { band: string; score: number }> };
    expect(la0.name).toBe(las[0].name);
    expect(la0.region).toBe(las[0].region);
    expect(la0.scores[firstIndicator.id].band).not.toBe("ready_now");
    const la1 = byCode.get(las[1].code) as { scores: Record<string, { band: string; score: number }>; capabilityBand: string };
    expect(Object.values(la1.scores).every((c) => c.band === "ready_now" && c.score === 100)).toBe(true);
    const la2 = byCode.get(las[2].code) as { scores: Record<string, { band: string; score: number | null }> };
    expect(Object.values(la2.scores).every((c) => c.band === "not_enough_information" && c.score === null)).toBe(true);
  });

  it("filters by response status", async () => {
    const res = await researcher.agent.get("/api/admin/scores?status=submitted").expect(200);
    expect(res.body.las.map((l: { laCode: string }) => l.laCode).sort()).toEqual([las[0].code, las[1].code].sort());
    await researcher.agent.get("/api/admin/scores?status=nope").expect(400);
  });

  it("follows a changed response", async () => {
    await t.pool.query("UPDATE responses SET data = $2, version = 2 WHERE la_code = $1", [las[1].code, JSON.stringify({})]);
    const res = await researcher.agent.get("/api/admin/scores").expect(200);
    const la1 = res.body.las.find((l: { laCode: string }) => l.laCode === las[1].code);
    expect(Object.values(la1.scores as Record<string, { band: string }>).every((c) => c.band === "not_enough_information")).toBe(true);
    await t.pool.query("UPDATE responses SET data = $2, version = 3 WHERE la_code = $1", [las[1].code, JSON.stringify(items(current, () => GOOD))]);
  });
});

describe("GET /api/admin/scores/:laCode", () => {
  it("returns the profile with quotable explanations", async () => {
    const res = await researcher.agent.get(`/api/admin/scores/${las[0].code}`).expect(200);
    expect(res.body.laCode).toBe(las[0].code);
    expect(res.body.rulesId).toBe(current.rules.id);
    const ind = res.body.indicators.find((i: { indicatorId: string }) => i.indicatorId === firstIndicator.id);
    expect(ind.barriers).toContain("free_text_only");
    expect(ind.steps.join(" ")).toContain("The indicator takes its weakest required item");
    const item = ind.items.find((i: { itemId: string }) => i.itemId === firstRequired);
    expect(item.aspects[0]).toMatchObject({ aspect: "recorded", value: "free_text" });
    expect(item.steps.join(" ")).toMatch(/is recorded as free text only, which caps the item at \d+ \(rule: /);
    expect(res.body.items.length).toBe(current.catalogue.dataItems.length);
    expect(res.body.capability.dimensions.length).toBe(current.rules.capability.dimensions.length);
  });

  it("answers 404 for an LA without a response and for an unknown LA, naming the code", async () => {
    const { rows } = await t.pool.query("SELECT la_code FROM las WHERE la_code NOT IN ($1, $2, $3) LIMIT 1", las.map((l) => l.code));
    const none = await researcher.agent.get(`/api/admin/scores/${rows[0].la_code}`).expect(404);
    expect(none.body.message).toMatch(new RegExp(`laCode ${rows[0].la_code} has no scores`));
    const unknown = await researcher.agent.get("/api/admin/scores/999").expect(404);
    expect(unknown.body.message).toMatch(/laCode 999 is not an LA/);
    await researcher.agent.get("/api/admin/scores/abc").expect(400);
  });
});

describe("GET /api/admin/indicators/summary", () => {
  it("summarises submitted responses per indicator", async () => {
    const res = await researcher.agent.get("/api/admin/indicators/summary").expect(200);
    expect(res.body.status).toBe("submitted");
    expect(res.body.respondingLas).toBe(2);
    const s = res.body.indicators.find((i: { indicatorId: string }) => i.indicatorId === firstIndicator.id);
    expect(s.respondingLas).toBe(2);
    expect(s.readyNow).toBe(1);
    expect(s.overall.percent.ready_now).toBe(50);
    expect(s.mostCommonBarrier.barrier).toBe("free_text_only");
    expect(s.byRegion.reduce((n: number, r: { n: number }) => n + r.n, 0)).toBe(2);
    expect(s.byLaType.reduce((n: number, r: { n: number }) => n + r.n, 0)).toBe(2);
  });

  it("can include started responses", async () => {
    const res = await researcher.agent.get("/api/admin/indicators/summary?status=started").expect(200);
    expect(res.body.respondingLas).toBe(3);
    expect(res.body.indicators[0].overall.counts.not_enough_information).toBeGreaterThanOrEqual(1);
  });
});

describe("score routes and roles", () => {
  it("viewers see national aggregates only: per-LA scores are for researchers", async () => {
    await viewer.agent.get("/api/admin/scores").expect(403);
    await viewer.agent.get("/api/admin/scores/202").expect(403);
    await researcher.agent.get("/api/admin/scores").expect(200);
  });

  it("viewers get no figures while fewer than 5 LAs have responded (each band would single one out)", async () => {
    const res = await viewer.agent.get("/api/admin/indicators/summary").expect(200);
    expect(res.body.respondingLas).toBe(2);
    expect(res.body.indicators).toEqual([]);
  });
});
