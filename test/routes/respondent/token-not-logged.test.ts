/** The LA token must never reach the server log, whichever way it is presented. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import supertest from "supertest";
import { buildApp, loggerOptions } from "../../../server/app.ts";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-db.ts";
import { testConfig } from "../../helpers/build-test-app.ts";
import type { FastifyInstance } from "fastify";
import { laCodes, makeToken, useFixtureSurvey } from "./respondent-fixtures.ts";

let db: TestDatabase;
let app: FastifyInstance;
const lines: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  // the production logger settings (serializers, redaction), at debug level, into memory
  app = await buildApp({
    config: testConfig(),
    database: { url: db.url, kind: db.kind },
    logger: { ...loggerOptions("debug"), stream } as never,
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe("server log", () => {
  it("contains the requests but never the token (session exchange, cookie, bearer, failures)", async () => {
    const [la] = await laCodes(db.pool, 1);
    await useFixtureSurvey(db.pool, la.code);
    const token = await makeToken(db.pool, la.code);
    const agent = supertest.agent(app.server);
    await agent.post("/api/respondent/session").send({ token }).expect(200);
    await agent.get("/api/respondent/response").expect(200);
    await supertest(app.server).get("/api/respondent/definition").set("authorization", `Bearer ${token}`).expect(200);
    await supertest(app.server)
      .patch("/api/respondent/response")
      .set("authorization", `Bearer ${token}`)
      .set("if-match", "0")
      .send({ changes: { lead_name: "Ann" }, contributor: { name: "Ann", role: "Lead" } })
      .expect(200);
    await supertest(app.server).get(`/api/respondent/response?token=${token}`).expect(401); // a token in a query string is not accepted
    const bad = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    await supertest(app.server).post("/api/respondent/session").send({ token: bad }).expect(401);
    const log = lines.join("");
    expect(log).toContain("/api/respondent/response");
    expect(log).not.toContain(token);
    expect(log).not.toContain(bad);
    expect(log).not.toContain(token.slice(0, 20));
  });
});
