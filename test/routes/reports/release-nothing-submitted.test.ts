import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";

let t: TestApp;
let researcher: LoggedIn;

beforeAll(async () => {
  t = await buildTestApp();
  researcher = await loginAs(t.app, "researcher");
}, 120_000);
afterAll(async () => t?.close());

describe("releasing feedback reports before anyone has submitted", () => {
  it("is a 409 with a clear message, takes no snapshot and releases nothing; the zip is a 409 too", async () => {
    const res = await researcher.agent.post("/api/admin/reports/release").set("x-csrf-token", researcher.csrfToken).send({ all: true });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe("No LA has submitted a response yet, so there is no report to release.");
    expect((await t.pool.query("SELECT count(*)::int AS n FROM report_snapshots")).rows[0].n).toBe(0);
    expect((await t.pool.query("SELECT count(*)::int AS n FROM report_releases")).rows[0].n).toBe(0);
    const zip = await researcher.agent.get("/api/admin/reports.zip");
    expect(zip.status).toBe(409);
    expect((await researcher.agent.get("/api/admin/reports/202")).status).toBe(409); // no submitted response to preview
    expect((await researcher.agent.get("/api/admin/reports/999")).status).toBe(404);
  });
});
