/**
 * Every API operation says what a success looks like: a JSON route has a 2xx response schema (the
 * contract the client's types come from, and what Fastify serialises through), a file download
 * declares its media type, and a 204 says there is nothing to read. Read from the OpenAPI document,
 * so a new route without one fails here by name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { MEDIA } from "../../server/contracts/downloads.ts";

interface Operation {
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

function operations(): { name: string; path: string; op: Operation }[] {
  const spec = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(spec.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, op })));
}

function successes(op: Operation) {
  return Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
}

describe("response schemas in the API description", () => {
  it("every operation declares its 2xx response: a schema per media type, or 204 No Content", () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(80);
    const missing = ops
      .filter(({ op }) => !successes(op).some(([code, r]) => code === "204" || Object.values(r.content ?? {}).some((m) => m.schema !== undefined)))
      .map((o) => o.name);
    expect(missing).toEqual([]);
  });

  it("JSON routes answer JSON; file downloads declare the media type their extension promises", () => {
    const wrong: string[] = [];
    for (const { name, path, op } of operations()) {
      const types = successes(op).flatMap(([, r]) => Object.keys(r.content ?? {}));
      const ext = /\.(csv|pdf|zip|xlsx)$/.exec(path)?.[1] as keyof typeof MEDIA | undefined;
      const expected = ext ? MEDIA[ext] : "application/json";
      if (types.length > 0 && !types.every((ct) => ct === expected)) wrong.push(`${name}: ${types.join(", ")}`);
    }
    expect(wrong).toEqual([]);
  });

  it("the LA register answers camelCase JSON", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/las" });
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.json()[0]).toEqual({ laCode: expect.any(String), gssCode: expect.any(String), name: expect.any(String), region: expect.any(String), laType: expect.any(String) });
  });
});
