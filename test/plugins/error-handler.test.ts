import Fastify from "fastify";
import { Type } from "typebox";
import { describe, expect, it } from "vitest";
import errorHandler from "../../server/plugins/error-handler.ts";
import { AppError, STATUS_BY_KIND, conflict, unprocessable, type ErrorKind } from "../../server/domain/errors.ts";

describe("root error handler", () => {
  it("maps every AppError kind to its status once, with message, field and details", async () => {
    const app = Fastify({ logger: false });
    await app.register(errorHandler);
    app.get("/kind/:kind", async (req) => {
      throw new AppError((req.params as { kind: ErrorKind }).kind, "plain words", { field: "ratings.ind_x", details: { extra: 1 } });
    });
    app.get("/conflict", async () => {
      throw conflict("Round 1 is closed", { round: 1 });
    });
    app.get("/unprocessable", async () => {
      throw unprocessable("Unknown indicator ind_nope", "findings[0].indicatorId");
    });
    for (const [kind, status] of Object.entries(STATUS_BY_KIND)) {
      const res = await app.inject(`/kind/${kind}`);
      expect(res.statusCode).toBe(status);
      expect(res.json()).toMatchObject({ statusCode: status, message: "plain words", field: "ratings.ind_x", extra: 1 });
    }
    expect((await app.inject("/conflict")).json()).toMatchObject({ statusCode: 409, message: "Round 1 is closed", round: 1 });
    expect((await app.inject("/unprocessable")).json()).toMatchObject({ statusCode: 422, field: "findings[0].indicatorId" });
    await app.close();
  });

  it("answers an unexpected failure with a plain 500 that hides the cause and fits what was asked", async () => {
    const app = Fastify({ logger: false });
    await app.register(errorHandler);
    const fail = async () => {
      throw new Error("relation fault_probe: INSERT failed at secret.ts:12");
    };
    app.get("/read", fail);
    app.post("/write", fail);
    const read = await app.inject("/read");
    expect(read.statusCode).toBe(500);
    expect(read.json()).toEqual({ statusCode: 500, error: "Internal Server Error", message: "Something went wrong on our side. Try again shortly." });
    const write = await app.inject({ method: "POST", url: "/write" });
    expect(write.statusCode).toBe(500);
    expect(write.json()).toEqual({ statusCode: 500, error: "Internal Server Error", message: "Something went wrong on our side. Nothing was saved." });
    await app.close();
  });
  it("says a schema-validation failure in the form's words, keeping the machine name in field", async () => {
    const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false, allErrors: false } } });
    await app.register(errorHandler);
    const body = Type.Object(
      {
        laCode: Type.String({ pattern: "^[0-9]{3}$" }),
        name: Type.String({ minLength: 1, maxLength: 200 }),
        email: Type.String({ minLength: 3, maxLength: 254, title: "Work e-mail address" }),
        laCodes: Type.Optional(Type.Array(Type.String({ pattern: "^[0-9]{3}$" }))),
        when: Type.Optional(Type.String({ format: "date" })),
      },
      { additionalProperties: false },
    );
    app.post("/c", { schema: { body } }, async () => ({ ok: true }));
    app.get("/las/:laCode", { schema: { params: Type.Object({ laCode: Type.String({ pattern: "^[0-9]{3}$" }) }) } }, async () => ({ ok: true }));
    const post = async (payload: unknown) => (await app.inject({ method: "POST", url: "/c", payload: payload as object })).json();
    const ok = { laCode: "301", name: "Sam", email: "sam@example.org" };
    const cases: [unknown, string, string][] = [
      [{ ...ok, laCode: "abc" }, "laCode", "LA code must be 3 digits"],
      [{ ...ok, laCode: "" }, "laCode", "Enter the LA code"],
      [{ name: "Sam", email: "sam@example.org" }, "laCode", "Enter the LA code"],
      [{ ...ok, name: "x".repeat(5000) }, "name", "Name must be 200 characters or fewer"],
      [{ ...ok, name: "" }, "name", "Enter the name"],
      [{ ...ok, email: "" }, "email", "Enter the work e-mail address"],
      [{ ...ok, email: "ab" }, "email", "Work e-mail address must be 3 characters or more"],
      [{ ...ok, laCodes: ["301", "abc"] }, "laCodes.1", "LA codes: item 2 must be 3 digits"],
      [{ ...ok, when: "31/02/2026" }, "when", "When must be a real date"],
    ];
    for (const [payload, field, message] of cases) {
      expect(await post(payload)).toEqual({ statusCode: 400, error: "Bad Request", field, message });
    }
    const deep = (await app.inject("/las/E09000013")).json();
    expect(deep).toMatchObject({ statusCode: 400, field: "laCode", message: "LA code must be 3 digits" });
    // no regular expressions, JSON pointers or "body field" jargon in any of them
    for (const [payload] of cases) expect(JSON.stringify((await post(payload)).message)).not.toMatch(/\^|\$|body field|must match|must NOT/);
    await app.close();
  });
});
