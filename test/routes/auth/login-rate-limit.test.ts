import { describe, it, expect, afterAll, beforeAll } from "vitest";
import supertest from "supertest";
import { buildTestApp } from "../../helpers/build-test-app.ts";

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe("login rate limit", () => {
  it("answers 429 once a client exceeds the per-minute login budget", async () => {
    const max = t.app.authSettings.loginRateLimitPerMinute;
    const statuses: number[] = [];
    for (let i = 0; i <= max; i++) {
      const res = await supertest(t.app.server).post("/api/auth/login").send({ email: `x${i}@test.example`, password: "wrong-password-x" });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, max).every((s) => s === 401)).toBe(true);
    expect(statuses[max]).toBe(429);
  });
});
