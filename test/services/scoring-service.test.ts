/**
 * Storing and refreshing scores on a real (test) database with the real survey definitions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";
import { itemMatrixName, type LoadedDefinition } from "../../server/domain/definitions/types.ts";
import { withTransaction } from "../../server/repositories/queryable.ts";
import { findStaleScores, readLaScores, readScoreMatrix, readScoredLas } from "../../server/repositories/scores-repository.ts";
import {
  SCORING_ENGINE_VERSION,
  computeScoresForResponse,
  recomputeScoresForResponse,
  refreshStaleScores,
  type ScorableResponse,
} from "../../server/services/scoring-service.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

const registry = loadDefinitions();
const current = registry.current();
const v1 = registry.get(current.surveyId, 1);
let db: TestDatabase;
let las: string[];

const GOOD = { recorded: "structured", extractable: "yes", completeness: "c90_100", history: "y5_plus" };

function allItems(def: LoadedDefinition, cells: Record<string, string>): Record<string, unknown> {
  const data: Record<string, Record<string, unknown>> = {};
  for (const item of def.catalogue.dataItems) (data[itemMatrixName(item)] ??= {})[item.id] = { ...cells };
  return data;
}

async function insertResponse(la: string, def: LoadedDefinition, status: string, data: Record<string, unknown>): Promise<ScorableResponse> {
  const { rows } = await db.pool.query(
    `INSERT INTO responses (la_code, survey_id, definition_version, definition_hash, data, version, status)
     VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id::text`,
    [la, def.surveyId, def.version, def.hash, JSON.stringify(data), status],
  );
  return { id: rows[0].id, laCode: la, surveyId: def.surveyId, definitionVersion: def.version, data, version: 1, status };
}

beforeAll(async () => {
  db = await createTestDatabase();
  const { rows } = await db.pool.query("SELECT la_code FROM las ORDER BY la_code LIMIT 4");
  las = rows.map((r) => r.la_code);
  for (const d of registry.all()) {
    await db.pool.query(
      `INSERT INTO survey_definitions (survey_id, version, hash, definition) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [d.surveyId, d.version, d.hash, JSON.stringify({ survey: d.survey, catalogue: d.catalogue, rules: d.rules })],
    );
  }
}, 120_000);

afterAll(async () => {
  await db?.close();
});

describe("recomputeScoresForResponse", () => {
  it("stores every indicator, item and the capability profile with the rules version and explanations", async () => {
    const response = await insertResponse(las[0], current, "submitted", allItems(current, GOOD));
    await withTransaction(db.pool, (client) => recomputeScoresForResponse(client, response, current, { registry }));

    const stored = await readLaScores(db.pool, las[0]);
    expect(stored).not.toBeNull();
    expect(stored!.rulesId).toBe(current.rules.id);
    expect(stored!.rulesVersion).toBe(current.rules.version);
    expect(stored!.definitionHash).toBe(current.hash);
    expect(stored!.engineVersion).toBe(SCORING_ENGINE_VERSION);
    expect(stored!.responseStatus).toBe("submitted");
    expect(stored!.indicators.map((i) => i.indicatorId)).toEqual(current.catalogue.indicators.map((i) => i.id));
    expect(stored!.items.map((i) => i.itemId)).toEqual(current.catalogue.dataItems.map((i) => i.id));
    expect(stored!.indicators.every((i) => i.band === "ready_now" && i.score === 100)).toBe(true);
    expect(stored!.bandCounts.ready_now).toBe(current.catalogue.indicators.length);
    // explanations are self-contained: each indicator carries its items' answers and steps
    const first = stored!.indicators[0];
    expect(first.steps.length).toBeGreaterThan(0);
    expect(first.items[0].aspects.map((a) => a.value)).toEqual(["structured", "yes", "c90_100", "y5_plus"]);
    expect(stored!.capability.dimensions.map((d) => d.dimensionId)).toEqual(current.rules.capability.dimensions.map((d) => d.id));
  });

  it("replaces the previous scores of the LA (no duplicates, new values)", async () => {
    const { rows } = await db.pool.query("SELECT id::text FROM responses WHERE la_code = $1", [las[0]]);
    const data = allItems(current, { ...GOOD, recorded: "free_text" });
    await db.pool.query("UPDATE responses SET data = $2, version = 2 WHERE id = $1", [rows[0].id, JSON.stringify(data)]);
    const response: ScorableResponse = { id: rows[0].id, laCode: las[0], surveyId: current.surveyId, definitionVersion: current.version, data, version: 2, status: "submitted" };
    await withTransaction(db.pool, (client) => recomputeScoresForResponse(client, response, current, { registry }));
    const n = await db.pool.query("SELECT count(*)::int AS n FROM indicator_scores WHERE la_code = $1", [las[0]]);
    expect(n.rows[0].n).toBe(current.catalogue.indicators.length);
    const stored = await readLaScores(db.pool, las[0]);
    expect(stored!.responseVersion).toBe(2);
    // the first indicator whose items are asked how they are recorded (statutory-return fields are not)
    const askedRecorded = new Set(current.catalogue.dataItems.filter((d) => !current.rules.item.impliedAnswers?.[d.kind ?? "child_record"]?.answers.recorded).map((d) => d.id));
    const ind = stored!.indicators.find((i) => i.items.every((it) => askedRecorded.has(it.itemId)))!;
    expect(ind.band).not.toBe("ready_now");
    expect(ind.barriers).toContain("free_text_only");
    expect(ind.items[0].steps.join(" ")).toMatch(/is recorded as free text only, which caps the item at \d+ \(rule: /);
  });

  it("scores a response on an older version with the current rules after migrating it", () => {
    const response: ScorableResponse = { id: 1, laCode: "999", surveyId: v1.surveyId, definitionVersion: v1.version, data: allItems(v1, GOOD), version: 1, status: "submitted" };
    const computed = computeScoresForResponse(response, current, registry);
    expect(computed.definitionVersion).toBe(current.version);
    expect(computed.answeredVersion).toBe(v1.version);
    expect(computed.scores.rulesVersion).toBe(current.rules.version);
    // items carried over by the mapping are scored; the rest are "not enough information", never 0
    expect(computed.scores.items.some((i) => i.score === 100)).toBe(true);
    expect(computed.scores.items.every((i) => i.score === 100 || i.score === null)).toBe(true);
    if (current.version !== v1.version) expect(() => computeScoresForResponse(response, current)).toThrow(/pass the definition registry/);
  });

  it("scores a v2 response answering only 'recorded' with v3's rules: not enough information, except not recorded (0)", () => {
    const v2 = registry.get(current.surveyId, 2);
    const v3 = registry.get(current.surveyId, 3);
    const base = { id: 1, laCode: "999", surveyId: v2.surveyId, definitionVersion: v2.version, version: 1, status: "submitted" };
    const onlyRecorded = computeScoresForResponse({ ...base, data: allItems(v2, { recorded: "structured" }) }, v3, registry);
    expect(onlyRecorded.definitionVersion).toBe(3);
    expect(onlyRecorded.answeredVersion).toBe(2);
    expect(onlyRecorded.scores.items.every((i) => i.score === null && i.missingAspects.join() === "extractable,completeness")).toBe(true);
    expect(onlyRecorded.scores.indicators.every((i) => i.band === "not_enough_information")).toBe(true);
    // under v2's own rules the same answers were "Ready now": the reason for v3
    const underV2 = computeScoresForResponse({ ...base, data: allItems(v2, { recorded: "structured" }) }, v2, registry);
    expect(underV2.scores.indicators.every((i) => i.band === "ready_now")).toBe(true);

    const notRecorded = computeScoresForResponse({ ...base, data: allItems(v2, { recorded: "not_recorded" }) }, v3, registry);
    expect(notRecorded.scores.items.every((i) => i.score === 0)).toBe(true);
    expect(notRecorded.scores.indicators.every((i) => i.band === "not_feasible_now")).toBe(true);

    const full = computeScoresForResponse({ ...base, data: allItems(v2, GOOD) }, v3, registry);
    expect(full.scores.indicators.every((i) => i.band === "ready_now")).toBe(true);
  });
});

describe("refreshStaleScores", () => {
  it("scores responses without scores, and again only when the response changes", async () => {
    await insertResponse(las[1], current, "in_progress", {});
    await insertResponse(las[2], v1, "submitted", allItems(v1, GOOD));
    const first = await refreshStaleScores(db.pool, registry);
    expect(first.failed).toEqual([]);
    expect(first.recomputed).toEqual(expect.arrayContaining([las[1], las[2]]));
    expect(await findStaleScores(db.pool, { surveyId: current.surveyId, definitionHash: current.hash, engineVersion: SCORING_ENGINE_VERSION })).toEqual([]);

    const again = await refreshStaleScores(db.pool, registry);
    expect(again.recomputed).toEqual([]);

    await db.pool.query("UPDATE responses SET version = version + 1, status = 'submitted' WHERE la_code = $1", [las[1]]);
    const third = await refreshStaleScores(db.pool, registry);
    expect(third.recomputed).toEqual([las[1]]);
  });

  it("treats scores from other rules (definition hash) as stale", async () => {
    await db.pool.query("UPDATE la_scores SET definition_hash = 'old' WHERE la_code = $1", [las[2]]);
    const r = await refreshStaleScores(db.pool, registry);
    expect(r.recomputed).toEqual([las[2]]);
  });

  it("removes scores of deleted responses", async () => {
    await insertResponse(las[3], current, "in_progress", {});
    await refreshStaleScores(db.pool, registry);
    await db.pool.query("DELETE FROM responses WHERE la_code = $1", [las[3]]);
    expect(await readLaScores(db.pool, las[3])).toBeNull();
  });
});

describe("reading scores", () => {
  it("reads the matrix with LA details and one cell per indicator", async () => {
    const rows = await readScoreMatrix(db.pool, { surveyId: current.surveyId });
    expect(rows.map((r) => r.laCode).sort()).toEqual([las[0], las[1], las[2]].sort());
    for (const r of rows) {
      expect(Object.keys(r.scores).sort()).toEqual(current.catalogue.indicators.map((i) => i.id).sort());
      expect(r.name).toBeTruthy();
      expect(r.region).toBeTruthy();
    }
    const empty = rows.find((r) => r.laCode === las[1])!;
    expect(Object.values(empty.scores).every((c) => c.band === "not_enough_information" && c.score === null)).toBe(true);
    expect(empty.capabilityBand).toBe("unknown");
  });

  it("filters by response status", async () => {
    await db.pool.query("UPDATE responses SET status = 'in_progress' WHERE la_code = $1", [las[1]]);
    await refreshStaleScores(db.pool, registry);
    const submitted = await readScoredLas(db.pool, { status: "submitted", surveyId: current.surveyId });
    expect(submitted.map((s) => s.laCode).sort()).toEqual([las[0], las[2]].sort());
    const started = await readScoredLas(db.pool, { status: "started", surveyId: current.surveyId });
    expect(started.length).toBe(3);
    expect(started[0].scores.indicators.length).toBe(current.catalogue.indicators.length);
  });
});
