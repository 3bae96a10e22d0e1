import Fastify from "fastify";
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
});
