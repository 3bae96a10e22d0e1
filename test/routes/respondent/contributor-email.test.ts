/** A contributor's work e-mail: validated, stored with their name and role, shown to researchers only, never logged. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import supertest from "supertest";
import type { FastifyInstance } from "fastify";
import { buildApp, loggerOptions } from "../../../server/app.ts";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-db.ts";
import { testConfig } from "../../helpers/build-test-app.ts";
import { loginAs } from "../../helpers/auth.ts";
import { laCodes, makeToken, useFixtureSurvey } from "./respondent-fixtures.ts";

let db: TestDatabase;
let app: FastifyInstance;
let la: string;
let auth: { authorization: string };
const lines: string[] = [];
const EMAIL = "ann.analyst@council-mail.gov.uk";

beforeAll(async () => {
  db = await createTestDatabase();
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  // production logger settings at debug level, into memory, to prove the address never reaches the log
  app = await buildApp({ config: testConfig(), database: { url: db.url, kind: db.kind }, logger: { ...loggerOptions("debug"), stream } as never });
  await app.ready();
  la = (await laCodes(db.pool, 1))[0].code;
  await useFixtureSurvey(db.pool, la);
  auth = { authorization: `Bearer ${await makeToken(db.pool, la)}` };
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

const patch = (version: number, changes: Record<string, unknown>, contributor: Record<string, unknown>) =>
  supertest(app.server).patch("/api/respondent/response").set(auth).set("if-match", String(version)).send({ changes, contributor });

async function stored(name: string): Promise<string | null | undefined> {
  const { rows } = await db.pool.query("SELECT email FROM respondent_contributors WHERE la_code = $1 AND name = $2", [la, name]);
  return rows[0]?.email;
}

describe("contributor work e-mail", () => {
  it("refuses a malformed or over-long address with a 400 naming contributor.email, and saves nothing", async () => {
    for (const email of ["not-an-address", "ann@", "ann analyst@council.gov.uk", `${"a".repeat(250)}@x.gov.uk`]) {
      const res = await patch(0, { lead_name: "Ann" }, { name: "Ann Analyst", role: "Lead", email }).expect(400);
      expect(res.body.field).toBe("contributor.email");
      expect(res.body.message).toMatch(/^E-mail address must /);
      const submit = await supertest(app.server).post("/api/respondent/response/submit").set(auth).send({ contributor: { name: "Ann Analyst", role: "Lead", email } }).expect(400);
      expect(submit.body.field).toBe("contributor.email");
      expect(submit.body.message).toMatch(/^E-mail address must /);
    }
    expect(await stored("Ann Analyst")).toBeUndefined();
    const { rows } = await db.pool.query("SELECT version FROM responses WHERE la_code = $1", [la]);
    expect(rows[0].version).toBe(0);
  });

  it("stores the address with a new contributor; a later save by name and role never changes it (only the person's own details do)", async () => {
    await patch(0, { lead_name: "Ann" }, { name: "Ann Analyst", role: "Lead", email: EMAIL }).expect(200);
    expect(await stored("Ann Analyst")).toBe(EMAIL);
    // a browser that remembers only name and role (details given before e-mail was asked)
    await patch(1, { lead_name: "Ann A" }, { name: "Ann Analyst", role: "Lead" }).expect(200);
    expect(await stored("Ann Analyst")).toBe(EMAIL);
    // anyone can type a name and role: that is not enough to change the address (PUT /api/respondent/contributor is)
    await patch(2, { lead_name: "Ann B" }, { name: "Ann Analyst", role: "Lead", email: "ann@newcouncil.gov.uk" }).expect(200);
    expect(await stored("Ann Analyst")).toBe(EMAIL);
    // a colleague who gives no address has none
    await patch(3, { lead_name: "Bo", sign_off: "yes" }, { name: "Bo Colleague", role: "Analyst" }).expect(200);
    expect(await stored("Bo Colleague")).toBeNull();
    await supertest(app.server).post("/api/respondent/response/submit").set(auth)
      .send({ contributor: { name: "Cy Submitter", role: "Director", email: "cy@council-mail.gov.uk" } }).expect(200);
    expect(await stored("Cy Submitter")).toBe("cy@council-mail.gov.uk");
  });

  it("researchers see each contributor's e-mail on the LA page; colleagues at the LA see names and roles only", async () => {
    const researcher = await loginAs(app, "researcher");
    const page = await researcher.agent.get(`/api/admin/fieldwork/las/${la}`).expect(200);
    const byName = Object.fromEntries(page.body.contributors.map((c: { name: string; email: string | null }) => [c.name, c.email]));
    expect(byName["Ann Analyst"]).toBe(EMAIL);
    expect(byName["Bo Colleague"]).toBeNull();
    const own = await supertest(app.server).get("/api/respondent/response").set(auth).expect(200);
    expect(own.body.contributors.map((c: { name: string }) => c.name)).toContain("Ann Analyst");
    expect(JSON.stringify(own.body)).not.toContain("@newcouncil");
  });

  it("never writes an address to the server log", () => {
    const log = lines.join("");
    expect(log).toContain("/api/respondent/response");
    expect(log).not.toContain("council-mail.gov.uk");
    expect(log).not.toContain("newcouncil.gov.uk");
    expect(log).not.toContain("not-an-address");
  });
});
