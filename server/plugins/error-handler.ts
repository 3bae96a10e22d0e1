/**
 * The one root error handler: AppErrors (mapped by kind) and Fastify's own 4xx errors keep their status and
 * message; everything else becomes a generic 500 (details only in the log). Database connection
 * failures become 503 so clients retry.
 */
import fp from "fastify-plugin";
import { AppError, STATUS_BY_KIND } from "../domain/errors.ts";
import { plainValidationError } from "./validation-message.ts";

const DB_DOWN_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "57P01", "57P02", "57P03", "08006", "08001", "08003", "ETIMEDOUT"]);

function isDatabaseUnavailable(err: any): boolean {
  if (!err) return false;
  if (DB_DOWN_CODES.has(err.code)) return true;
  const msg = String(err.message ?? "");
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(msg);
}

export default fp(
  async (app) => {
    app.setErrorHandler((err: any, req, reply) => {
      if (err instanceof AppError) {
        const status = STATUS_BY_KIND[err.kind];
        return reply.code(status).send({
          statusCode: status,
          error: httpStatusText(status),
          message: err.message,
          ...(err.field ? { field: err.field } : {}),
          ...err.details,
        });
      }
      if (err.validation) {
        const v = err.validation[0];
        if (v?.keyword === "additionalProperties" && v.params?.additionalProperty) {
          // a field the API does not know: refused by name rather than silently dropped
          const parent = (v.instancePath || "").replace(/^\//, "").replace(/\//g, ".");
          const field = parent ? `${parent}.${v.params.additionalProperty}` : String(v.params.additionalProperty);
          const message = `${err.validationContext ?? "request"} field "${field}" is not a field this request takes`;
          // `errors` in the shape the respondent API lists answer problems in, so every 422 reads alike
          return reply.code(422).send({ statusCode: 422, error: "Unprocessable Entity", message, field, errors: [{ question: field, message }] });
        }
        // Ajv's own words name internal fields and regular expressions; the reply says it in the form's words
        // and keeps the machine name in `field`. Ajv stops at the first error (allErrors off: checking every
        // keyword of hostile input costs more), so console forms check all their fields before sending.
        const context = err.validationContext as "body" | "params" | "querystring" | "headers" | undefined;
        const schemas = (req.routeOptions?.schema ?? {}) as Record<string, unknown>;
        const data = context ? (req as any)[context === "querystring" ? "query" : context] : undefined;
        const { field, message } = plainValidationError(v, context ? schemas[context] : undefined, data);
        return reply.code(400).send({ statusCode: 400, error: "Bad Request", message, field: field ?? context });
      }
      const status = typeof err.statusCode === "number" ? err.statusCode : 500;
      if (status >= 400 && status < 500) {
        return reply.code(status).send({ statusCode: status, error: httpStatusText(status), message: err.message });
      }
      if (isDatabaseUnavailable(err)) {
        req.log.warn({ err: { message: err.message, code: err.code } }, "database unavailable");
        return reply
          .code(503)
          .header("retry-after", "5")
          .send({ statusCode: 503, error: "Service Unavailable", message: "The database is unavailable; please retry shortly. This request may not have been completed: send it again (repeating a save is safe)." });
      }
      req.log.error({ err }, "unhandled error");
      // a read changes nothing, so "nothing was saved" would only puzzle the person who asked for a page
      const message = req.method === "GET" || req.method === "HEAD" ? "Something went wrong on our side. Try again shortly." : "Something went wrong on our side. Nothing was saved.";
      return reply.code(500).send({ statusCode: 500, error: "Internal Server Error", message });
    });
  },
  { name: "error-handler" },
);

function httpStatusText(code: number): string {
  const t: Record<number, string> = {
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
    409: "Conflict", 410: "Gone", 412: "Precondition Failed", 413: "Payload Too Large", 415: "Unsupported Media Type",
    422: "Unprocessable Entity", 428: "Precondition Required", 429: "Too Many Requests", 500: "Internal Server Error",
    503: "Service Unavailable",
  };
  return t[code] ?? "Error";
}
