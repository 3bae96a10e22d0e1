import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/build-test-app.ts";
import { loginAs } from "../helpers/auth.ts";

describe("security headers", () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let hsts: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    t = await buildTestApp();
    hsts = await buildTestApp({ config: { hsts: true } });
  });
  afterAll(async () => {
    await t?.close();
    await hsts?.close();
  });

  it("never lets a browser or cache keep authenticated API answers, and says which browser features are off", async () => {
    const admin = await loginAs(t.app, "admin");
    for (const path of ["/api/auth/me", "/api/admin/users", "/api/admin/contacts", "/api/admin/fieldwork/las"]) {
      const res = await admin.agent.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers["cache-control"], path).toBe("no-store");
      expect(res.headers["permissions-policy"]).toMatch(/camera=\(\)/);
    }
    // refusals too: a 401 must not be cached in place of the real answer
    expect((await t.app.inject("/api/admin/users")).headers["cache-control"]).toBe("no-store");
    expect((await t.app.inject("/api/health")).headers["cache-control"]).not.toBe("no-store");
  });

  it("sends HSTS only when HSTS is on", async () => {
    expect((await t.app.inject("/api/health")).headers["strict-transport-security"]).toBeUndefined();
    expect((await hsts.app.inject("/api/health")).headers["strict-transport-security"]).toMatch(/max-age=31536000; includeSubDomains/);
  });
});
