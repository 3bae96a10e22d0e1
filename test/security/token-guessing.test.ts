/**
 * Guessing LA links is rate limited: after 10 failed token presentations from one client address
 * (any mix of the session exchange, bearer tokens and cookies, on any respondent route) that
 * address gets 429 with Retry-After for wrong links, while the right link still opens (colleagues
 * share council NAT addresses); other addresses are not affected; nothing is stored for the failures.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { prepareLas, type LaLink } from "../support/fieldwork-setup.ts";

let t: TestApp;
let la: LaLink;

beforeAll(async () => {
  t = await buildTestApp();
  ({ las: [la] } = await prepareLas(t.pool, { laCount: 1 }));
});
afterAll(async () => {
  await t?.close();
});

const guess = () => randomBytes(32).toString("base64url"); // well-formed, 43 characters, almost surely unknown

async function tokensTable() {
  const { rows } = await t.pool.query("SELECT id, la_code, last_used_at, revoked_at FROM respondent_tokens ORDER BY id");
  return rows;
}

describe("token guessing", () => {
  it("is cut off with 429 after 10 failures from one address, across routes and ways of presenting a token", async () => {
    const attacker = "203.0.113.7";
    const before = await tokensTable();
    let malformed = 0;
    const attempts = [
      () => t.app.inject({ method: "POST", url: "/api/respondent/session", payload: { token: guess() }, remoteAddress: attacker }),
      () => t.app.inject({ method: "GET", url: "/api/respondent/response", headers: { authorization: `Bearer ${guess()}` }, remoteAddress: attacker }),
      () => t.app.inject({ method: "GET", url: "/api/respondent/definition", headers: { cookie: `lada_la=${guess()}` }, remoteAddress: attacker }),
      () =>
        t.app.inject({
          method: "PATCH",
          url: "/api/respondent/response",
          headers: { authorization: `Bearer ${guess()}`, "if-match": "0" },
          payload: { changes: {}, contributor: { name: "x", role: "y" } },
          remoteAddress: attacker,
        }),
      () => t.app.inject({ method: "POST", url: "/api/respondent/response/submit", headers: { authorization: `Bearer short${malformed++}` }, payload: {}, remoteAddress: attacker }),
    ];
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await attempts[i % attempts.length]()).statusCode);
    expect(statuses).toEqual(Array(10).fill(401));
    for (const attempt of attempts) {
      const res = await attempt();
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
    }
    // The right link still opens from that address (a colleague behind the same NAT) ...
    const valid = await t.app.inject({ method: "POST", url: "/api/respondent/session", payload: { token: la.token }, remoteAddress: attacker });
    expect(valid.statusCode).toBe(200);
    // ... and from elsewhere.
    const elsewhere = await t.app.inject({ method: "GET", url: "/api/respondent/response", headers: { authorization: `Bearer ${la.token}` }, remoteAddress: "198.51.100.20" });
    expect(elsewhere.statusCode).toBe(200);
    // Failures stored nothing (no token touched, nothing created).
    const after = await tokensTable();
    expect(after.map((r) => ({ ...r, last_used_at: null }))).toEqual(before.map((r) => ({ ...r, last_used_at: null })));
  });

  it("a thousand guesses from one address: all but the first 10 are refused with 429", async () => {
    const attacker = "203.0.113.8";
    let limited = 0;
    for (let i = 0; i < 1000; i++) {
      const res = await t.app.inject({ method: "GET", url: "/api/respondent/response", headers: { authorization: `Bearer ${guess()}` }, remoteAddress: attacker });
      if (res.statusCode === 429) limited++;
      else expect(res.statusCode).toBe(401);
    }
    expect(limited).toBe(990);
  });

  it("counts one wrong link presented again and again once: a person reloading an expired link is not locked out", async () => {
    const office = "203.0.113.9";
    const expired = guess();
    // the survey page sends the link four times on each opening (the exchange and its three first reads)
    for (let i = 0; i < 30; i++) {
      const res = await t.app.inject({ method: "GET", url: "/api/respondent/definition", headers: { authorization: `Bearer ${expired}` }, remoteAddress: office });
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toMatch(/not valid or has expired/);
    }
    const exchange = await t.app.inject({ method: "POST", url: "/api/respondent/session", payload: { token: expired }, remoteAddress: office });
    expect(exchange.statusCode).toBe(401);
    // different wrong links from that address are still guesses: the 10th is the last answered 401
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await t.app.inject({ method: "GET", url: "/api/respondent/response", headers: { authorization: `Bearer ${guess()}` }, remoteAddress: office })).statusCode);
    expect(statuses).toEqual([...Array(9).fill(401), 429]);
  });
});
