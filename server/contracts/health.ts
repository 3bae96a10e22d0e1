/** GET /api/health: the service and its database. */
import { Type } from "typebox";

export const HealthOk = Type.Object({
  status: Type.Literal("ok"),
  database: Type.Union([Type.Literal("embedded"), Type.Literal("postgres")]),
  schemaVersion: Type.Integer(),
  uptimeSeconds: Type.Number(),
});
export const HealthDown = Type.Object({
  status: Type.Literal("unavailable"),
  database: Type.Union([Type.Literal("embedded"), Type.Literal("postgres")]),
  message: Type.String(),
});
