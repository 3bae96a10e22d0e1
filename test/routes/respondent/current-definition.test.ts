/** New responses answer the current published definition (survey-definitions/), with its item matrices. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import zlib from "node:zlib";
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

describe("the definition reply", () => {
  it("is sent as brotli or gzip to browsers that accept them, as plain JSON otherwise, the same survey each way", async () => {
    const current = loadDefinitions().current();
    const [la] = await laCodes(t.pool, 1);
    const authorization = `Bearer ${await makeToken(t.pool, la.code)}`;
    const get = (acceptEncoding?: string) =>
      t.app.inject({ url: "/api/respondent/definition", headers: { authorization, ...(acceptEncoding ? { "accept-encoding": acceptEncoding } : {}) } });

    const br = await get("gzip, deflate, br, zstd");
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers["cache-control"]).toBe("no-store");
    const plainSize = Buffer.byteLength(JSON.stringify(current.survey));
    expect(br.rawPayload.length).toBeLessThan(plainSize / 5);
    expect(JSON.parse(zlib.brotliDecompressSync(br.rawPayload).toString())).toEqual(current.survey);

    const gz = await get("gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(zlib.gunzipSync(gz.rawPayload).toString())).toEqual(current.survey);

    for (const plain of [await get(), await get("identity"), await get("br;q=0, gzip;q=0")]) {
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.json()).toEqual(current.survey);
    }
    // a refused link is still refused, in plain JSON
    const refused = await t.app.inject({ url: "/api/respondent/definition", headers: { authorization: "Bearer nope", "accept-encoding": "br" } });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers["content-encoding"]).toBeUndefined();
  });
});
