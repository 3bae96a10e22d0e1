/**
 * What the console's score views need beyond scores: GET /api/admin/scores/:laCode carries the five capability levels with each
 * dimension's descriptors (LA profile page); GET /api/admin/scores and /api/admin/indicators/summary name the outcome areas (column and area filters).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";

const current = loadDefinitions().current();
let t: TestApp;
let viewer: LoggedIn;
let researcher: LoggedIn;
let laCode: string;

beforeAll(async () => {
  t = await buildTestApp();
  laCode = (await t.pool.query("SELECT la_code FROM las ORDER BY la_code LIMIT 1")).rows[0].la_code;
  await t.pool.query(
    `INSERT INTO survey_definitions (survey_id, version, hash, definition) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [current.surveyId, current.version, current.hash, JSON.stringify({ survey: current.survey, catalogue: current.catalogue, rules: current.rules })],
  );
  await t.pool.query(
    `INSERT INTO responses (la_code, survey_id, definition_version, definition_hash, data, version, status) VALUES ($1, $2, $3, $4, '{}', 1, 'in_progress')`,
    [laCode, current.surveyId, current.version, current.hash],
  );
  viewer = await loginAs(t.app, "viewer");
  researcher = await loginAs(t.app, "researcher");
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe("GET /api/admin/scores/:laCode capabilityScale", () => {
  it("lists the five levels and, for every CDDO dimension, what each level looks like", async () => {
    const res = await researcher.agent.get(`/api/admin/scores/${laCode}`).expect(200);
    const scale = res.body.capabilityScale;
    expect(scale.rulesVersion).toBe(current.rules.version);
    expect(scale.levels.map((l: { level: number }) => l.level)).toEqual([1, 2, 3, 4, 5]);
    expect(scale.levels[0]).toEqual(current.rules.capability.levels[0]);
    expect(scale.dimensions.map((d: { id: string }) => d.id)).toEqual(current.rules.capability.dimensions.map((d) => d.id));
    const data = current.rules.capability.dimensions[0];
    expect(scale.dimensions[0].descriptors).toEqual(data.descriptors);
    expect(Object.keys(scale.dimensions[0].descriptors).sort()).toEqual(["1", "2", "3", "4", "5"]);
    // the profile itself still comes with it
    expect(res.body.capability.dimensions).toHaveLength(current.rules.capability.dimensions.length);
  });
});

describe("GET /api/admin/scores outcomeAreas", () => {
  it("names every outcome area the indicators refer to", async () => {
    const res = await researcher.agent.get("/api/admin/scores").expect(200);
    const ids = new Set(res.body.outcomeAreas.map((a: { id: string }) => a.id));
    expect(res.body.outcomeAreas[0]).toEqual({ id: current.catalogue.outcomeAreas[0].id, name: current.catalogue.outcomeAreas[0].name, kind: current.catalogue.outcomeAreas[0].kind });
    expect(res.body.indicators.every((i: { outcomeArea: string }) => ids.has(i.outcomeArea))).toBe(true);
    expect(res.body.las.map((l: { laCode: string }) => l.laCode)).toEqual([laCode]);
  });
});

describe("GET /api/admin/indicators/summary outcomeAreas", () => {
  it("names the outcome areas for viewers, who see aggregates only", async () => {
    const res = await viewer.agent.get("/api/admin/indicators/summary?status=all").expect(200);
    expect(res.body.outcomeAreas.map((a: { id: string }) => a.id)).toEqual(current.catalogue.outcomeAreas.map((a) => a.id));
    const ids = new Set(res.body.outcomeAreas.map((a: { id: string }) => a.id));
    expect(res.body.indicators.every((i: { outcomeArea: string }) => ids.has(i.outcomeArea))).toBe(true);
  });
});
