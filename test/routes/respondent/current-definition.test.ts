/** New responses answer the current published definition (survey-definitions/), with its item matrices. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { ASPECT_CHOICES, itemMatrixName } from "../../../server/domain/definitions/types.ts";
import { laCodes, makeToken } from "./respondent-fixtures.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe("a new LA response", () => {
  it("is pinned to the current definition version, and autosave checks item-matrix rows against it", async () => {
    const current = loadDefinitions().current();
    const [la] = await laCodes(t.pool, 1);
    const auth = { authorization: `Bearer ${await makeToken(t.pool, la.code)}` };
    const request = supertest(t.app.server);
    const def = await request.get("/api/respondent/definition").set(auth).expect(200);
    expect(def.body).toEqual(current.survey);
    const res = await request.get("/api/respondent/response").set(auth).expect(200);
    expect(res.body.definition).toEqual({ id: current.surveyId, version: current.version });

    const item = current.catalogue.dataItems.find((d) => (d.kind ?? "child_record") === "child_record")!;
    const key = `${itemMatrixName(item)}.${item.id}`;
    const ok = await request.patch("/api/respondent/response").set(auth).set("if-match", "0")
      .send({ changes: { [key]: { recorded: ASPECT_CHOICES.recorded[0], extractable: ASPECT_CHOICES.extractable[0] } }, contributor: { name: "A", role: "B" } });
    expect(ok.status).toBe(200);
    const bad = await request.patch("/api/respondent/response").set(auth).set("if-match", "1")
      .send({ changes: { [key]: { recorded: "telepathy" } }, contributor: { name: "A", role: "B" } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].question).toBe(key);
    const { rows } = await t.pool.query("SELECT definition_version, definition_hash FROM responses WHERE la_code = $1", [la.code]);
    expect(rows[0]).toEqual({ definition_version: current.version, definition_hash: current.hash });
  });
});
