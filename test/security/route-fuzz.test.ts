/**
 * Seeded, bounded fuzzing of every route in the OpenAPI document: hostile keys, NUL and lone
 * surrogates, huge and deeply nested values, wrong types, as an admin (session + CSRF) and as
 * nobody. However wrong the input, the answer is a 4xx (or a success) — never a 5xx — and the
 * service is healthy afterwards. FUZZ_REQUESTS raises the count for a longer run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { loginAs } from "../helpers/auth.ts";
import { mulberry32 } from "../../server/lib/seeded-random.ts";

const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 10_000);
// Routes that end the fuzzer's own session or do slow whole-dataset work get a few bodies only.
const FEW = [/\/auth\/logout/, /\/exports\//, /\/links\/missing\.csv$/, /\/emails\/send/, /\/reports\.zip/, /\.pdf$/, /\/users\/\{[^}]+\}$/];

const HOSTILE_KEYS = [...Object.getOwnPropertyNames(Object.prototype), "__proto__", "prototype", "", " ", "a.b", "$where", "0"];
const NASTY_STRINGS = ["", " ", "\u0000", "a\u0000b", "\ud800", "x\udfff", "=1+1", "-2", "@SUM(A1)", "<script>alert(1)</script>", "'; DROP TABLE users; --", "é€😀", "9".repeat(400), "x".repeat(70_000), "202", "ind_x", "2026-02-30", "NaN"];

type Rand = () => number;
const pick = <T,>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

function value(r: Rand, depth = 0): unknown {
  const k = Math.floor(r() * (depth > 3 ? 6 : 10));
  switch (k) {
    case 0:
      return pick(r, NASTY_STRINGS);
    case 1:
      return pick(r, [0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 9999999999]);
    case 2:
      return pick(r, [true, false, null]);
    case 3:
      return pick(r, ["all", "submitted", "yes", "no", "admin", "researcher", "viewer", "produced", "ready_now"]);
    case 4:
      return `${pick(r, NASTY_STRINGS).slice(0, 20)}${Math.floor(r() * 1000)}`;
    case 5:
      return pick(r, NASTY_STRINGS).slice(0, 3);
    case 6:
    case 7:
      return object(r, depth + 1);
    case 8:
      return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
    default: {
      let v: unknown = "deep";
      for (let i = 0; i < 40; i++) v = { d: v };
      return v;
    }
  }
}

function object(r: Rand, depth: number, known: string[] = []): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const n = Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    const key = r() < 0.5 && known.length ? pick(r, known) : r() < 0.5 ? pick(r, HOSTILE_KEYS) : `k${Math.floor(r() * 100)}`;
    Object.defineProperty(o, key, { value: value(r, depth), enumerable: true, writable: true, configurable: true });
  }
  return o;
}

interface Route {
  method: string;
  path: string;
  bodyKeys: string[];
  queryKeys: string[];
}

function routesOf(doc: { paths: Record<string, Record<string, any>> }): Route[] {
  const out: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const schema = op.requestBody?.content?.["application/json"]?.schema;
      out.push({
        method: method.toUpperCase(),
        path,
        bodyKeys: Object.keys(schema?.properties ?? {}),
        queryKeys: (op.parameters ?? []).filter((p: { in: string }) => p.in === "query").map((p: { name: string }) => p.name),
      });
    }
  }
  return out;
}

/** URL-encode; a lone surrogate (not encodable) becomes the raw bytes of one, which the server must refuse too. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return "%ED%A0%80";
  }
}

function fillPath(r: Rand, path: string): string {
  return path.replace(/\{([^}]+)\}/g, () => enc(String(pick(r, ["202", "999", "abc", "1", "0", "ind_x", "%00", "..%2F..", "x".repeat(300)]))));
}

let t: TestApp;
let cookie: string;
let csrf: string;

beforeAll(async () => {
  t = await buildTestApp();
  const admin = await loginAs(t.app, "admin");
  const res = await admin.agent.get("/api/auth/me");
  cookie = String(res.request.cookies ?? "");
  csrf = admin.csrfToken;
  // the supertest agent holds the cookie; read it back for app.inject
  const jar = (admin.agent as unknown as { jar: { getCookies: (o: unknown) => { name: string; value: string }[] } }).jar;
  cookie = jar.getCookies({ domain: "127.0.0.1", path: "/", secure: false, script: false }).map((c) => `${c.name}=${c.value}`).join("; ");
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe("fuzzing every route", () => {
  it(`answers ${TOTAL} hostile requests without a single 5xx, and stays healthy`, async () => {
    const doc = (await t.app.inject("/api/docs/json")).json();
    const routes = routesOf(doc).filter((r) => r.path !== "/api/docs/json");
    expect(routes.length).toBeGreaterThan(30);
    const r = mulberry32(20261205);
    const heavy = routes.filter((x) => FEW.some((re) => re.test(x.path)));
    const light = routes.filter((x) => !heavy.includes(x));
    // signing out ends the fuzzer's own session: those requests go last, so the rest run signed in
    const signOut = heavy.filter((x) => /\/auth\/logout/.test(x.path));
    const slow = heavy.filter((x) => !signOut.includes(x));
    const plan: Route[] = [
      ...slow.flatMap((x) => [x, x, x]),
      ...Array.from({ length: TOTAL - heavy.length * 3 }, (_, i) => light[i % light.length]),
      ...signOut.flatMap((x) => [x, x, x]),
    ];
    const failures: string[] = [];
    const byStatus = new Map<number, number>();
    let sent = 0;
    for (const route of plan) {
      const signedIn = r() < 0.8;
      const url = fillPath(r, route.path);
      const query = r() < 0.5 ? object(r, 2, route.queryKeys) : {};
      const qs = Object.entries(query)
        .map(([k, v]) => `${enc(k)}=${enc(typeof v === "string" ? v : (JSON.stringify(v) ?? ""))}`)
        .join("&");
      const body = route.method === "GET" || route.method === "DELETE" ? undefined : r() < 0.9 ? JSON.stringify(object(r, 0, route.bodyKeys)) : pick(r, ["", "{", "[1,2]", "null", '"x"', "{\"a\":" + "[".repeat(5000)]);
      const res = await t.app.inject({
        method: route.method as "GET",
        url: qs ? `${url}?${qs}` : url,
        headers: {
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
          ...(signedIn ? { cookie, "x-csrf-token": csrf } : {}),
          ...(route.path.startsWith("/api/respondent") && r() < 0.5 ? { authorization: `Bearer ${pick(r, ["x", "a".repeat(43), "\u0000"])}` } : {}),
        },
        payload: body,
      });
      sent += 1;
      byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
      // an app without SMTP answers e-mail actions 503 "E-mail is not configured" by design (as the LA e-mails do)
      const designed = res.statusCode === 503 && /E-mail is not configured/.test(res.body);
      if (res.statusCode >= 500 && !designed) failures.push(`${res.statusCode} ${route.method} ${url.slice(0, 120)} ${String(body).slice(0, 200)} -> ${res.body.slice(0, 200)}`);
    }
    expect(sent).toBe(Math.max(TOTAL, heavy.length * 3));
    // the fuzzer really got past sign-in and CSRF: many requests reached handlers and succeeded
    const ok = [...byStatus].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
    expect(ok, JSON.stringify([...byStatus])).toBeGreaterThan(sent * 0.05);
    expect(byStatus.get(401) ?? 0).toBeGreaterThan(0);
    expect(failures.slice(0, 10)).toEqual([]);
    const health = await t.app.inject("/api/health");
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: "ok" });
  }, 900_000);
});
