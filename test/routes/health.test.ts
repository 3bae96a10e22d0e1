import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import { buildApp } from "../../server/app.ts";
import { buildTestApp, testConfig, type TestApp } from "../helpers/build-test-app.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTcpProxy } from "../helpers/tcp-proxy.ts";

describe("health, JSON 404 and SPA fallback", () => {
  let t: TestApp;
  let clientRoot: string;
  beforeAll(async () => {
    clientRoot = fs.mkdtempSync(path.join(os.tmpdir(), "client-"));
    fs.writeFileSync(path.join(clientRoot, "index.html"), "<!doctype html><title>LA audit</title><div id=root></div>");
    fs.mkdirSync(path.join(clientRoot, "assets"));
    fs.writeFileSync(path.join(clientRoot, "assets", "app-abc123.js"), "console.log(1)");
    t = await buildTestApp({ clientRoot });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(clientRoot, { recursive: true, force: true });
  });

  it("reports ok with the database kind and schema version", async () => {
    const res = await request(t.app.server).get("/api/health").expect(200);
    expect(res.body.status).toBe("ok");
    expect(res.body.database).toBe(process.env.DATABASE_URL ? "postgres" : "embedded");
    expect(res.body.schemaVersion).toBeGreaterThanOrEqual(2);
  });

  it("lists the 153 LAs of the register", async () => {
    const res = await request(t.app.server).get("/api/las").expect(200);
    expect(res.body).toHaveLength(153);
    expect(res.body.find((l: any) => l.laCode === "202")).toMatchObject({ name: "Camden", region: "London", laType: "London borough" });
  });

  it("answers unknown /api paths with a JSON 404 and other paths with the SPA", async () => {
    const api = await request(t.app.server).get("/api/nope").expect(404);
    expect(api.body).toMatchObject({ statusCode: 404, message: "No route GET /api/nope" });
    const spa = await request(t.app.server).get("/respondent/page/2").expect(200);
    expect(spa.text).toContain("<title>LA audit</title>");
    const asset = await request(t.app.server).get("/assets/app-abc123.js").expect(200);
    expect(asset.headers["cache-control"]).toContain("immutable");
  });

  it("sets security headers and serves the OpenAPI document", async () => {
    const res = await request(t.app.server).get("/api/health");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    const doc = await request(t.app.server).get("/api/docs/json").expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain("/api/health");
  });

});

describe("health while the database is unreachable", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  it("answers 503 with a JSON body while the database is down, then recovers by itself", async () => {
    const target = new URL(db.url);
    const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const app = await buildApp({ config: testConfig(), database: { url: proxy.url(db.url), kind: db.kind }, logger: false });
    await app.ready();
    try {
      await request(app.server).get("/api/health").expect(200);
      proxy.cut();
      const down = await request(app.server).get("/api/health").expect(503);
      expect(down.body).toMatchObject({ status: "unavailable" });
      expect(down.headers["retry-after"]).toBe("5");
      proxy.restore();
      let status = 0;
      for (let i = 0; i < 20 && status !== 200; i++) {
        status = (await request(app.server).get("/api/health")).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe(200);
    } finally {
      await app.close();
      await proxy.close();
    }
  });
});
