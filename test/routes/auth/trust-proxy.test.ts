/** X-Forwarded-For counts only from the proxies TRUST_PROXY names; anyone else cannot pick their own address. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp } from "../../helpers/build-test-app.ts";
import { ConfigError, loadConfig } from "../../../server/config.ts";

const base = { LOG_LEVEL: "silent", SESSION_SECRET: "test-secret-test-secret-test-secret-0123" };

describe("TRUST_PROXY", () => {
  it("defaults to trusting nobody, takes a hop count or addresses, and refuses 'true' and junk naming the variable", () => {
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: "10.0.0.5, 10.1.0.0/16,::1" }).trustProxy).toEqual(["10.0.0.5", "10.1.0.0/16", "::1"]);
    expect(() => loadConfig({ ...base, TRUST_PROXY: "true" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY must name the proxies/);
    expect(() => loadConfig({ ...base, TRUST_PROXY: "proxy.local" })).toThrow(/TRUST_PROXY has entries that are not IP addresses.*proxy\.local/);
  });
});

for (const [label, trustProxy] of [
  ["no trusted proxy (the default)", false],
  ["a proxy at another address", ["10.9.9.9"]],
] as const) {
  describe(`a spoofed X-Forwarded-For with ${label}`, () => {
    let t: Awaited<ReturnType<typeof buildTestApp>>;
    beforeAll(async () => {
      t = await buildTestApp({ config: { trustProxy: trustProxy as false | string[] } });
    });
    afterAll(async () => {
      await t?.close();
    });

    it("does not dodge the per-address login limit", async () => {
      const max = t.app.authSettings.loginRateLimitPerMinute;
      const statuses: number[] = [];
      for (let i = 0; i <= max; i++) {
        const res = await supertest(t.app.server)
          .post("/api/auth/login")
          .set("x-forwarded-for", `203.0.113.${i % 250}`)
          .send({ email: `x${i}@test.example`, password: "wrong-password-x" });
        statuses.push(res.status);
      }
      expect(statuses[max]).toBe(429);
    });
  });
}

describe("a trusted proxy", () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    t = await buildTestApp({ config: { trustProxy: ["127.0.0.1", "::1", "::ffff:127.0.0.1"] } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("is believed: each forwarded client has its own login budget", async () => {
    const max = t.app.authSettings.loginRateLimitPerMinute;
    const statuses: number[] = [];
    for (let i = 0; i <= max; i++) {
      const res = await supertest(t.app.server).post("/api/auth/login").set("x-forwarded-for", `203.0.113.${i % 250}`).send({ email: `x${i}@test.example`, password: "wrong-password-x" });
      statuses.push(res.status);
    }
    expect(statuses.every((s) => s === 401)).toBe(true);
  });
});
