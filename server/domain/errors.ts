/**
 * The one error model. Domain functions and services throw these (never an HTTP status); the root
 * error handler (plugins/error-handler.ts) maps each kind to its HTTP status in one table, so a
 * service reads as a use case and the same error means the same status everywhere.
 */
export type ErrorKind =
  | "invalid" // malformed input: 400
  | "unauthenticated" // no or bad credentials: 401
  | "forbidden" // signed in, not allowed: 403
  | "notFound" // 404
  | "conflict" // the state forbids it now (already submitted, round closed, rules locked): 409
  | "unprocessable" // well-formed but names something unknown or breaks a rule: 422
  | "preconditionFailed" // the change is based on a version the server does not have: 412
  | "preconditionRequired" // a required precondition header is missing: 428
  | "tooManyRequests" // 429
  | "unavailable"; // 503

export class AppError extends Error {
  readonly kind: ErrorKind;
  /** The request field the problem is about ("ratings.ind_x", "laCodes[2]"), when there is one. */
  readonly field?: string;
  /** Extra JSON-safe facts for the client (camelCase keys), e.g. { conflicts: [...] }. */
  readonly details: Record<string, unknown>;

  constructor(kind: ErrorKind, message: string, opts: { field?: string; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = "AppError";
    this.kind = kind;
    this.field = opts.field;
    this.details = opts.details ?? {};
  }
}

export const invalid = (message: string, field?: string, details?: Record<string, unknown>) => new AppError("invalid", message, { field, details });
export const unauthenticated = (message = "Authentication required") => new AppError("unauthenticated", message);
export const forbidden = (message = "You do not have permission to do this") => new AppError("forbidden", message);
export const notFound = (message: string) => new AppError("notFound", message);
export const conflict = (message: string, details?: Record<string, unknown>) => new AppError("conflict", message, { details });
export const tooManyRequests = (message: string) => new AppError("tooManyRequests", message);
export const unprocessable = (message: string, field?: string, details?: Record<string, unknown>) => new AppError("unprocessable", message, { field, details });

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  unprocessable: 422,
  preconditionFailed: 412,
  preconditionRequired: 428,
  tooManyRequests: 429,
  unavailable: 503,
};
